// The `eigs` record: top-k Hessian eigenvalues by block power iteration on the GPU (shaders/common/spectrum.wgsl),
// against closed forms (quadratic), the float64 subspace iteration (src/analysis/subspace.ts) on the final
// parameters (dln in the lane family, mlp in the workgroup family), and the engine's invariances.
//
// Tolerance: the pass stops once every reported Ritz pair has residual r <= tol max|lambda| (sharpness.tolerance),
// or at the iteration cap, and reports max r / max|lambda| (eigsResidual).
// For a symmetric matrix each such Ritz value lies within r of an eigenvalue (Bauer-Fike / Weyl), so
// |lambda_gpu - lambda| <= tol max|lambda| + the f32 error of the HVP itself, ~ n eps_32 max|lambda| for the
// sums of length n <= 64 in these models (64 * 6e-8 = 4e-6): bound(tol) = (tol + 1e-5) max|lambda|.
import { describe, expect, it } from 'vitest';
import { laneEigs } from '../src/engine/read/analyses.js';
import { LaneView } from '../src/engine/plan/lanes.js';
import type { RunResult } from '../src/engine/read/result.js';
import { findModel } from '../src/models/registry.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { resultToJSON } from '../src/views/json.js';
import { testEngine } from './gpu.js';

const TOL = 1e-5;
const bound = (scale: number) => (TOL + 1e-5) * scale;

/** eigs of lane `lane` at slot `slot` (k values) of a result. */
function eigsAt(r: RunResult, lane: number, slot: number) {
  const v = r.record.vectors.eigs!;
  const T = r.record.steps.length;
  const k = v.shape[0]!;
  return Array.from(v.values.subarray((lane * T + slot) * k, (lane * T + slot + 1) * k));
}

describe('eigs: top-k Hessian eigenvalues on the GPU', () => {
  it('quadratic: the k largest curvatures at every slot, larger negative ones excluded, repeats kept', async () => {
    const engine = await testEngine();
    const spec = (curvatures: number[], k: number): ExperimentSpec => ({
      model: { name: 'quadratic', curvatures },
      optimizer: { name: 'gd', lr: 0.01 },
      steps: 20,
      record: { observables: ['loss', 'eigs'], last: 3, every: 10 },
      sharpness: { k, iterations: 400, tolerance: TOL },
    });
    // Three negative curvatures of the largest magnitude, more than the block's 2 guard vectors: an unshifted
    // iteration would converge to them and report -7 third.
    const cases = [
      { a: [3, -9, -8, -7, 1, 2, 0.5], want: [3, 2, 1] },
      // A triple eigenvalue: a Krylov start would give one vector for it; hashed starts give three.
      { a: [2, 2, 2, 1, -5], want: [2, 2, 2, 1] },
    ];
    for (const { a, want } of cases) {
      const r = await engine.run(spec(a, want.length));
      const scale = Math.max(...a.map(Math.abs));
      for (let s = 0; s < 3; s++) {
        eigsAt(r, 0, s).forEach((x, i) => expect(Math.abs(x - want[i]!)).toBeLessThan(bound(scale)));
        expect(r.record.vectors.eigsResidual!.values[s]).toBeLessThanOrEqual(TOL);
      }
    }
  }, 120_000);

  const NETS: Record<string, ExperimentSpec> = {
    'dln (lane family)': {
      model: { name: 'dln', depth: 3, width: 3, spectrum: [1.2, 0.5], init: 'gaussian' },
      init: { seed: 2, scale: 0.9 },
      optimizer: { name: 'gd', lr: 0.05 },
      sweep: [{ path: 'optimizer.lr', values: [0.02, 0.08] }],
      steps: 30,
      record: { observables: ['sharpness', 'eigs', 'eigvecs'], last: 2, every: 30 },
      sharpness: { k: 5, iterations: 600, tolerance: TOL },
    },
    'mlp (workgroup family)': {
      model: { name: 'mlp', depth: 3, width: 8, examples: 16, dataset: 'chebyshev' },
      optimizer: { name: 'gd', lr: 0.05 },
      sweep: [{ path: 'optimizer.lr', values: [0.02, 0.08] }],
      steps: 30,
      record: { observables: ['sharpness', 'eigs', 'eigvecs'], last: 2, every: 30 },
      sharpness: { k: 4, iterations: 600, tolerance: TOL },
    },
  };

  it.each(Object.entries(NETS))(
    '%s: equal to the dense float64 Hessian at the final parameters, top one = the sharpness, eigenvectors too',
    async (_, spec) => {
      const engine = await testEngine();
      const r = await engine.run(spec, { keep: { params: true } });
      const k = spec.sharpness!.k!;
      for (let lane = 0; lane < r.lanes; lane++) {
        expect(r.diverged[lane]).toBe(0);
        const want = laneEigs(r, lane, k); // dense float64 Hessian (P < 256)
        const got = eigsAt(r, lane, 1);
        const scale = Math.abs(want[0]!);
        // A lane that stops at the iteration cap reports its residual; the Ritz values are within it.
        const resid = r.record.vectors.eigsResidual!.values[lane * 2 + 1]!;
        expect(resid).toBeLessThan(1e-4);
        const lim = (Math.max(TOL, resid) + 1e-5) * scale;
        got.forEach((x, i) => expect(Math.abs(x - want[i]!), `lane ${lane} eig ${i}`).toBeLessThan(lim));
        // The scalar power iteration (sharpness.tolerance, the same) agrees on the top one.
        expect(Math.abs(r.final.sharpness[lane]! - got[0]!)).toBeLessThan(lim);
        expect(got).toEqual([...got].sort((x, y) => y - x));
        // The eigenvectors (the pass's sorted Ritz vectors): orthonormal, and H q_i = lambda_i q_i in float64 to
        // the same bound (the Ritz residual, plus the f32 rounding of q and of the HVP).
        const P = r.params.length / r.lanes;
        const vec = r.record.vectors.eigvecs!;
        expect(vec.shape).toEqual([k, P]);
        const q = (i: number) =>
          Float64Array.from(
            vec.values.subarray(((lane * 2 + 1) * k + i) * P, ((lane * 2 + 1) * k + i + 1) * P),
          );
        const def = findModel(spec.model.name)!;
        const ref = def.reference(r.spec.model);
        const h = def.hyper(new LaneView(r.spec, r.axes).at(lane), r.spec.model);
        const w = Float64Array.from(r.params.subarray(lane * P, (lane + 1) * P));
        for (let i = 0; i < k; i++) {
          for (let j = 0; j <= i; j++)
            expect(Math.abs(q(i).reduce((a, x, p) => a + x * q(j)[p]!, 0) - (i === j ? 1 : 0))).toBeLessThan(
              1e-5,
            );
          const hq = new Float64Array(P);
          ref.hvp(w, h, q(i), hq);
          const res = Math.hypot(...hq.map((x, p) => x - got[i]! * q(i)[p]!));
          expect(res, `lane ${lane} eigenvector ${i}`).toBeLessThan(lim);
        }
      }
    },
    240_000,
  );

  it('diverged lanes: finite before the escape step, NaN from it, null in the JSON; tiles give the same bits', async () => {
    const engine = await testEngine();
    const spec: ExperimentSpec = {
      model: { name: 'quadratic', curvatures: [3, 1, 0.5] },
      optimizer: { name: 'gd', lr: 0.1 },
      // lr = 1 > 2/3: the x_0 mode grows 2x a step and passes maxLoss = 1e10 near step 35.
      sweep: [{ path: 'optimizer.lr', values: [0.1, 0.3, 1] }],
      steps: 60,
      record: { observables: ['loss', 'eigs'], last: 7, every: 10 },
      sharpness: { k: 2, iterations: 100, tolerance: TOL },
    };
    const whole = await engine.run(spec);
    const tiled = await engine.run(spec, { plan: { maxTileLanes: 1 } });
    expect(Array.from(tiled.record.vectors.eigs!.values)).toEqual(
      Array.from(whole.record.vectors.eigs!.values),
    );
    const escape = whole.divergedAt[2]!;
    expect(escape).toBeGreaterThan(10);
    whole.record.steps.forEach((t, s) => {
      const e = eigsAt(whole, 2, s);
      if (t < escape) e.forEach((x, i) => expect(Math.abs(x - [3, 1][i]!)).toBeLessThan(bound(3)));
      else expect(e.every(Number.isNaN)).toBe(true);
    });
    const json = resultToJSON(whole);
    const eigs = json.record.eigs as ((number | null)[][] | null)[];
    expect(eigs[2]).toBeNull();
    expect(eigs[0]!.length).toBe(7);
    expect(eigs[0]![6]!.length).toBe(2);
    expect(Math.abs(eigs[0]![6]![0]! - 3)).toBeLessThan(bound(3));
    expect((json.record.eigsResidual as (number | null)[][])[0]!.length).toBe(7);
  }, 120_000);
});

describe('eigs: spec', () => {
  const base = {
    model: { name: 'quadratic', curvatures: [1, 2] },
    optimizer: { name: 'gd', lr: 0.1 },
    steps: 10,
  };
  it("moves 'eigs' from record.observables to record.vectors, and takes record.vectors as given", () => {
    const a = normalizeSpec({ ...base, record: { observables: ['loss', 'eigs'] }, sharpness: { k: 2 } });
    expect(a.record.observables).toEqual(['loss']);
    expect(a.record.vectors).toEqual(['eigs']);
    expect(normalizeSpec(a).record).toEqual(a.record);
  });
  it('names sharpness.k and its limits', () => {
    expect(() => normalizeSpec({ ...base, record: { observables: ['eigs'] }, sharpness: { k: 3 } })).toThrow(
      /sharpness\.k must be at most the model's parameter count \(2\).*got 3/,
    );
    expect(() => normalizeSpec({ ...base, sharpness: { k: 9 } })).toThrow(/sharpness\.k.*\[1, 8\]/);
    expect(() => normalizeSpec({ ...base, record: { vectors: ['spins'] } })).toThrow(/record\.vectors\.0/);
  });
});
