// The MLP on the software GPU at the edge of stability: outcomes, not trajectories (past the edge GD is
// chaotic, so f32 and float64 runs part ways; gpu-parity.test.ts compares trajectories below the edge).
import { describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../src/spec/types.js';
import { laneAlignment, laneEigs } from '../src/engine/read/analyses.js';
import { LaneView } from '../src/engine/plan/lanes.js';
import { runReference } from '../src/engine/reference.js';
import { jacobianAlignment } from '../src/models/mlp/alignment.js';
import { mlp, mlpData, mlpShape } from '../src/models/mlp/index.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import { testEngine } from './gpu.js';

/** Cohen et al.'s MLP: tanh, 3 layers of width 32, the degree-4 Chebyshev regression on 20 points. */
const COHEN: ExperimentSpec['model'] = {
  name: 'mlp',
  depth: 3,
  width: 32,
  activation: 'tanh',
  dataset: 'chebyshev',
  examples: 20,
  degree: 4,
};

describe('mlp Jacobian alignment of a GPU run', () => {
  it("equals the float64 alignment of the reference run's final parameters", async () => {
    // Below the edge for 20 steps, the parameters agree to ~1e-5 relative (gpu-parity.test.ts), and the
    // alignment (a ratio of spectral norms, smooth in the parameters) to the same order: 1e-4 allowed.
    const spec: ExperimentSpec = {
      model: { name: 'mlp', depth: 4, width: 6, dataset: 'teacher', inputs: 3, examples: 10 },
      init: { seed: 5 },
      optimizer: { name: 'gd', lr: 0.1 },
      sweep: [{ path: 'init.seed', values: [5, 6] }],
      steps: 20,
    };
    const r = await (await testEngine()).run(spec, { keep: { params: true } });
    const model = normalizeSpec(spec).model;
    for (const ref of runReference(spec)) {
      const h = mlp.hyper(new LaneView(r.spec, r.axes).at(ref.lane), model);
      const want = jacobianAlignment(mlpShape(model), mlpData(model), h, ref.params);
      expect(want).toBeGreaterThan(0);
      expect(want).toBeLessThanOrEqual(1);
      expect(Math.abs(laneAlignment(r, ref.lane) - want)).toBeLessThan(1e-4 * want);
    }
    // Top-3 Hessian eigenvalues at the final parameters: the first is the GPU's final sharpness (shifted power
    // iteration, tolerance 1e-3 relative residual: eigenvalue error ~1e-6) to f32 accuracy, 1e-4 allowed.
    const eigs = laneEigs(r, 0, 3);
    expect(eigs[0]!).toBeGreaterThan(eigs[1]!);
    expect(eigs[1]!).toBeGreaterThanOrEqual(eigs[2]!);
    expect(Math.abs(eigs[0]! / r.final.sharpness[0]! - 1)).toBeLessThan(1e-4);
    expect(() => laneAlignment({ ...r, params: new Float32Array(0) }, 0)).toThrow(/keep: \{ params: true \}/);
  });
});

describe('mlp products formed once per w', () => {
  it('agree with float64 where they are reused: the tangent map after an observation, and w = 0 at the start', async () => {
    // The kernel keeps Z, A and the deltas of the last w it saw and skips re-forming them for the same w (the
    // HVPs of a power iteration; the tangent map after the window's observation). Checked where a stale
    // reuse would show: the Lyapunov exponent (an HVP after every observation in the window), and an
    // all-zero network, whose w equals a fresh scratch buffer's zeros (the validity word must say no).
    const base: ExperimentSpec = {
      model: { name: 'mlp', depth: 3, width: 4, dataset: 'teacher', inputs: 2, examples: 6 },
      init: { seed: 1 },
      optimizer: { name: 'gd', lr: 0.2 },
      steps: 30,
      classify: { window: 8, lyapunov: true },
    };
    const engine = await testEngine();
    const r = await engine.run(base);
    const [ref] = runReference(base);
    // Sum of 7 log-norms of the tangent map, each ~1e-6 relative in f32: 1e-4 absolute.
    expect(Math.abs(r.final.lyapunov[0]! - ref!.lyapunov)).toBeLessThan(1e-4);
    const zero: ExperimentSpec = {
      ...base,
      // Depth 2: at W = 0 the Hessian is the residual's cross term (Y phi'(0) X between the layers), not 0.
      model: { ...base.model, depth: 2 },
      init: { seed: 0, scale: 0, value: 0 },
      steps: 2,
      classify: { window: 2, lyapunov: false },
      // Sharpness first thing at t = 0: the first HVP meets the fresh buffer before any gradient formed w's products.
      sharpness: { every: 1 },
      record: { observables: ['sharpness'], last: 3 },
    };
    const z = await engine.run(zero);
    const [zref] = runReference(zero);
    const first = zref!.record.sharpness![0]!;
    expect(first).toBeGreaterThan(1e-3);
    expect(Math.abs(z.record.values.sharpness![0]! / first - 1)).toBeLessThan(1e-3);
  });
});

describe('mlp at the edge of stability', () => {
  it('sharpens progressively to 2/eta and then hovers there (Cohen et al.), the Gauss-Newton part dominating', async () => {
    // examples/mlp-cohen-sharpening.json at eta = 0.1 (2/eta = 20): a tanh MLP on Cohen et al.'s Chebyshev
    // regression. The sharpness starts near 11, rises through 20 by step ~400, then saws between ~17 and
    // ~23 (each time it passes 2/eta a catapult in the loss sends it back). Bounds: the start well below the
    // edge (0.6 x 20), the climb (+50 % by step 300), the edge reached, and from step 500 on every value in
    // [0.75, 1.25] x 2/eta with the mean within 10 % of it; the loss falls by 10x overall but not
    // monotonically (the catapults). The float64 reference shows the same rise to 2/eta and hover (checked by
    // hand on the example's eta = 0.1 lane: 11.2 at step 0, 20.9 at 400, 17.5-20.6 from 800 on).
    const eta = 0.1;
    const every = 20;
    const spec: ExperimentSpec = {
      model: COHEN,
      init: { seed: 0 },
      optimizer: { name: 'gd', lr: eta },
      steps: 1200,
      record: { observables: ['loss', 'sharpness', 'balance'], every, last: 61 },
      sharpness: { every, iterations: 30 },
    };
    const r = await (await testEngine()).run(spec);
    expect(r.diverged[0]).toBe(0);
    const s = Array.from(r.record.values.sharpness!);
    const loss = Array.from(r.record.values.loss!);
    const edge = 2 / eta;
    expect(s[0]!).toBeLessThan(0.6 * edge);
    expect(s[300 / every]!).toBeGreaterThan(1.5 * s[0]!);
    expect(Math.max(...s)).toBeGreaterThan(edge);
    const late = s.slice(500 / every);
    for (const x of late) expect(Math.abs(x / edge - 1)).toBeLessThan(0.25);
    expect(Math.abs(late.reduce((a, x) => a + x, 0) / late.length / edge - 1)).toBeLessThan(0.1);
    expect(loss.at(-1)!).toBeLessThan(loss[0]! / 10);
    expect(loss.some((x, i) => i > 0 && x > loss[i - 1]!)).toBe(true);
    // The top eigenvalue's Gauss-Newton part e.J^T H_loss J e: within 5 % of the eigenvalue here.
    const gn = r.final.balance[0]!;
    expect(Math.abs(gn / r.final.sharpness[0]! - 1)).toBeLessThan(0.05);
  });

  it('with exp-euler at the same eta_max climbs past 2/eta without oscillating (Lowell & Kastner)', async () => {
    // The same network and eta_max = 0.1 as above, where GD saws around 2/eta = 20. Exponential Euler
    // integrates the flow exactly along the top eigenvector (held, re-evaluated every 5 steps, warm-started),
    // so the direction that makes GD oscillate never does: the sharpness keeps rising (11 -> ~38 by step
    // 800) and the loss falls at every recorded step. Bounds: final sharpness above 1.5 x 2/eta, no
    // recorded loss increase, no divergence.
    const eta = 0.1;
    const every = 5;
    const spec: ExperimentSpec = {
      model: COHEN,
      init: { seed: 0 },
      optimizer: { name: 'exp-euler', lr: eta },
      steps: 800,
      record: { observables: ['loss', 'sharpness'], every, last: 161 },
      sharpness: { every, iterations: 20 },
    };
    const r = await (await testEngine()).run(spec);
    expect(r.diverged[0]).toBe(0);
    const loss = Array.from(r.record.values.loss!);
    expect(r.final.sharpness[0]!).toBeGreaterThan(1.5 * (2 / eta));
    const rises = loss.filter((x, i) => i > 0 && x > loss[i - 1]!).length;
    expect(rises).toBe(0);
  });
});
