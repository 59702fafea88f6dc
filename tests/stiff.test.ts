// exp-euler with stiff dimension k >= 2 (optimizer.stiff): the flow integrated exactly along the top k
// eigendirections from the spectrum pass, a step dt = min(lr, 1 / |lambda_{k+1}|) elsewhere (Lowell & Kastner).
import { describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../src/spec/types.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import { runReference } from '../src/engine/reference.js';
import { testEngine } from './gpu.js';
import { PARITY_MODELS as MODELS, within } from './parity-models.js';

describe('exp-euler, stiff dimension k >= 2', () => {
  it('on a quadratic follows the closed form: exp(-a_i dt) on the top k, 1 - a_i dt below, dt capped', async () => {
    // L = 1/2 sum a_i x_i^2 from x = 1: x_i(t) = r_i^t with r_i = exp(-a_i dt) for the k = 2 stiff directions
    // and 1 - a_i dt for the rest; dt = min(lr, 1/a_3). GD at lr = 0.5 diverges (|1 - 10 lr| = 4).
    // Tolerance: the Ritz vectors have residual <= tol a_1 (sharpness.tolerance = 1e-5), so each step leaks
    // ~1e-4 of one component into another; 2e-4 of the start's unit entries over 6 steps covers it.
    const engine = await testEngine();
    const cases = [
      { a: [10, 6, 1, 0.5], dt: 0.5 },
      { a: [10, 6, 3, 0.5], dt: 1 / 3 },
    ];
    for (const { a, dt } of cases) {
      const spec: ExperimentSpec = {
        model: { name: 'quadratic', curvatures: a },
        init: { params: [1, 1, 1, 1] },
        optimizer: { name: 'exp-euler', lr: 0.5, stiff: 2 },
        steps: 6,
        record: { observables: ['loss', 'time'], last: 7, every: 1 },
        sharpness: { tolerance: 1e-5 },
      };
      const r = await engine.run(spec, { keep: { params: true } });
      const ratio = a.map((ai, i) => (i < 2 ? Math.exp(-ai * dt) : 1 - ai * dt));
      Array.from(r.params).forEach((x, i) =>
        expect(Math.abs(x - ratio[i]! ** 6), `x_${i}, dt = ${dt}`).toBeLessThan(2e-4),
      );
      r.record.values.time!.forEach((t, s) => expect(t).toBeCloseTo(s * dt, 5));
      const gd = await engine.run({ ...spec, optimizer: { name: 'gd', lr: 0.5 }, steps: 40 });
      expect(gd.diverged[0]).toBe(1);
    }
  }, 120_000);

  it('on an MLP past the edge in two directions: k = 2 never raises the loss, k = 1 oscillates', async () => {
    // Width 16 Cohen-style net at eta_max = 1.2 (2/eta = 1.67): lambda_1 = 7.2 at the start, lambda_2 = 0.9 rising
    // past the edge during the run. k = 1 integrates only the top direction exactly; the second one makes it
    // oscillate and diverge. k = 2 integrates both and caps dt at 1/lambda_3: the loss falls at every step and
    // lambda_1, lambda_2 end above 2/eta (measured: 18.6 and 9.2, with lambda_3 = 2.9 capping dt to 0.35).
    const eta = 1.2;
    const spec = (stiff: number): ExperimentSpec => ({
      model: {
        name: 'mlp',
        depth: 3,
        width: 16,
        activation: 'tanh',
        dataset: 'chebyshev',
        examples: 20,
        degree: 4,
      },
      init: { seed: 0 },
      optimizer: { name: 'exp-euler', lr: eta, stiff },
      steps: 200,
      record: {
        observables: ['loss', 'time', ...(stiff > 1 ? (['eigs'] as const) : [])],
        every: 1,
        last: 201,
      },
      sharpness: { every: 5, iterations: 20, k: 3 },
    });
    const engine = await testEngine();
    const rises = (r: { record: { values: { loss?: Float32Array } } }) => {
      const loss = Array.from(r.record.values.loss!);
      return loss.filter((x, i) => i > 0 && x > loss[i - 1]!).length;
    };
    const one = await engine.run(spec(1));
    expect(rises(one)).toBeGreaterThan(0);
    const two = await engine.run(spec(2));
    expect(two.diverged[0]).toBe(0);
    expect(rises(two)).toBe(0);
    const eigs = two.record.vectors.eigs!.values;
    const [l1, l2, l3] = Array.from(eigs.subarray(eigs.length - 3));
    expect(l1).toBeGreaterThan(2 / eta);
    expect(l2).toBeGreaterThan(2 / eta);
    // The step: never above eta_max, and capped near 1/lambda_3 at the end (lambda_3 held from step 195).
    const time = Array.from(two.record.values.time!);
    const dts = time.slice(1).map((t, i) => t - time[i]!);
    for (const dt of dts) expect(dt).toBeLessThanOrEqual(eta * (1 + 1e-5));
    expect(Math.abs(dts.at(-1)! * l3! - 1)).toBeLessThan(0.1);
  }, 240_000);
});

describe('exp-euler, stiff dimension 2, against float64', () => {
  // exp-euler with two stiff directions: the GPU's block iteration against float64's dense eigenpairs. The
  // Ritz vectors carry residual <= 1e-5 |lambda_1| (sharpness.tolerance), so each step's split of g between the
  // stiff directions and the rest is off by ~1e-5 relative: 1e-3 over 24 steps allows for its growth.
  it.each(['quadratic', 'chain', 'uv', 'dln', 'dln (workgroup family)', 'mlp', 'formula (transcendental)'])(
    '%s with exp-euler, stiff dimension 2',
    async (modelName) => {
      const c = MODELS[modelName]!;
      const spec: ExperimentSpec = {
        model: c.model,
        init: c.init,
        optimizer: { name: 'exp-euler', lr: c.lr[0], stiff: 2 },
        sweep: [{ path: 'optimizer.lr', min: c.lr[0], max: c.lr[1], count: 2 }],
        steps: 24,
        record: { observables: ['loss', 'output', 'time'], last: 5, every: 6 },
        sharpness: { iterations: 200, every: 3, tolerance: 1e-5 },
      };
      const gpu = await (await testEngine()).run(spec);
      for (const r of runReference(spec)) {
        expect(r.divergedAt).toBe(-1);
        const T = gpu.record.steps.length;
        for (const obs of ['loss', 'output', 'time'] as const)
          for (let s = 0; s < T; s++)
            within(
              gpu.record.values[obs]![r.lane * T + s] as number,
              r.record[obs]![s] as number,
              1e-3,
              1e-5,
              `lane ${r.lane} ${obs} at step ${gpu.record.steps[s]}`,
            );
      }
    },
  );
});

describe('exp-euler stiff dimension: spec', () => {
  it('names the field, the optimiser it applies to and the limit', () => {
    const q = { model: { name: 'quadratic', curvatures: [1, 2] }, steps: 5 };
    expect(() => normalizeSpec({ ...q, optimizer: { name: 'gd', lr: 0.1, stiff: 2 } })).toThrow(
      /optimizer\.stiff applies to 'exp-euler' only, not 'gd'/,
    );
    expect(() => normalizeSpec({ ...q, optimizer: { name: 'exp-euler', lr: 0.1, stiff: 2 } })).toThrow(
      /optimizer\.stiff must be below the model's parameter count \(2\)/,
    );
    expect(() => normalizeSpec({ ...q, optimizer: { name: 'exp-euler', lr: 0.1, stiff: 8 } })).toThrow(
      /optimizer\.stiff.*\[1, 7\]/,
    );
  });
});
