// Runs one tile of lanes on the GPU: upload, dispatches sized from a time budget, readback.
import { withErrorScopes } from '../gpu/device.js';
import type { Kernel } from '../gpu/kernel.js';
import { packStruct } from '../gpu/layout.js';
import { WORKGROUP_SIZE, type Plan, type Tile } from './plan.js';
import { hyperData, initialState } from './upload.js';

export interface TileOutput {
  status: Uint32Array;
  latest: Float32Array;
  record: Float32Array;
}

export interface Pacing {
  budgetMs: number;
  /** Steps per submit; adapted after every submit and carried over to the next tile. */
  stepsPerSubmit: number;
  signal?: AbortSignal;
  /** Called after every submit with the iterates done in this tile. */
  onSteps?: (done: number) => void;
}

export class TileRunner {
  private readonly buffers: Record<string, GPUBuffer>;
  private readonly staging: Record<'status' | 'latest' | 'record', GPUBuffer>;
  private readonly bindGroups: GPUBindGroup[];
  private readonly label: string;

  constructor(
    private readonly device: GPUDevice,
    private readonly kernel: Kernel,
    private readonly plan: Plan,
  ) {
    this.label = kernel.label;
    const n = plan.tileLanes;
    // GPUBufferUsage is a global only once a WebGPU implementation is loaded, so it is read here.
    const USAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const size = (bytes: number) => Math.max(16, Math.ceil(bytes / 4) * 4);
    const buffer = (name: string, bytes: number, usage = USAGE) =>
      device.createBuffer({ label: `${this.label}.${name}`, size: size(bytes), usage });
    const b = plan.bytesPerLane;
    this.buffers = {
      u: buffer('uniforms', kernel.bindingStruct('u').size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST),
      state: buffer('state', b.state * n),
      optHyper: buffer('optHyper', kernel.bindingStruct('optHyper').size * n),
      modelHyper: buffer('modelHyper', kernel.bindingStruct('modelHyper').size * n),
      status: buffer('status', b.status * n),
      record: buffer('record', b.record * n),
      latest: buffer('latest', b.latest * n),
    };
    const read = (name: string, bytes: number) =>
      buffer(`${name}Readback`, bytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    this.staging = {
      status: read('status', b.status * n),
      latest: read('latest', b.latest * n),
      record: read('record', b.record * n),
    };
    this.bindGroups = kernel.bind(device, this.buffers);
  }

  destroy(): void {
    for (const buf of [...Object.values(this.buffers), ...Object.values(this.staging)]) buf.destroy();
  }

  private upload(tile: Tile): void {
    const q = this.device.queue;
    const state = initialState(this.plan, tile);
    q.writeBuffer(this.buffers.state as GPUBuffer, 0, state);
    const hyper = hyperData(this.plan, tile, {
      opt: this.kernel.bindingStruct('optHyper'),
      model: this.kernel.bindingStruct('modelHyper'),
    });
    q.writeBuffer(this.buffers.optHyper as GPUBuffer, 0, hyper.optHyper);
    q.writeBuffer(this.buffers.modelHyper as GPUBuffer, 0, hyper.modelHyper);
    const enc = this.device.createCommandEncoder({ label: `${this.label}.clearEncoder` });
    for (const name of ['status', 'record', 'latest']) enc.clearBuffer(this.buffers[name] as GPUBuffer);
    q.submit([enc.finish()]);
  }

  private writeUniforms(tile: Tile, start: number, end: number): void {
    const { spec, recordSteps } = this.plan;
    const layout = this.kernel.bindingStruct('u');
    const data = new ArrayBuffer(layout.size);
    packStruct(
      this.label,
      layout,
      {
        lanes: tile.count,
        stepStart: start,
        stepEnd: end,
        totalSteps: spec.steps,
        recordFirst: recordSteps[0] as number,
        recordEvery: spec.record.every,
        sharpEvery: spec.sharpness.every,
        sharpIters: spec.sharpness.iterations,
        maxLoss: spec.divergence.maxLoss,
      },
      new DataView(data),
    );
    this.device.queue.writeBuffer(this.buffers.u as GPUBuffer, 0, data);
  }

  private dispatch(tile: Tile): void {
    const groups = Math.ceil(tile.count / WORKGROUP_SIZE);
    const maxX = this.device.limits.maxComputeWorkgroupsPerDimension;
    const x = Math.min(groups, maxX);
    const enc = this.device.createCommandEncoder({ label: `${this.label}.encoder` });
    const pass = enc.beginComputePass({ label: `${this.label}.pass` });
    pass.setPipeline(this.kernel.pipeline);
    this.bindGroups.forEach((g, i) => pass.setBindGroup(i, g));
    pass.dispatchWorkgroups(x, Math.ceil(groups / x));
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  /** Runs iterates 0..S of the tile's lanes, then reads back status, latest and record. */
  async run(tile: Tile, pacing: Pacing): Promise<TileOutput> {
    await withErrorScopes(this.device, `${this.label}: upload`, () => this.upload(tile));
    const total = this.plan.spec.steps + 1;
    let t = 0;
    while (t < total) {
      pacing.signal?.throwIfAborted();
      const end = Math.min(total, t + Math.max(1, Math.round(pacing.stepsPerSubmit)));
      const started = performance.now();
      await withErrorScopes(this.device, `${this.label}: steps ${t}..${end - 1}`, () => {
        this.writeUniforms(tile, t, end);
        this.dispatch(tile);
      });
      await this.device.queue.onSubmittedWorkDone();
      const ms = Math.max(0.05, performance.now() - started);
      const factor = Math.min(4, Math.max(0.25, pacing.budgetMs / ms));
      pacing.stepsPerSubmit = Math.min(1e6, Math.max(1, (end - t) * factor));
      t = end;
      pacing.onSteps?.(t);
    }
    return this.readback(tile);
  }

  private async readback(tile: Tile): Promise<TileOutput> {
    const b = this.plan.bytesPerLane;
    const sizes = {
      status: b.status * tile.count,
      latest: b.latest * tile.count,
      record: b.record * tile.count,
    };
    const enc = this.device.createCommandEncoder({ label: `${this.label}.readbackEncoder` });
    for (const name of ['status', 'latest', 'record'] as const) {
      enc.copyBufferToBuffer(this.buffers[name] as GPUBuffer, 0, this.staging[name], 0, sizes[name]);
    }
    this.device.queue.submit([enc.finish()]);
    const copy = async (name: 'status' | 'latest' | 'record'): Promise<ArrayBuffer> => {
      const s = this.staging[name];
      await s.mapAsync(GPUMapMode.READ, 0, sizes[name]);
      const out = s.getMappedRange(0, sizes[name]).slice(0);
      s.unmap();
      return out;
    };
    const [status, latest, record] = await Promise.all([copy('status'), copy('latest'), copy('record')]);
    return {
      status: new Uint32Array(status),
      latest: new Float32Array(latest),
      record: new Float32Array(record),
    };
  }
}
