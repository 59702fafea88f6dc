// Vector observables computed on the host from parameter snapshots the GPU takes at the recorded iterates
// (src/engine/run/snapshots.ts, read/snapshot-rows.ts): the snapshots are the parameters (both state layouts), the host observables equal
// the analyses of the final parameters, and the deep linear network oscillates in the predicted modes.
import { describe, expect, it } from 'vitest';
import { laneAlignment, laneOscillatingModes, laneSingular } from '../src/engine/read/analyses.js';
import type { RunResult } from '../src/engine/read/result.js';
import { predictedOscillatingModes } from '../src/models/dln/analysis.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { resultToJSON } from '../src/views/json.js';
import { testEngine } from './gpu.js';

/** One lane's value at one slot of a recorded vector, flattened. */
function at(r: RunResult, name: 'params' | 'singular' | 'gap' | 'alignment', lane: number, slot: number) {
  const v = r.record.vectors[name]!;
  const width = v.shape.reduce((a, b) => a * b, 1);
  const T = r.record.steps.length;
  return Array.from(v.values.subarray((lane * T + slot) * width, (lane * T + slot + 1) * width));
}

describe('snapshot observables', () => {
  const DLN = (width: number): ExperimentSpec => ({
    model: { name: 'dln', depth: 3, width, spectrum: [1.2, 0.5], init: 'gaussian' },
    init: { seed: 2, scale: 0.9 },
    optimizer: { name: 'gd', lr: 0.05 },
    sweep: [{ path: 'optimizer.lr', values: [0.02, 0.08] }],
    steps: 12,
    record: { observables: ['loss', 'params', 'singular', 'gap'], last: 3, every: 6 },
  });

  it.each([
    ['lane family (d = 3)', 3],
    ['workgroup family (d = 5)', 5],
  ])(
    'dln %s: the last snapshot is the final parameters; singular values and gaps are theirs',
    async (_, d) => {
      const engine = await testEngine();
      const r = await engine.run(DLN(d), { keep: { params: true } });
      const P = 3 * d * d;
      for (let lane = 0; lane < 2; lane++) {
        expect(at(r, 'params', lane, 2)).toEqual(Array.from(r.params.subarray(lane * P, (lane + 1) * P)));
        // The first snapshot is the initial point, not the last (the copy is of w_t at each slot).
        expect(at(r, 'params', lane, 0)).not.toEqual(at(r, 'params', lane, 2));
        // Computed in float64 from the same f32 parameters, stored as f32.
        const a = laneSingular(r, lane);
        expect(at(r, 'singular', lane, 2)).toEqual([...a.layers, a.product].flat().map(Math.fround));
        expect(at(r, 'gap', lane, 2)).toEqual(a.gaps.map(Math.fround));
      }
      const json = resultToJSON(r);
      const singular = json.record.singular as number[][][][];
      // Lane 1's product singular values at the last slot, through the JSON's nesting (7 digits of the f32).
      const product = laneSingular(r, 1).product.map((x) => Number(Math.fround(x).toPrecision(7)));
      expect(singular[1]![2]![3]).toEqual(product);
      expect(singular[0]!.length).toBe(3);
      expect(singular[0]![0]!.length).toBe(4); // W_1..W_3 and the product
    },
  );

  it('mlp: the recorded alignment at the last slot is that of the final parameters', async () => {
    const engine = await testEngine();
    const r = await engine.run(
      {
        model: { name: 'mlp', depth: 3, width: 6, examples: 12, dataset: 'chebyshev' },
        optimizer: { name: 'gd', lr: 0.05 },
        steps: 10,
        record: { observables: ['alignment'], last: 2, every: 10 },
      },
      { keep: { params: true } },
    );
    expect(at(r, 'alignment', 0, 1)[0]).toBeCloseTo(laneAlignment(r, 0), 6);
    expect(at(r, 'alignment', 0, 0)[0]).not.toBe(at(r, 'alignment', 0, 1)[0]);
  }, 120_000);

  it('dln: the modes that oscillate are those whose threshold eta passes; the rest converge', async () => {
    // Thresholds 2 / (L s^(2 - 2/L)) for s = (2, 1, 0.25): L = 2: 0.5, 1, 4; L = 3: 0.26, 0.67, 4.2. The spectrum
    // is well separated, so the cross-mode directions stay stable (docs/equations.md, "DLN analyses").
    const engine = await testEngine();
    const cases = [
      { depth: 2, init: 'orthogonal', lrs: [0.4, 0.55] },
      { depth: 3, init: 'identity', lrs: [0.2, 0.3, 0.4] },
    ];
    for (const { depth, init, lrs } of cases) {
      const spectrum = [2, 1, 0.25];
      const r = await engine.run({
        model: { name: 'dln', depth, width: 3, spectrum, init, alpha: 0.7 },
        optimizer: { name: 'gd', lr: 0.1 },
        sweep: [{ path: 'optimizer.lr', values: lrs }],
        steps: 4000,
        record: { observables: ['modes'], last: 6, every: 1 },
      });
      const counts = lrs.map((_, lane) => laneOscillatingModes(r, lane));
      expect(counts, `L = ${depth}`).toEqual(
        lrs.map((eta) => predictedOscillatingModes(depth, spectrum, eta)),
      );
      expect(counts).toContain(1);
      expect(counts).toContain(0);
    }
  }, 240_000);
});

describe('snapshot observables: spec', () => {
  it("names the field and each model's own observables", () => {
    const mlp = { model: { name: 'mlp' }, optimizer: { name: 'gd', lr: 0.1 }, steps: 5 };
    expect(() => normalizeSpec({ ...mlp, record: { observables: ['singular'] } })).toThrow(
      /record\.observables.*'singular' is not defined for model 'mlp' \(its own: alignment; any model: eigs, eigvecs, params\)/,
    );
    const q = { model: { name: 'quadratic', curvatures: [1] }, optimizer: { name: 'gd', lr: 0.1 }, steps: 5 };
    expect(() => normalizeSpec({ ...q, record: { observables: ['gap'] } })).toThrow(/its own: none/);
    expect(normalizeSpec({ ...q, record: { observables: ['params'] } }).record.vectors).toEqual(['params']);
  });
});
