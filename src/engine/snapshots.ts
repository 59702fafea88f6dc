// Parameter snapshots at the recorded iterates, and the vector observables the host computes from them: the
// GPU copies state block 0 (the parameters, in the family's layout) into a slot of a per-tile buffer at each
// recorded iterate, in the submit that starts there; the tile's snapshots come back with its other rows and
// each model's `observables` (src/models/types.ts HostObservable) turn them into float64 values per slot.
import { findModel } from '../models/registry.js';
import type { VectorObservable } from '../spec/types.js';
import { LaneView } from './lanes.js';
import { readFloats, stagingBuffer } from './passes.js';
import type { Plan, Tile } from './plan.js';
import type { RecordedVector, RunResult } from './result.js';

export class SnapshotCopy {
  private readonly out: GPUBuffer;
  private readonly staging: GPUBuffer;

  constructor(
    private readonly device: GPUDevice,
    private readonly plan: Plan,
    label: string,
  ) {
    const size = Math.max(16, plan.bytesPerLane.snapshots * plan.tileLanes);
    this.out = device.createBuffer({
      label: `${label}.snapshots`,
      size,
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    });
    this.staging = stagingBuffer(device, `${label}.snapshotsReadback`, size);
  }

  /** Copies the tile's parameters (block 0 of `state`: P words per lane) into slot `slot`. */
  encode(encoder: GPUCommandEncoder, state: GPUBuffer, tile: Tile, slot: number): void {
    const bytes = 4 * this.plan.params * tile.count;
    encoder.copyBufferToBuffer(state, 0, this.out, slot * bytes, bytes);
  }

  /** snapshots[slot * P * n + (block-0 layout of n lanes)]. */
  read(tile: Tile): Promise<Float32Array> {
    return readFloats(this.device, this.out, this.staging, this.plan.bytesPerLane.snapshots * tile.count);
  }

  destroy(): void {
    this.out.destroy();
    this.staging.destroy();
  }
}

/** The snapshot-based vectors a plan records, with their per-slot shapes. */
export function snapshotVectors(plan: Plan): Partial<Record<VectorObservable, RecordedVector>> {
  const out: Partial<Record<VectorObservable, RecordedVector>> = {};
  const T = plan.recordSteps.length;
  for (const v of plan.spec.record.vectors) {
    if (v === 'eigs') continue;
    const shape = v === 'params' ? [plan.params] : plan.model.observables![v]!.shape(plan.spec.model);
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
    .filter((v) => v !== 'eigs' && v !== 'params')
    .map((v) => ({ vec: result.record.vectors[v]!, fn: def.observables![v as 'gap']!.prepare(model) }));
  const params = result.record.vectors.params;
  const w = new Float64Array(P);
  for (let i = 0; i < n; i++) {
    const st = status[i] as number;
    const escape = st === 0 ? Infinity : st - 1;
    const lane = tile.offset + i;
    const h = hosts.length ? def.hyper(view.at(lane), model) : {};
    for (let s = 0; s < T; s++) {
      if ((plan.recordSteps[s] as number) >= escape) continue; // stays NaN
      const base = s * P * n;
      for (let k = 0; k < P; k++)
        w[k] = snaps[plan.family === 'workgroup' ? base + i * P + k : base + k * n + i] as number;
      if (params) params.values.set(w, (lane * T + s) * P);
      for (const { vec, fn } of hosts) {
        const width = vec.shape.reduce((a, b) => a * b, 1);
        vec.values.set(fn(w, h), (lane * T + s) * width);
      }
    }
  }
}
