// Host-side analyses of a run's final parameters (RunOptions.keep.params).
import { jacobianAlignment } from '../models/mlp/alignment.js';
import { mlpData, mlpShape } from '../models/mlp/index.js';
import { findModel } from '../models/registry.js';
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
  const P = findModel('mlp')!.paramCount(model);
  if (result.params.length !== result.lanes * P)
    throw new Error('[eos-lab] alignment needs the final parameters: run with { keep: { params: true } }');
  const view = new LaneView(result.spec, result.axes).at(lane);
  const h = findModel('mlp')!.hyper(view, model);
  return jacobianAlignment(
    mlpShape(model),
    mlpData(model),
    h,
    result.params.subarray(lane * P, (lane + 1) * P),
  );
}
