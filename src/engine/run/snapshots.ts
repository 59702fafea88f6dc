// Parameter snapshots at the recorded iterates, and the vector observables the host computes from them: the
// GPU copies state block 0 (the parameters, in the family's layout) into a slot of a per-tile buffer at each
// recorded iterate, in the submit that starts there; the tile's snapshots come back with its other rows and
// each model's `observables` (src/models/types.ts HostObservable) turn them into float64 values per slot.
import { findModel } from '../../models/registry.js';
import type { VectorObservable } from '../../spec/types.js';
import { LaneView } from '../plan/lanes.js';
import { copyFloats, stagingBuffer } from './passes.js';
import type { Plan, Tile } from '../plan/plan.js';
import { escapeStep } from '../plan/lane-rows.js';
import type { RecordedVector, RunResult } from '../read/result-types.js';

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

/** Word of entry k of block b of lane i in a copied region of n lanes (the family's state layout). */
export function blockWord(plan: Plan, n: number, b: number, i: number, k: number): number {
  const P = plan.params;
  return plan.family === 'workgroup' ? (b * n + i) * P + k : (b * P + k) * n + i;
}

/** The snapshot-based vectors a plan records, with their per-slot shapes. */
export function snapshotVectors(plan: Plan): Partial<Record<VectorObservable, RecordedVector>> {
  const out: Partial<Record<VectorObservable, RecordedVector>> = {};
  const T = plan.recordSteps.length;
  for (const v of plan.spec.record.vectors) {
    if (v === 'eigs') continue;
    const shape =
      v === 'params'
        ? [plan.params]
        : v === 'eigvecs'
          ? [plan.eigs!.report, plan.params]
          : plan.model.observables![v]!.shape(plan.spec.model);
    const width = shape.reduce((a, b) => a * b, 1);
    out[v] = { shape, values: new Float32Array(plan.lanes * T * width).fill(NaN) };
  }
  return out;
}

/**
 * Fills the result's snapshot-based vectors for a tile's lanes: the parameters as they were, then each host
 * observable in float64 (NaN from a lane's escape step on).
 */
export function storeSnapshots(
  result: RunResult,
  plan: Plan,
  tile: Tile,
  status: Uint32Array,
  snaps: Float32Array,
): void {
  const n = tile.count;
  const P = plan.params;
  const T = plan.recordSteps.length;
  const model = plan.spec.model;
  const def = findModel(model.name)!;
  const view = new LaneView(plan.spec, plan.axes);
  const hosts = plan.spec.record.vectors
    .filter((v) => v !== 'eigs' && v !== 'eigvecs' && v !== 'params')
    .map((v) => ({ vec: result.record.vectors[v]!, fn: def.observables![v as 'gap']!.prepare(model) }));
  const params = result.record.vectors.params;
  const w = new Float64Array(P);
  for (let i = 0; i < n; i++) {
    const escape = escapeStep(status[i] as number);
    const lane = tile.offset + i;
    const h = hosts.length ? def.hyper(view.at(lane), model) : {};
    for (let s = 0; s < T; s++) {
      if ((plan.recordSteps[s] as number) >= escape) continue; // stays NaN
      for (let k = 0; k < P; k++) w[k] = snaps[s * P * n + blockWord(plan, n, 0, i, k)] as number;
      if (params) params.values.set(w, (lane * T + s) * P);
      for (const { vec, fn } of hosts) {
        const width = vec.shape.reduce((a, b) => a * b, 1);
        vec.values.set(fn(w, h), (lane * T + s) * width);
      }
    }
  }
}

/** The tile's copied eigenvectors into result.record.vectors.eigvecs[(lane * T + slot) * k * P + i * P + p]. */
export function storeEigvecs(
  result: RunResult,
  plan: Plan,
  tile: Tile,
  status: Uint32Array,
  copy: Float32Array,
) {
  const vec = result.record.vectors.eigvecs;
  if (!vec || !plan.eigs) return;
  const n = tile.count;
  const P = plan.params;
  const k = plan.eigs.report;
  const T = plan.recordSteps.length;
  for (let i = 0; i < n; i++) {
    const escape = escapeStep(status[i] as number);
    const at = (tile.offset + i) * T;
    for (let s = 0; s < T; s++) {
      if ((plan.recordSteps[s] as number) >= escape) continue; // stays NaN
      for (let b = 0; b < k; b++)
        for (let p = 0; p < P; p++)
          vec.values[((at + s) * k + b) * P + p] = copy[s * k * P * n + blockWord(plan, n, b, i, p)]!;
    }
  }
}
