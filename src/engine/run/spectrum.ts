// The top-k spectrum pass (shaders/common/spectrum.wgsl, entries eigs_lane.wgsl / eigs_wg.wgsl): at each
// recorded iterate t the tile runner ends a step dispatch at t and encodes this pass on w_t before the next
// one, in the same submit. It reads the step kernel's lane buffers by WGSL name, keeps its basis in the state
// blocks the plan adds (Plan.eigs), and writes `eigs` rows that come back with the tile's other rows.
import type { Kernel } from '../../gpu/kernel.js';
import type { StructValues } from '../../gpu/layout.js';
import { copyFloats, LanePass, stagingBuffer, storageBuffer } from './passes.js';
import type { Plan, Tile } from '../plan/plan.js';

export class EigsPass {
  private readonly pass: LanePass;
  private readonly out: GPUBuffer;
  private readonly staging: GPUBuffer;

  constructor(
    private readonly device: GPUDevice,
    kernel: Kernel,
    private readonly plan: Plan,
    lane: Record<string, GPUBuffer>,
  ) {
    const bytes = plan.bytesPerLane.eigs * plan.tileLanes;
    this.out = storageBuffer(device, `${kernel.label}.eigs`, bytes);
    this.staging = stagingBuffer(device, `${kernel.label}.eigsReadback`, this.out.size);
    const names = kernel.reflection.bindings.map((b) => b.name).filter((n) => n !== 'u' && n !== 'eigs');
    const buffers: Record<string, GPUBuffer> = { eigs: this.out };
    for (const n of names) {
      const b = lane[n];
      if (!b) throw new Error(`[eos-lab] ${kernel.label}: no lane buffer '${n}'`);
      buffers[n] = b;
    }
    this.pass = new LanePass(device, { kernel, buffers, lanesPerGroup: plan.lanesPerGroup });
  }

  /** Records the pass for iterate t (the step uniforms with stepStart = t). */
  encode(encoder: GPUCommandEncoder, tile: Tile, uniforms: StructValues): void {
    this.pass.encode(encoder, tile, uniforms);
  }

  /**
   * Copies the tile's rows out now; the function maps them: eigs[(slot * (k + 1) + i) * count + lane], row k =
   * the relative residual.
   */
  copy(tile: Tile): () => Promise<Float32Array | undefined> {
    const bytes = this.plan.bytesPerLane.eigs * tile.count;
    if (!bytes) return async () => undefined; // exp-euler's eigenvalues only (stiff), no record
    return copyFloats(this.device, this.out, this.staging, bytes);
  }

  destroy(): void {
    this.pass.destroy();
    this.out.destroy();
    this.staging.destroy();
  }
}

/** An iterate at which a step dispatch ends: the spectrum pass and/or the snapshot copy (slot >= 0) run there. */
export interface Cut {
  t: number;
  spectrum: boolean;
  slot: number;
}

/**
 * The iterates at which a step dispatch must end so that something runs on w_t before the next one: the
 * spectrum pass at recorded iterates (eigs) and at sharpness evaluations (exp-euler, k >= 2), the snapshot
 * copy at recorded iterates. Sorted by t; `has` says which of the two the tile runner holds.
 */
export function dispatchCuts(plan: Plan, has: { spectrum: boolean; snapshots: boolean }): Cut[] {
  const { recordSteps, spec, eigs } = plan;
  const at = new Map<number, Cut>();
  const get = (t: number) => at.get(t) ?? at.set(t, { t, spectrum: false, slot: -1 }).get(t)!;
  const recorded = has.spectrum && !!eigs?.report;
  if (has.snapshots || recorded)
    recordSteps.forEach((t, slot) => {
      const c = get(t);
      if (has.snapshots) c.slot = slot;
      if (recorded) c.spectrum = true;
    });
  if (has.spectrum && eigs?.stiff) {
    const every = spec.sharpness.every;
    for (let t = 0; t <= spec.steps; t += every) get(t).spectrum = true;
    get(spec.steps).spectrum = true;
  }
  return [...at.values()].sort((a, b) => a.t - b.t);
}
