// The float64 reference run: the step kernel's algorithm on the CPU for chosen lanes, from the same
// f32-rounded initial parameters. The truth GPU results are tested against, and the "TypeScript loop" of
// the benchmark.
import { powerIteration } from '../analysis/power.js';
import { applyUpdate } from '../optim/index.js';
import { normalizeSpec } from '../spec/normalize.js';
import { OBSERVABLES, type ExperimentSpec, type Observable } from '../spec/types.js';
import { LaneView } from './lanes.js';
import { makePlan } from './plan.js';
import { initialParams, optHyperValues } from './upload.js';

export interface ReferenceLane {
  lane: number;
  final: Record<Observable, number>;
  /** Iterate index of divergence, -1 if none. */
  divergedAt: number;
  /** record[o][slot] for the spec's recorded observables (NaN from divergence on). */
  record: Partial<Record<Observable, Float64Array>>;
  /** Final parameters (or those at divergence). */
  params: Float64Array;
}

const NO_LIMITS = { maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 31 };

/**
 * Runs the spec's `lanes` (default: all) in float64.
 * @example
 * const [lane0] = runReference(spec, { lanes: [0] });
 */
export function runReference(
  spec: ExperimentSpec,
  options: { lanes?: readonly number[] } = {},
): ReferenceLane[] {
  const plan = makePlan(normalizeSpec(spec), NO_LIMITS);
  const { model, params: P, recordSteps } = plan;
  const s = plan.spec;
  const ref = model.reference(s.model);
  const view = new LaneView(s, plan.axes);
  const lanes = options.lanes ?? Array.from({ length: plan.lanes }, (_, i) => i);
  return lanes.map((lane) => {
    const w = initialParams(plan, lane);
    const h = model.hyper(view.at(lane));
    const oh = optHyperValues(view.at(lane));
    const opt = {
      ...s.optimizer,
      lr: oh.lr as number,
      beta: oh.beta as number,
      lossMin: oh.lossMin as number,
    };
    const m = new Float64Array(P);
    const g = new Float64Array(P);
    const e = new Float64Array(P);
    const record: Partial<Record<Observable, Float64Array>> = {};
    for (const o of s.record.observables) record[o] = new Float64Array(recordSteps.length).fill(NaN);
    const final = Object.fromEntries(OBSERVABLES.map((o) => [o, NaN])) as Record<Observable, number>;
    let sharp = 0;
    let divergedAt = -1;
    const first = recordSteps[0] as number;
    for (let t = 0; t <= s.steps; t++) {
      const loss = ref.lossGrad(w, h, g);
      if (!(Math.abs(loss) <= s.divergence.maxLoss)) {
        divergedAt = t;
        break;
      }
      const last = t === s.steps;
      if (last || (s.sharpness.every > 0 && t % s.sharpness.every === 0)) {
        sharp = powerIteration((v, out) => ref.hvp(w, h, v, out), e, s.sharpness.iterations, ref.start);
      }
      const recorded = t >= first && (t - first) % s.record.every === 0;
      if (recorded || last) {
        const [output, balance] = ref.observe(w, h);
        let gn = 0;
        for (const x of g) gn += x * x;
        const values: Record<Observable, number> = {
          loss,
          gradNorm: Math.sqrt(gn),
          output,
          balance,
          sharpness: sharp,
        };
        if (recorded)
          for (const o of s.record.observables)
            (record[o] as Float64Array)[(t - first) / s.record.every] = values[o];
        if (last) Object.assign(final, values);
      }
      if (last) break;
      applyUpdate(opt, w, m, g, loss);
    }
    return { lane, final, divergedAt, record, params: w };
  });
}
