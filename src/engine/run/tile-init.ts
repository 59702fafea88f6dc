// A tile's start (docs/architecture.md, "Init pass"): the lane buffers' words built on the GPU by the init pass
// (common/expand.wgsl, a pipeline per lane buffer, from one word table each: src/engine/plan/init-tables.ts), or
// packed on the host where a word depends on more than one axis (src/engine/plan/upload.ts), and the buffers
// read before they are written cleared. One submit a tile; the tile runner (tile.ts) queues the next tile's
// behind the current tile's readback copies.
import { withErrorScopes } from '../../gpu/device.js';
import type { Kernel } from '../../gpu/kernel.js';
import type { StructLayout } from '../../gpu/layout.js';
import { wordTable, type ExpandTables } from '../plan/init-tables.js';
import type { Plan, Tile } from '../plan/plan.js';
import { hyperData, initialState } from '../plan/upload.js';
import { LanePass, storageBuffer } from './passes.js';
import type { InitTables, TileKernels } from './tile-data.js';

type LaneBuffer = keyof InitTables;

export class TileInit {
  private readonly expand: { name: LaneBuffer; pass: LanePass; t: ExpandTables; own: GPUBuffer[] }[] = [];
  /** Lane buffers whose words no axis moves, once written (every later tile reuses them). */
  private readonly written = new Set<LaneBuffer>();

  constructor(
    private readonly device: GPUDevice,
    private readonly plan: Plan,
    private readonly init: InitTables,
    kernels: TileKernels['expand'],
    private readonly buffers: Record<string, GPUBuffer>,
    private readonly step: { label: string; optHyper: StructLayout; modelHyper: StructLayout },
  ) {
    for (const name of ['state', 'optHyper', 'modelHyper'] as const) {
      const t = init[name];
      const kernel: Kernel | undefined = kernels[name];
      if (!t || !kernel) continue;
      const words = wordTable(t);
      const own = [
        storageBuffer(device, `${kernel.label}.owner`, t.owner.byteLength),
        storageBuffer(device, `${kernel.label}.words`, words.byteLength),
      ] as const;
      device.queue.writeBuffer(own[0], 0, t.owner);
      device.queue.writeBuffer(own[1], 0, words);
      const pass = new LanePass(device, {
        kernel,
        buffers: { out: buffers[name]!, owner: own[0], words: own[1] },
        uniforms: (tile) => ({
          lanes: tile.count,
          laneOffset: tile.offset,
          n0: plan.axes[0]?.values.length ?? 1,
          table1: t.table1,
          base0: t.tables.length,
        }),
      });
      this.expand.push({ name, pass, t, own: [...own] });
    }
  }

  /** Submits the tile's start; the promise is the submit's error scope (observed by whoever checks it). */
  submit(tile: Tile): Promise<void> {
    const scope = withErrorScopes(this.device, `${this.step.label}: init`, () => this.encode(tile));
    scope.catch(() => {}); // observed by the tile's run; this keeps an early rejection from going unhandled
    return scope;
  }

  private encode(tile: Tile): void {
    const q = this.device.queue;
    if (!this.init.state) q.writeBuffer(this.buffers.state!, 0, initialState(this.plan, tile));
    if (!this.init.optHyper || !this.init.modelHyper) {
      const hyper = hyperData(this.plan, tile, { opt: this.step.optHyper, model: this.step.modelHyper });
      if (!this.init.optHyper) q.writeBuffer(this.buffers.optHyper!, 0, hyper.optHyper);
      if (!this.init.modelHyper) q.writeBuffer(this.buffers.modelHyper!, 0, hyper.modelHyper);
    }
    const enc = this.device.createCommandEncoder({ label: `${this.step.label}.initEncoder` });
    // Only what is read before it is written: status and the running sums start at 0, and state blocks past
    // the parameters (velocity, eigenvector: 0 = no warm start) too. The orbit, record and classes are
    // written for every slot a later pass or the host reads (diverged lanes' stale slots are masked), so the
    // previous tile's values there are never seen; clearing them cost ~0.1 s a tile on the software GPU.
    const cleared = ['status', 'latest'];
    if (this.init.state) cleared.push('state');
    // The workgroup family's product cache (formed_for in common/family_wg.wgsl) must not outlive its tile: a
    // lane whose w equals the last w of the previous tile's lane in the same slot, with other per-lane
    // constants, would reuse products formed with those constants.
    if (this.plan.family === 'workgroup') cleared.push('scratch');
    for (const name of cleared) enc.clearBuffer(this.buffers[name]!);
    for (const e of this.expand) {
      // A hyper buffer (read-only in the step, lane-major) that no sweep axis moves holds the same words in
      // every lane of every tile: written once a run, for the largest tile. The state changes as lanes run.
      const fixed = e.name !== 'state' && e.t.owner.every((o) => o < 0);
      if (fixed && this.written.has(e.name)) continue;
      e.pass.encode(enc, fixed ? { offset: tile.offset, count: this.plan.tileLanes } : tile);
      this.written.add(e.name);
    }
    q.submit([enc.finish()]);
  }

  destroy(): void {
    for (const e of this.expand) {
      e.own.forEach((b) => b.destroy());
      e.pass.destroy();
    }
  }
}
