// How tiles fill the one result every consumer reads (its types are in result-types.ts, re-exported here).
import type { DeviceInfo } from '../../gpu/device.js';
import { OBSERVABLES, type Observable } from '../../spec/types.js';
import { escapeStep, LATEST_ROW, RESULT_ROW } from '../plan/lane-rows.js';
import type { Plan } from '../plan/plan.js';
import { FINAL_FIELDS, type FinalField, type RunResult } from './result-types.js';
import { snapshotVectors, storeEigvecs, storeSnapshots } from './snapshot-rows.js';
import type { TileData } from './result-types.js';

export { FINAL_FIELDS };
export type { Density, FinalField, RecordedVector, RunResult } from './result-types.js';

/** Empty per-lane arrays sized for the lanes kept (`lanes` true) and the recorded windows (`record`). */
export function emptyResult(
  plan: Plan,
  device: DeviceInfo,
  keep: { lanes: boolean; record: boolean; params?: boolean },
): RunResult {
  const n = keep.lanes ? plan.lanes : 0;
  const final = Object.fromEntries(FINAL_FIELDS.map((o) => [o, new Float32Array(n).fill(NaN)])) as Record<
    FinalField,
    Float32Array
  >;
  const values: Partial<Record<Observable, Float32Array>> = {};
  if (keep.record)
    for (const o of plan.spec.record.observables)
      values[o] = new Float32Array(plan.lanes * plan.recordSteps.length).fill(NaN);
  const vectors: RunResult['record']['vectors'] = keep.record ? snapshotVectors(plan) : {};
  if (keep.record && plan.eigs?.report) {
    const T = plan.recordSteps.length;
    const k = plan.eigs.report;
    vectors.eigs = { shape: [k], values: new Float32Array(plan.lanes * T * k).fill(NaN) };
    vectors.eigsResidual = { shape: [], values: new Float32Array(plan.lanes * T).fill(NaN) };
  }
  return {
    spec: plan.spec,
    precision: plan.precision,
    lanes: plan.lanes,
    range: plan.range,
    axes: plan.axes.map((a) => ({ path: a.path, values: a.values })),
    final,
    diverged: new Uint8Array(n),
    params: new Float32Array(keep.params ? plan.lanes * plan.params : 0),
    paramsLo: new Float32Array(keep.params && plan.precision === 'double' ? plan.lanes * plan.params : 0),
    divergedAt: new Int32Array(n).fill(-1),
    kind: new Uint8Array(n),
    period: new Uint8Array(n),
    record: { steps: plan.recordSteps, values, vectors },
    device,
    elapsedMs: 0,
  };
}

/** Copies a tile into the result: rows by typed-array copies, per-lane loops only for the small codes. */
export function storeTile(result: RunResult, plan: Plan, data: TileData): void {
  const { tile, status, latest, classes } = data;
  const n = tile.count;
  const at = tile.offset;
  if (result.diverged.length) {
    for (const o of OBSERVABLES)
      result.final[o].set(latest.subarray(LATEST_ROW[o] * n, (LATEST_ROW[o] + 1) * n), at);
    for (const f of ['lyapunov', 'measure'] as const) {
      const row = RESULT_ROW[f];
      result.final[f].set(latest.subarray(row * n, (row + 1) * n), at);
    }
    for (let i = 0; i < n; i++) {
      const st = status[i] as number;
      result.diverged[at + i] = st === 0 ? 0 : 1;
      result.divergedAt[at + i] = st - 1;
      const c = classes[i] as number;
      result.kind[at + i] = c & 0xff;
      result.period[at + i] = c >>> 8;
    }
  }
  if (data.params && result.params.length) result.params.set(data.params, at * plan.params);
  if (data.paramsLo && result.paramsLo.length) result.paramsLo.set(data.paramsLo, at * plan.params);
  if (data.eigs) storeEigs(result, plan, data.eigs, data);
  if (data.snapshots) storeSnapshots(result, plan, data.tile, data.status, data.snapshots);
  if (data.eigvecs) storeEigvecs(result, plan, data.tile, data.status, data.eigvecs);
  if (!data.record) return;
  const T = plan.recordSteps.length;
  const observed = plan.spec.record.observables;
  const nrec = Math.max(1, observed.length);
  observed.forEach((o, r) => {
    const dst = result.record.values[o];
    if (!dst) return;
    for (let lane = 0; lane < n; lane++) {
      const escape = escapeStep(status[lane] as number);
      const g = at + lane;
      for (let s = 0; s < T; s++) {
        dst[g * T + s] =
          (plan.recordSteps[s] as number) < escape
            ? (data.record![(s * nrec + r) * n + lane] as number)
            : NaN;
      }
    }
  });
}

/**
 * The tile's eigs rows ((slot * (k + 1) + i) * n + lane, k resolved) into the lane-major vectors (the first
 * `report`, and the residual row k), masked from the escape step on.
 */
function storeEigs(result: RunResult, plan: Plan, rows: Float32Array, data: TileData): void {
  const { eigs, eigsResidual } = result.record.vectors;
  if (!eigs || !eigsResidual || !plan.eigs) return;
  const { tile, status } = data;
  const n = tile.count;
  const { k, report } = plan.eigs;
  const T = plan.recordSteps.length;
  for (let lane = 0; lane < n; lane++) {
    const escape = escapeStep(status[lane] as number);
    const g = tile.offset + lane;
    for (let s = 0; s < T; s++) {
      const live = (plan.recordSteps[s] as number) < escape;
      const row = (i: number) => (live ? (rows[(s * (k + 1) + i) * n + lane] as number) : NaN);
      for (let i = 0; i < report; i++) eigs.values[(g * T + s) * report + i] = row(i);
      eigsResidual.values[g * T + s] = row(k);
    }
  }
}
