// Host-side analyses of a run's final parameters (RunOptions.keep.params), in float64.
import { dlnAnalysis, type DlnAnalysis } from '../../models/dln/analysis.js';
import { jacobianAlignment } from '../../models/mlp/alignment.js';
import { mlpData, mlpShape } from '../../models/mlp/index.js';
import { findModel } from '../../models/registry.js';
import { symmetricEigenvalues } from '../../analysis/eigen.js';
import { topEigenvalues } from '../../analysis/subspace.js';
import { LaneView } from '../plan/lanes.js';
import type { RunResult } from './result.js';

/**
 * The layerwise Jacobian alignment of one lane's final MLP (docs/equations.md), in float64 from the parameters
 * the run kept. Throws for other models or a run without `keep.params`.
 * @example
 * const result = await engine.run(spec, { keep: { params: true } });
 * const a = laneAlignment(result, 0); // 1 = the layers' Jacobians chain their top singular directions
 */
export function laneAlignment(result: RunResult, lane: number): number {
  const model = result.spec.model;
  if (model.name !== 'mlp')
    throw new Error(`[eos-lab] alignment is defined for the mlp model, not '${model.name}'`);
  const w = laneParams(result, lane, 'alignment');
  const h = findModel('mlp')!.hyper(new LaneView(result.spec, result.axes).at(lane), model);
  return jacobianAlignment(mlpShape(model), mlpData(model), h, w);
}

/**
 * A deep linear network lane's singular values (every layer, largest first, and the end-to-end product) and
 * balancing gaps ||D_l||_F, from its final parameters.
 * @example
 * const { layers, product, gaps } = laneSingular(result, 0);
 */
export function laneSingular(result: RunResult, lane: number): DlnAnalysis {
  const model = result.spec.model;
  if (model.name !== 'dln')
    throw new Error(`[eos-lab] singular values are defined for the dln model, not '${model.name}'`);
  const w = laneParams(result, lane, 'singular values');
  return dlnAnalysis(w, model.depth as number, model.width as number);
}

/**
 * The k largest Hessian eigenvalues (descending, k <= 8) of one lane at its final parameters, any model, in
 * float64: from the dense Hessian up to DENSE_EIGS parameters (exact to rounding), else by subspace iteration
 * on the model's exact HVP (src/analysis/subspace.ts; slow where the k-th eigenvalue has a close neighbour).
 * With optimizer.lrs they are those of P^1/2 H P^1/2, as the sharpness is.
 * @example
 * const [l1, l2, l3] = laneEigs(result, 0, 3); // l1 = the final sharpness, to f32 accuracy
 */
export function laneEigs(result: RunResult, lane: number, k: number): number[] {
  if (!(Number.isInteger(k) && k >= 1 && k <= 8))
    throw new Error(`[eos-lab] k must be an integer in [1, 8], got ${k}`);
  const def = findModel(result.spec.model.name)!;
  const w = Float64Array.from(laneParams(result, lane, 'eigenvalues'));
  const h = def.hyper(new LaneView(result.spec, result.axes).at(lane), result.spec.model);
  const ref = def.reference(result.spec.model);
  if (w.length <= DENSE_EIGS) {
    const all = symmetricEigenvalues(ref.hessian(w, h), w.length);
    return Array.from(all).reverse().slice(0, k);
  }
  return topEigenvalues((v, out) => ref.hvp(w, h, v, out), w.length, k, 1000, 1e-10);
}

/**
 * How many of a deep linear network lane's modes oscillate over the recorded window: mode i (its amplitude
 * u_i^T W_L...W_1 v_i, the `modes` record) when its range over the recorded slots exceeds rtol s_i. Record
 * `modes` with an odd stride (1): an even one samples a 2-cycle in one phase and sees it still.
 * @example
 * const r = await engine.run({ ...spec, record: { observables: ['modes'], last: 8, every: 1 } });
 * laneOscillatingModes(r, 0); // compare predictedOscillatingModes(depth, spectrum, lr)
 */
export function laneOscillatingModes(result: RunResult, lane: number, rtol = 1e-3): number {
  const modes = result.record.vectors.modes;
  if (!modes) throw new Error("[eos-lab] oscillating modes: record the dln's 'modes' observable");
  if (result.spec.record.every % 2 === 0)
    throw new Error(
      `[eos-lab] oscillating modes: record.every (${result.spec.record.every}) is even and samples a 2-cycle in one phase; use an odd stride`,
    );
  const r = modes.shape[0]!;
  const T = result.record.steps.length;
  const spectrum = result.spec.model.spectrum as number[];
  let count = 0;
  for (let i = 0; i < r; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let s = 0; s < T; s++) {
      const v = modes.values[(lane * T + s) * r + i]!;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (hi - lo > rtol * spectrum[i]!) count++;
  }
  return count;
}

/** Largest parameter count for which laneEigs forms the dense Hessian (P HVPs, then O(P^3) Jacobi sweeps). */
export const DENSE_EIGS = 256;

/**
 * What the CLI adds per lane as `analysis`: with `--params` the model's analyses of the final parameters, and
 * for a dln that records `modes` (odd stride) the number of oscillating modes. Undefined when there is none.
 */
export function laneAnalyses(result: RunResult): Record<string, unknown>[] | undefined {
  const name = result.spec.model.name;
  if (name !== 'mlp' && name !== 'dln') return undefined;
  const modes = result.record.vectors.modes && result.spec.record.every % 2 === 1;
  const kept = result.params.length > 0;
  if (!kept && !modes) return undefined;
  return Array.from({ length: result.lanes }, (_, lane) => {
    if (result.diverged[lane]) return {};
    if (name === 'mlp') return kept ? { alignment: laneAlignment(result, lane) } : {};
    return {
      ...(kept ? laneSingular(result, lane) : {}),
      ...(modes ? { oscillatingModes: laneOscillatingModes(result, lane) } : {}),
    };
  });
}

function laneParams(result: RunResult, lane: number, what: string): Float32Array {
  const P = findModel(result.spec.model.name)!.paramCount(result.spec.model);
  if (result.params.length !== result.lanes * P)
    throw new Error(`[eos-lab] ${what}: run with { keep: { params: true } } to keep the final parameters`);
  return result.params.subarray(lane * P, (lane + 1) * P);
}
