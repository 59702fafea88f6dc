// Precision "double" (docs/equations.md, "Double precision") against the float64 reference.
// 1. Short runs, each model with double files: a GD step does <= 16 P double-single operations per component,
//    each within 7 u^2 (u = 2^-24) of its operands (common/df64.wgsl), the operands bounded by
//    s_t = ||w_t|| + lr M(w_t), M the size of the gradient's intermediates (the model's `scale` below: the
//    gradient's 1-norm where nothing cancels, times (|P| + |sigma|) / |P - sigma| style factors where it does);
//    an error made at step t reaches step T through the GD Jacobians J_s = I - lr H(w_s), so
//      ||w_T(double) - w_T(float64)|| <= sum_t 16 P 7 u^2 s_t prod_{s>t} ||J_s||_2   (+ the start's 2^-49 ||w_0||)
//    computed here along the float64 trajectory from the model's reference (gradient and Hessian).
//    Mutation: dropping gLo in vdescend (the gradient's low words) leaves ~2^-24 errors and fails it; so does
//    ignoring lrLo (the learning rate rounded to f32: the specs' lr has a 1e-9 part below f32's spacing); for
//    uv at width 3, so does a coupling 1/sqrt(3) taken from f32's inverseSqrt without coupling_df's Newton steps.
// 2. A fractal boundary: the minimalist at lr = 0.25, 1000 steps, on the line y0 = 0.4 through x0 = 3.03254839758,
//    a window 1e-10 wide (located with the float64 reference by zooming into the most speckled cells: >= 10
//    converged/diverged flips over 256 lanes). Double must classify >= 95 % of lanes as float64 does; single
//    sees one starting value for the whole window (f32's spacing there is 2.4e-7), and its score is reported.
//    Mutation: precision 'single' forced in the plan fails it (the score falls to that of one starting value).
import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../src/analysis/eigen.js';
import { runReference } from '../src/engine/reference.js';
import { LaneView } from '../src/engine/plan/lanes.js';
import { initialParams, optHyperValues } from '../src/engine/plan/upload.js';
import type { Hyper } from '../src/models/types.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { testEngine } from './gpu.js';
import { doubleVsFloat64 } from './double-vs-float64.js';

const U2 = 2 ** -48;
const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));
const norm1 = (v: ArrayLike<number>) => Array.from(v).reduce((a, x) => a + Math.abs(x), 0);

/** Per model: a spec family (lr with a part below f32's spacing) and M(w), the gradient's intermediates' size. */
const CASES: {
  name: string;
  spec: ExperimentSpec;
  scale: (w: Float64Array, g: Float64Array, h: Hyper) => number;
}[] = [
  {
    name: 'minimalist',
    spec: {
      model: { name: 'minimalist' },
      init: { x: 1, y: 1 },
      optimizer: { name: 'gd', lr: 0.2 + 1e-9 },
      sweep: [
        { path: 'init.x', min: 0.4, max: 2.2, count: 16 },
        { path: 'init.y', min: 0.5, max: 1.5, count: 8 },
      ],
      steps: 20,
    },
    scale: (w, g) => norm(g) * (1 + Math.abs(w[0]! * w[1]!)), // g = (p - 1)(p + 1) cancels near p = 1
  },
  {
    name: 'valley',
    spec: {
      model: { name: 'valley' },
      init: { x: 1, y: 0.5 },
      optimizer: { name: 'gd', lr: 0.2 + 1e-9 },
      sweep: [
        { path: 'init.x', min: -1.5, max: 1.5, count: 16 },
        { path: 'init.y', min: -0.8, max: 0.8, count: 8 },
      ],
      steps: 20,
    },
    scale: (_w, g) => norm1(g),
  },
  {
    name: 'quadratic',
    spec: {
      model: { name: 'quadratic', curvatures: [1, 3, 0.5, 7] },
      init: { seed: 0, scale: 1 },
      optimizer: { name: 'gd', lr: 0.1 + 1e-9 },
      sweep: [
        { path: 'optimizer.lr', min: 0.05 + 1e-9, max: 0.25 + 1e-9, count: 16 },
        { path: 'init.seed', values: [1, 2, 3, 4, 5, 6, 7, 8] },
      ],
      steps: 20,
    },
    scale: (_w, g) => norm1(g),
  },
  {
    name: 'chain',
    spec: {
      model: { name: 'chain', depth: 3, target: 1 },
      init: { seed: 0, scale: 0.1, value: 1 },
      optimizer: { name: 'gd', lr: 0.1 + 1e-9 },
      sweep: [
        { path: 'optimizer.lr', min: 0.05 + 1e-9, max: 0.3 + 1e-9, count: 16 },
        { path: 'init.seed', values: [1, 2, 3, 4, 5, 6, 7, 8] },
      ],
      steps: 20,
    },
    // r = P - sigma cancels near the minimum: its error is relative to |P| + |sigma|, times prod_{k != a} w_k.
    scale: (w, _g, h) => {
      const P = w.reduce((a, x) => a * x, 1);
      const others = Array.from(w, (_, a) => w.reduce((p, x, k) => (k === a ? p : p * x), 1));
      return (Math.abs(P) + Math.abs(h.sigma as number)) * norm1(others);
    },
  },
  {
    name: 'uv',
    spec: {
      // Width 3 (c = 1/sqrt(3) needs coupling_df's Newton steps): the bound's 16 P operations a component are loose for uv (the dot product's error is shared by
      // every component), and lr <= 0.9 keeps |1 - lr lambda| <= 1 at the minimum (lambda ~ c^2 |w|^2 ~ 2).
      model: { name: 'uv', width: 3 },
      init: { seed: 0, scale: 1 },
      optimizer: { name: 'gd', lr: 0.5 + 1e-9 },
      sweep: [
        { path: 'optimizer.lr', min: 0.2 + 1e-9, max: 0.9 + 1e-9, count: 16 },
        { path: 'init.seed', values: [1, 2, 3, 4, 5, 6, 7, 8] },
      ],
      steps: 20,
    },
    // D = c u.v - y cancels near the minimum: its error is relative to |c| sum |u_i v_i| + |y|, times |c| |w|.
    scale: (w, _g, h) => {
      const n = w.length / 2;
      const c = (h.x as number) / Math.sqrt(n);
      let uv = 0;
      for (let i = 0; i < n; i++) uv += Math.abs(w[i]! * w[n + i]!);
      return Math.abs(c) * (Math.abs(c) * uv + Math.abs(h.y as number)) * norm1(w);
    },
  },
];

describe('precision double', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    '%s: follows float64 over 20 steps within the bound derived for double-single GD (and single does not)',
    async (_, c) => {
      const engine = await testEngine();
      const r = await engine.run({ ...c.spec, precision: 'double' }, { keep: { params: true } });
      const single = await engine.run({ ...c.spec, precision: 'single' }, { keep: { params: true } });
      expect(r.precision).toBe('double');
      expect(r.paramsLo.length).toBe(r.params.length);
      const plan = engine.plan({ ...c.spec, precision: 'double' });
      const ref = plan.model.reference(plan.spec.model);
      const view = new LaneView(plan.spec, plan.axes);
      const P = plan.params;
      let worst = 0;
      let worstSingle = 0;
      let checked = 0;
      for (let lane = 0; lane < r.lanes; lane++) {
        const h = plan.model.hyper(view.at(lane), plan.spec.model);
        const lr = optHyperValues(view.at(lane)).lr as number;
        const w = initialParams(plan, lane);
        let bound = 2 ** -49 * norm(w);
        const g = new Float64Array(P);
        for (let t = 0; t < plan.spec.steps; t++) {
          ref.lossGrad(w, h, g);
          const H = ref.hessian(w, h);
          const J = Math.max(...symmetricEigen(H, P).values.map((l) => Math.abs(1 - lr * l)));
          bound = bound * J + 16 * P * 7 * U2 * (norm(w) + lr * c.scale(w, g, h));
          for (let k = 0; k < P; k++) w[k] = w[k]! - lr * g[k]!;
        }
        if (!(bound < 1e-9 * Math.max(1, norm(w))) || r.diverged[lane]) continue; // amplified past reach
        const at = (k: number) => lane * P + k;
        const err = norm(Array.from(w, (x, k) => r.params[at(k)]! + r.paramsLo[at(k)]! - x));
        expect(err, `lane ${lane}`).toBeLessThanOrEqual(bound);
        checked++;
        worst = Math.max(worst, err / bound);
        worstSingle = Math.max(worstSingle, norm(Array.from(w, (x, k) => single.params[at(k)]! - x)) / bound);
      }
      console.log(
        `${c.name}, ${checked} lanes: double's worst error / bound ${worst.toExponential(2)}; single's ${worstSingle.toExponential(2)}`,
      );
      expect(checked).toBeGreaterThanOrEqual(r.lanes / 2);
      expect(worstSingle).toBeGreaterThan(1); // the bound separates the two precisions
    },
  );

  const MOMENTUM: [string, ExperimentSpec][] = [
    [
      'minimalist',
      {
        model: { name: 'minimalist' },
        init: { x: 1, y: 1 },
        optimizer: { name: 'momentum', lr: 0.1 + 1e-9, beta: 0.5 },
        sweep: [
          { path: 'init.x', min: 0.8, max: 1.4, count: 8 },
          { path: 'init.y', min: 0.8, max: 1.2, count: 4 },
        ],
        steps: 20,
      },
    ],
    [
      'uv',
      {
        model: { name: 'uv', width: 3 },
        init: { seed: 0, scale: 1 },
        optimizer: { name: 'momentum', lr: 0.2 + 1e-9, beta: 0.5 },
        sweep: [
          { path: 'optimizer.lr', min: 0.1 + 1e-9, max: 0.4 + 1e-9, count: 8 },
          { path: 'init.seed', values: [1, 2, 3, 4] },
        ],
        steps: 20,
      },
    ],
    [
      'dln (lane family, 3 x 3 x 3)',
      {
        model: { name: 'dln', depth: 3, width: 3, spectrum: [1, 0.5], init: 'gaussian' },
        init: { seed: 0, scale: 1 },
        optimizer: { name: 'momentum', lr: 0.05 + 1e-9, beta: 0.5 },
        sweep: [
          { path: 'optimizer.lr', min: 0.02 + 1e-9, max: 0.08 + 1e-9, count: 8 },
          { path: 'init.seed', values: [1, 2, 3, 4] },
        ],
        steps: 20,
      },
    ],
  ];
  it.each(MOMENTUM)(
    "%s: momentum in double keeps the velocity's low words: >= 1000x closer to float64 than single, within 1e-10",
    async (_, spec) => {
      // Heavy ball's Jacobian is 2P x 2P (no bound as above): the check is comparative, over 20 steps where the
      // lanes contract. Mutation: not storing mLo (vkeep) or dropping it in vmomentum fails it (minimalist:
      // common/updates_double.wgsl; uv: its own, uv/step_double.wgsl); for the dln, so does reading the target
      // M without its low words (data's tail).
      const { double: worst, single: worstSingle } = await doubleVsFloat64(spec, 1); // a submit a step or so
      console.log(
        `momentum: double's worst relative error ${worst.toExponential(2)}, single's ${worstSingle.toExponential(2)}`,
      );
      expect(worst).toBeLessThan(1e-10);
      expect(worst * 1000).toBeLessThan(worstSingle);
    },
  );

  it('classifies a 1e-10 window of the fractal boundary as float64 does on >= 95 % of lanes', async () => {
    const engine = await testEngine();
    const x0 = 3.0325483975781253;
    const spec: ExperimentSpec = {
      model: { name: 'minimalist' },
      init: { x: 1, y: 0.4 },
      optimizer: { name: 'gd', lr: 0.25 },
      sweep: [{ path: 'init.x', min: x0, max: x0 + 1e-10, count: 256 }],
      steps: 1000,
    };
    const truth = runReference(spec).map((l) => l.divergedAt >= 0);
    let flips = 0;
    for (let i = 1; i < truth.length; i++) if (truth[i] !== truth[i - 1]) flips++;
    expect(flips).toBeGreaterThanOrEqual(10); // the window really is speckled in float64
    const score = async (precision: 'auto' | 'single') => {
      const r = await engine.run({ ...spec, precision });
      let same = 0;
      truth.forEach((d, i) => (same += Number(d === (r.diverged[i] === 1))));
      return { precision: r.precision, score: same / truth.length };
    };
    const double = await score('auto');
    const single = await score('single');
    console.log(
      `fractal window (${flips} flips in float64): double ${(100 * double.score).toFixed(1)} %, single ${(100 * single.score).toFixed(1)} %`,
    );
    expect(double.precision).toBe('double'); // 'auto' chose it: the window is below f32's resolution
    expect(double.score).toBeGreaterThanOrEqual(0.95);
    expect(single.score).toBeLessThan(double.score);
  });
});
