// The float64 reference run: the GPU's algorithm on the CPU for chosen lanes, from the same f32-rounded
// initial parameters (step, sharpness, record, classification window, tangent map, convergence measure).
// The truth GPU results are tested against, and the "TypeScript loop" of the benchmark.
import { classifyOrbit, type Classification } from '../analysis/classify.js';
import { powerIteration } from '../analysis/power.js';
import { symmetricEigen } from '../analysis/eigen.js';
import { adaptiveLr, applyUpdate, expEulerUpdate, rk4Step, stiffDt, stiffUpdate } from '../optim/index.js';
import { normalizeSpec } from '../spec/normalize.js';
import { OBSERVABLES, type ExperimentSpec, type Observable } from '../spec/types.js';
import { LaneView } from './plan/lanes.js';
import { makePlan } from './plan/plan.js';
import { initialParams, optHyperValues } from './plan/upload.js';

export interface ReferenceLane {
  lane: number;
  final: Record<Observable, number>;
  /** Iterate index of divergence, -1 if none. */
  divergedAt: number;
  /** record[o][slot] for the spec's recorded observables (NaN from divergence on). */
  record: Partial<Record<Observable, Float64Array>>;
  /** Final parameters (or those at divergence). */
  params: Float64Array;
  /** The class the GPU's rules give this lane's float64 orbit. */
  class: Classification;
  /** Finite-time Lyapunov exponent over the window (NaN unless classify.lyapunov). */
  lyapunov: number;
  /** Sohl-Dickstein's signed convergence measure (NaN unless classify.measure). */
  measure: number;
}

const NO_LIMITS = { maxStorageBufferBindingSize: 2 ** 31, maxBufferSize: 2 ** 31 };
const V_CAP = 1e6;

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
  const { model, params: P, recordSteps, windowFirst } = plan;
  const s = plan.spec;
  const c = s.classify;
  const ref = model.reference(s.model);
  const view = new LaneView(s, plan.axes);
  const lanes = options.lanes ?? Array.from({ length: plan.lanes }, (_, i) => i);
  return lanes.map((lane) => {
    const w = initialParams(plan, lane);
    const h = model.hyper(view.at(lane), s.model);
    const oh = optHyperValues(view.at(lane));
    const opt = {
      ...s.optimizer,
      lr: oh.lr as number,
      beta: oh.beta as number,
      lossMin: oh.lossMin as number,
      alpha: oh.alpha as number,
    };
    const m = new Float64Array(P);
    const g = new Float64Array(P);
    const e = new Float64Array(P);
    const tan = new Float64Array(P);
    const jt = new Float64Array(P);
    const record: Partial<Record<Observable, Float64Array>> = {};
    for (const o of s.record.observables) record[o] = new Float64Array(recordSteps.length).fill(NaN);
    const final = Object.fromEntries(OBSERVABLES.map((o) => [o, NaN])) as Record<Observable, number>;
    const orbit = { output: new Float64Array(c.window), loss: new Float64Array(c.window) };
    let sharp = 0;
    let resid = 0;
    // exp-euler with k >= 2: the top k + 1 eigenpairs of the dense Hessian, held between evaluations.
    const stiff = plan.eigs?.stiff ?? 0;
    let pairs: { values: number[]; vectors: Float64Array[] } = { values: [], vectors: [] };
    let divergedAt = -1;
    let l0 = 0;
    let sumV = 0;
    let sumInv = 0;
    let lyap = 0;
    let time = 0;
    const first = recordSteps[0] ?? s.steps + 1;
    for (let t = 0; t <= s.steps; t++) {
      const last = t === s.steps;
      if (last || (s.sharpness.every > 0 && t % s.sharpness.every === 0)) {
        const p = powerIteration(
          (v, out) => ref.hvp(w, h, v, out),
          e,
          s.sharpness.iterations,
          ref.start,
          s.sharpness.tolerance,
        );
        sharp = p.lambda;
        resid = p.residual;
        if (s.optimizer.name === 'adaptive-gd' || s.optimizer.name === 'flow')
          opt.lr = adaptiveLr(oh.lr as number, sharp, opt.alpha);
        if (stiff) {
          pairs = symmetricEigen(ref.hessian(w, h), P);
          opt.lr = stiffDt(oh.lr as number, pairs.values[stiff]!);
        }
      }
      const loss = ref.lossGrad(w, h, g);
      if (!(Math.abs(loss) <= s.divergence.maxLoss)) {
        divergedAt = t;
        break;
      }
      if (c.measure) {
        if (t === 0) l0 = Math.max(loss, 1e-30);
        const v = loss / l0 <= V_CAP ? loss / l0 : V_CAP;
        sumV += v;
        sumInv += 1 / v;
      }
      const [output, balance] = ref.observe(w, h, e);
      let gn = 0;
      for (const x of g) gn += x * x;
      const values: Record<Observable, number> = {
        loss,
        gradNorm: Math.sqrt(gn),
        output,
        balance,
        sharpness: sharp,
        residual: resid,
        time,
      };
      if (t >= first && (t - first) % s.record.every === 0)
        for (const o of s.record.observables)
          (record[o] as Float64Array)[(t - first) / s.record.every] = values[o];
      if (t >= windowFirst) {
        orbit.output[t - windowFirst] = output;
        orbit.loss[t - windowFirst] = loss;
        if (c.lyapunov && !last) {
          if (t === windowFirst) {
            ref.start(tan);
            const n = Math.hypot(...tan);
            tan.forEach((x, k) => (tan[k] = x / n));
          }
          ref.hvp(w, h, tan, jt);
          for (let k = 0; k < P; k++) jt[k] = (tan[k] as number) - opt.lr * (jt[k] as number);
          const n = Math.hypot(...jt);
          lyap += Math.log(n);
          for (let k = 0; k < P; k++) tan[k] = (jt[k] as number) / n;
        }
      }
      if (last) {
        Object.assign(final, values);
        break;
      }
      if (s.optimizer.name === 'flow') rk4Step((x, gx) => ref.lossGrad(x, h, gx), w, opt.lr);
      else if (stiff) stiffUpdate(w, g, pairs.vectors.slice(0, stiff), pairs.values, opt.lr);
      else if (s.optimizer.name === 'exp-euler') expEulerUpdate(w, g, e, sharp, opt.lr);
      else applyUpdate(opt, w, m, g, loss);
      time += opt.lr;
    }
    const diverged = divergedAt >= 0;
    let measure = NaN;
    if (c.measure) {
      const n = Math.min(20, c.window);
      let recent = 0;
      for (let i = c.window - n; i < c.window; i++) {
        const v = (orbit.loss[i] as number) / l0;
        recent += v <= V_CAP ? v : V_CAP;
      }
      measure = !diverged && recent / n < 1 ? -sumV : sumInv;
    }
    const lyapunov = c.lyapunov && !diverged ? lyap / Math.max(1, c.window - 1) : NaN;
    const cls = classifyOrbit({ ...orbit, diverged, lossGap: final.loss - opt.lossMin, lyapunov }, c);
    return { lane, final, divergedAt, record, params: w, class: cls, lyapunov, measure };
  });
}
