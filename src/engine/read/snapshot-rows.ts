// The result's snapshot-based vectors from a tile's copied state blocks (src/engine/run/snapshots.ts): the
// parameters as they were at each recorded iterate, each model's `observables` (src/models/types.ts
// HostObservable) in float64 from them, and the spectrum pass's eigenvectors; NaN from a lane's escape step on.
import { findModel } from '../../models/registry.js';
import type { VectorObservable } from '../../spec/types.js';
import { LaneView } from '../plan/lanes.js';
import type { Plan, Tile } from '../plan/plan.js';
import { escapeStep } from '../plan/lane-rows.js';
import type { RecordedVector, RunResult } from './result-types.js';

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
