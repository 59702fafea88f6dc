// Parameter snapshots at the recorded iterates: the GPU copies state block 0 (the parameters, in the family's
// layout) into a slot of a per-tile buffer at each recorded iterate, in the submit that starts there; the
// tile's snapshots come back with its other rows (src/engine/read/snapshot-rows.ts turns them into the result's
// vectors).
import { copyFloats, stagingBuffer } from './passes.js';
import type { Plan, Tile } from '../plan/plan.js';

/**
 * Copies of `blocks` consecutive state blocks from `first` at each recorded iterate: block 0 (the parameters)
 * for the snapshots, the spectrum pass's sorted basis for `eigvecs`. A block of a tile's n lanes is one
 * contiguous run of P n words in both families' layouts, so a slot is one buffer copy.
 */
export class SnapshotCopy {
  private readonly out: GPUBuffer;
  private readonly staging: GPUBuffer;

  constructor(
    private readonly device: GPUDevice,
    private readonly plan: Plan,
    label: string,
    private readonly first = 0,
    private readonly blocks = 1,
  ) {
    const size = Math.max(16, 4 * plan.params * blocks * plan.recordSteps.length * plan.tileLanes);
    this.out = device.createBuffer({
      label,
      size,
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    });
    this.staging = stagingBuffer(device, `${label}Readback`, size);
  }

  /** Copies the blocks of the tile's lanes into slot `slot`. */
  encode(encoder: GPUCommandEncoder, state: GPUBuffer, tile: Tile, slot: number): void {
    const block = 4 * this.plan.params * tile.count;
    const bytes = block * this.blocks;
    encoder.copyBufferToBuffer(state, this.first * block, this.out, slot * bytes, bytes);
  }

  /** Copies the tile's slots out now; the function maps them: out[(slot * blocks + b) * P * n + (block layout of n lanes)]. */
  copy(tile: Tile): () => Promise<Float32Array> {
    const bytes = 4 * this.plan.params * this.blocks * this.plan.recordSteps.length * tile.count;
    return copyFloats(this.device, this.out, this.staging, bytes);
  }

  destroy(): void {
    this.out.destroy();
    this.staging.destroy();
  }
}
