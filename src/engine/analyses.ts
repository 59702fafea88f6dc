// Host-side analyses of a run's final parameters (RunOptions.keep.params), in float64.
import { dlnAnalysis, type DlnAnalysis } from '../models/dln/analysis.js';
import { jacobianAlignment } from '../models/mlp/alignment.js';
import { mlpData, mlpShape } from '../models/mlp/index.js';
import { findModel } from '../models/registry.js';
import { symmetricEigenvalues } from '../analysis/eigen.js';
import { topEigenvalues } from '../analysis/subspace.js';
import { LaneView } from './lanes.js';
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

/** Largest parameter count for which laneEigs forms the dense Hessian (P HVPs, then O(P^3) Jacobi sweeps). */
export const DENSE_EIGS = 256;

/** What the CLI's `--params` adds per lane: the model's host analyses (none for the small models). */
export function laneAnalyses(result: RunResult): Record<string, unknown>[] | undefined {
  const name = result.spec.model.name;
  if (name !== 'mlp' && name !== 'dln') return undefined;
  return Array.from({ length: result.lanes }, (_, lane) => {
    if (result.diverged[lane]) return {};
    return name === 'mlp' ? { alignment: laneAlignment(result, lane) } : { ...laneSingular(result, lane) };
  });
}

function laneParams(result: RunResult, lane: number, what: string): Float32Array {
  const P = findModel(result.spec.model.name)!.paramCount(result.spec.model);
  if (result.params.length !== result.lanes * P)
    throw new Error(`[eos-lab] ${what}: run with { keep: { params: true } } to keep the final parameters`);
  return result.params.subarray(lane * P, (lane + 1) * P);
}
