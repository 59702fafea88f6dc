// Runs one tile of lanes on the GPU: the init pass (or a host upload), step submits kept two in flight and
// paced from completed work and awaited quietly where the host would compete with the GPU (waits.ts), the end
// passes (classify, then any the run adds), and the readback of what the outputs need (readback.ts).
import { withErrorScopes } from '../../gpu/device.js';
import type { Kernel } from '../../gpu/kernel.js';
import { lightRange, plainRange, recordFirst } from './variants.js';
import { SnapshotCopy } from './snapshots.js';
import { dispatchCuts, EigsPass } from './spectrum.js';
import { LanePass, storageBuffer } from './passes.js';
import type { Plan, Tile } from '../plan/plan.js';
import { TileReadback } from './readback.js';
import { TileInit } from './tile-init.js';
import { probeInterval, submitEnd, SubmitMarks, type StepPacer } from './waits.js';
import type { EndPass, InitTables, Pacing, TileKernels, TileRows } from './tile-data.js';

export type { EndPass, InitTables, Pacing, TileKernels, TileRows };

export class TileRunner {
  readonly buffers: Record<string, GPUBuffer>;
  private readonly step: LanePass;
  /** The PLAIN and LIGHT variants of the step kernel, for the dispatches variants.ts allows them. */
  private readonly plainStep: LanePass | undefined;
  private readonly lightStep: LanePass | undefined;
  private readonly classify: LanePass;
  private readonly eigs: EigsPass | undefined;
  private readonly snapshots: SnapshotCopy | undefined;
  private readonly eigvecs: SnapshotCopy | undefined;
  private readonly init: TileInit;
  private readonly label: string;
  private readonly marks: SubmitMarks;
  private readonly reads: TileReadback;
  /** The tile whose init is already submitted (by the previous tile's run), and that submit's error scope. */
  private prepared: { tile: Tile; scope: Promise<void> } | undefined;

  constructor(
    private readonly device: GPUDevice,
    kernels: TileKernels,
    private readonly plan: Plan,
    init: InitTables,
    private readonly read: { record: boolean; params: boolean; lanes?: boolean; finalSharpness?: boolean },
    private readonly endPasses: EndPass[] = [],
  ) {
    this.label = kernels.step.label;
    this.marks = new SubmitMarks(device, this.label);
    const n = plan.tileLanes;
    const b = plan.bytesPerLane;
    const buffer = (name: string, bytes: number) => storageBuffer(device, `${this.label}.${name}`, bytes);
    this.buffers = {
      state: buffer('state', b.state * n),
      optHyper: buffer('optHyper', kernels.step.bindingStruct('optHyper').size * n),
      modelHyper: buffer('modelHyper', kernels.step.bindingStruct('modelHyper').size * n),
      status: buffer('status', b.status * n),
      record: buffer('record', b.record * n),
      latest: buffer('latest', b.latest * n),
      orbit: buffer('orbit', b.orbit * n),
      classes: buffer('classes', b.classes * n),
      stiff: buffer('stiff', b.stiff * n),
    };
    // Model data (the WGSL `data` binding, shared by every lane) and the workgroup family's scratch.
    const data = plan.model.data?.(plan.spec.model);
    if (data) {
      this.buffers.data = buffer('data', data.byteLength);
      device.queue.writeBuffer(this.buffers.data, 0, data);
    }
    if (plan.family === 'workgroup') this.buffers.scratch = buffer('scratch', b.scratch * n);
    this.reads = new TileReadback(device, plan, this.label, this.buffers, read);
    const bufs = this.buffers;
    const stepPass = (kernel: Kernel) =>
      new LanePass(device, {
        kernel,
        buffers: pick(bufs, [
          'state',
          'optHyper',
          'modelHyper',
          'status',
          'record',
          'latest',
          'orbit',
          'stiff',
          ...(data ? ['data'] : []),
          ...(plan.family === 'workgroup' ? ['scratch'] : []),
        ]),
        lanesPerGroup: plan.lanesPerGroup,
      });
    this.step = stepPass(kernels.step);
    this.plainStep = kernels.plainStep && stepPass(kernels.plainStep);
    this.lightStep = kernels.lightStep && stepPass(kernels.lightStep);
    if (kernels.eigs && (read.record || plan.eigs?.stiff))
      this.eigs = new EigsPass(device, kernels.eigs, plan, bufs);
    if (plan.snapshots && read.record)
      this.snapshots = new SnapshotCopy(device, plan, `${this.label}.snapshots`);
    if (plan.bytesPerLane.eigvecs && read.record && plan.eigs)
      this.eigvecs = new SnapshotCopy(
        device,
        plan,
        `${this.label}.eigvecs`,
        plan.eigs.block,
        plan.eigs.report,
      );
    const c = plan.spec.classify;
    this.classify = new LanePass(device, {
      kernel: kernels.classify,
      buffers: { ...pick(bufs, ['status', 'latest', 'orbit', 'optHyper']), classes: bufs.classes! },
      uniforms: (tile) => ({
        lanes: tile.count,
        window: c.window,
        maxPeriod: c.maxPeriod,
        rtol: c.rtol,
        lossTol: c.lossTol,
        lyapTol: c.lyapTol,
        nanBits: 0x7fc00000,
      }),
    });
    this.init = new TileInit(device, plan, init, kernels.expand, bufs, {
      label: this.label,
      optHyper: this.step.kernelStruct('optHyper'),
      modelHyper: this.step.kernelStruct('modelHyper'),
    });
  }

  /** The step kernel's uniforms for iterates [start, end) of a tile. */
  private stepUniforms(tile: Tile, start: number, end: number): Record<string, number> {
    const { spec, windowFirst } = this.plan;
    return {
      lanes: tile.count,
      stepStart: start,
      stepEnd: end,
      totalSteps: spec.steps,
      recordFirst: recordFirst(this.plan),
      recordEvery: spec.record.every,
      sharpEvery: spec.sharpness.every,
      sharpIters: spec.sharpness.iterations,
      sharpTol: spec.sharpness.tolerance,
      maxLoss: spec.divergence.maxLoss,
      windowFirst,
      finalSharp: Number(this.read.finalSharpness ?? true),
    };
  }

  destroy(): void {
    for (const buf of Object.values(this.buffers)) buf.destroy();
    this.reads.destroy();
    this.init.destroy();
    for (const p of [this.step, this.plainStep, this.lightStep, this.classify]) p?.destroy();
    this.eigs?.destroy();
    this.snapshots?.destroy();
    this.eigvecs?.destroy();
    this.marks.destroy();
  }

  /**
   * Runs iterates 0..S of the tile's lanes, the end passes, and reads back what the sinks need. With `next`, the
   * next tile's init is submitted behind this tile's end passes and readback copies (the queue runs them in
   * order, so the copies see this tile's rows), and the GPU runs it while the host waits for this tile and hands
   * it on, rather than idling until the next run begins.
   */
  async run(tile: Tile, pacing: Pacing, next?: Tile): Promise<TileRows> {
    // Error scopes of work that is not a step submit: checked once the tile's GPU work is done (awaiting one
    // now would wait for the GPU, with the host polling meanwhile).
    const later: Promise<void>[] = [];
    const check = (p: Promise<void>) => {
      p.catch(() => {}); // observed below; this keeps an early rejection from going unhandled
      later.push(p);
    };
    const prepared = this.prepared?.tile === tile ? this.prepared.scope : this.init.submit(tile);
    this.prepared = undefined;
    check(prepared);
    const total = this.plan.spec.steps + 1;
    const inflight: {
      pacer: StepPacer;
      steps: number;
      end: number;
      marker?: GPUBuffer;
      scope: Promise<void>;
    }[] = [];
    let lastDone = performance.now();
    const settle = async () => {
      const f = inflight.shift()!;
      const expected = f.pacer.fixedMs + f.pacer.msPerStep * f.steps;
      await Promise.all([
        f.marker && this.marks.done(f.marker, pacing.quiet ? probeInterval(expected) : undefined),
        f.scope, // rejects with the error when the encoding threw before the marker
      ]);
      const at = performance.now();
      const ms = Math.max(0.05, at - lastDone);
      lastDone = at;
      f.pacer.settled(f.steps, ms, pacing.budgetMs);
      pacing.onSteps?.(f.end);
    };
    const cuts = dispatchCuts(this.plan, {
      spectrum: !!this.eigs,
      snapshots: !!this.snapshots || !!this.eigvecs,
    });
    const windowFirst = this.plan.windowFirst;
    let cut = 0;
    let t = 0;
    while (t < total) {
      pacing.signal?.throwIfAborted();
      const here = cuts[cut]?.t === t ? cuts[cut++] : undefined;
      const next = cuts[cut]?.t ?? Infinity;
      // A submit holds steps of one kind: before the classification window, or in it.
      const pacer = t < windowFirst ? pacing.plain : pacing.window;
      const end = submitEnd(
        t,
        Math.min(total, next, t < windowFirst ? windowFirst : Infinity),
        pacer.stepsPerSubmit,
      );
      // The error scope is checked when its submit is settled, not here: awaiting it now would wait for the
      // GPU (Dawn resolves a scope that holds a submit once the work is done) and empty the queue.
      const start = t;
      let marker: GPUBuffer | undefined;
      const scope = withErrorScopes(this.device, `${this.label}: steps ${start}..${end - 1}`, () => {
        const enc = this.device.createCommandEncoder({ label: `${this.label}.encoder` });
        if (here?.spectrum) this.eigs!.encode(enc, tile, this.stepUniforms(tile, start, start));
        if (here && here.slot >= 0) {
          this.snapshots?.encode(enc, this.buffers.state!, tile, here.slot);
          this.eigvecs?.encode(enc, this.buffers.state!, tile, here.slot); // after the pass: its sorted basis
        }
        const pass =
          this.plainStep && plainRange(this.plan, start, end)
            ? this.plainStep
            : this.lightStep && lightRange(this.plan, start, end)
              ? this.lightStep
              : this.step;
        pass.encode(enc, tile, this.stepUniforms(tile, start, end));
        marker = this.marks.mark(enc);
        this.device.queue.submit([enc.finish()]);
      });
      scope.catch(() => {}); // observed in settle(); this keeps an early rejection from going unhandled
      if (inflight.length === 0) lastDone = performance.now();
      inflight.push({ pacer, steps: end - start, end, marker, scope });
      t = end;
      // Two submits in flight: the GPU never waits for the host to encode the next one.
      if (inflight.length >= 2) await settle();
    }
    while (inflight.length) await settle();
    pacing.signal?.throwIfAborted();
    check(
      withErrorScopes(this.device, `${this.label}: classify`, () => {
        const enc = this.device.createCommandEncoder({ label: `${this.label}.classifyEncoder` });
        this.classify.encode(enc, tile);
        this.device.queue.submit([enc.finish()]);
      }),
    );
    const passes: Promise<void>[] = [];
    for (const pass of this.endPasses) await pass(tile, this.buffers, passes);
    passes.forEach(check);
    // One quiet wait for the classification and the end passes (each a pass over the tile, about the step
    // dispatch's fixed part), then their scopes, then the readback finds the GPU done.
    const enc = this.device.createCommandEncoder({ label: `${this.label}.endMarker` });
    const marker = this.marks.mark(enc);
    this.device.queue.submit([enc.finish()]);
    const mapped = this.readback(tile); // its copies are submitted now, before the next tile's init
    if (next) this.prepared = { tile: next, scope: this.init.submit(next) };
    const expected = (1 + this.endPasses.length) * Math.max(1, pacing.plain.fixedMs, pacing.window.fixedMs);
    await this.marks.done(marker, pacing.quiet ? probeInterval(expected) : undefined);
    await Promise.all(later);
    return mapped();
  }

  /** Submits the tile's readback copies now; the function maps them once the GPU is done. */
  private readback(tile: Tile): () => Promise<TileRows> {
    const maps = [this.eigs?.copy(tile), this.snapshots?.copy(tile), this.eigvecs?.copy(tile)];
    const arrays = this.reads.copy(tile);
    return async () => {
      const [eigs, snapshots, eigvecs] = await Promise.all(maps.map((m) => m?.()));
      return { tile, ...(await arrays()), eigs, snapshots, eigvecs };
    };
  }
}

function pick(all: Record<string, GPUBuffer>, names: readonly string[]): Record<string, GPUBuffer> {
  return Object.fromEntries(names.map((n) => [n, all[n] as GPUBuffer]));
}
