// Formula models in precision "double" (docs/equations.md, "Double precision"): the compiler emits loss_grad in
// double-single arithmetic (src/formula/wgsl-double.ts) where the loss uses only + - * /, powers n or n/2, sqrt
// and abs (src/formula/double-support.ts), and refuses the rest by name.
// Over 20 GD steps on lanes that contract, the error of double against the float64 reference is that of ~46-bit
// arithmetic (each step's rounding, 2^-46 relative, summed over 20 steps: < 1e-12 with margin) while single's
// is f32's (~1e-7): double must be within 1e-11 relative and >= 1000x closer than single.
// Mutation: emitting the literal 0.1 as one f32 word (dropping its low word) leaves 5e-10 errors in the second
// case and fails it.
import { describe, expect, it } from 'vitest';
import { runReference } from '../src/engine/reference.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { testEngine } from './gpu.js';

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));

const CASES: [string, ExperimentSpec][] = [
  [
    'the minimalist as a formula',
    {
      model: { name: 'formula', params: ['x', 'y'], loss: '(x^2*y^2 - 1)^2/4', output: 'x*y' },
      init: { x: 1, y: 1 },
      optimizer: { name: 'gd', lr: 0.1 + 1e-9 },
      sweep: [
        { path: 'init.x', min: 0.8, max: 1.4, count: 8 },
        { path: 'init.y', min: 0.8, max: 1.2, count: 4 },
      ],
      steps: 20,
    },
  ],
  [
    'division, square root and a decimal literal',
    {
      model: {
        name: 'formula',
        params: ['x', 'y'],
        loss: 'sqrt(1 + (x*y - 1)^2) - 1 + 0.1*x^2/(1 + y^2) + abs(x - y)^3',
        output: 'x*y',
      },
      init: { x: 1, y: 1 },
      optimizer: { name: 'momentum', lr: 0.3 + 1e-9, beta: 0.5 },
      sweep: [
        { path: 'init.x', min: 0.5, max: 1.5, count: 8 },
        { path: 'init.y', min: 0.6, max: 1.4, count: 4 },
      ],
      steps: 20,
    },
  ],
];

describe('formula models in double', () => {
  it.each(CASES)('%s: follows float64 to ~46 bits over 20 steps (single does not)', async (_, spec) => {
    const engine = await testEngine();
    const run = (precision: 'single' | 'double') =>
      engine.run({ ...spec, precision }, { keep: { params: true } });
    const [d, s] = [await run('double'), await run('single')];
    expect(d.precision).toBe('double');
    const truth = runReference({ ...spec, precision: 'double' });
    let worst = 0;
    let worstSingle = 0;
    truth.forEach((l, lane) => {
      const at = (k: number) => 2 * lane + k;
      const e = norm(Array.from(l.params, (x, k) => d.params[at(k)]! + d.paramsLo[at(k)]! - x));
      worst = Math.max(worst, e / norm(l.params));
      worstSingle = Math.max(
        worstSingle,
        norm(Array.from(l.params, (x, k) => s.params[at(k)]! - x)) / norm(l.params),
      );
    });
    console.log(
      `${_}: double's worst relative error ${worst.toExponential(2)}, single's ${worstSingle.toExponential(2)}`,
    );
    expect(worst).toBeLessThan(1e-11);
    expect(worst * 1000).toBeLessThan(worstSingle);
  });

  it('refuses double for a loss with a function double lacks, naming it; auto falls back to single', () => {
    const spec: ExperimentSpec = {
      model: { name: 'formula', params: ['x'], loss: 'tanh(x)^2 + x^2' },
      init: { x: 1 },
      optimizer: { name: 'gd', lr: 0.1 },
      sweep: [{ path: 'init.x', min: 1, max: 1 + 1e-9, count: 16 }],
      steps: 10,
    };
    expect(() => normalizeSpec({ ...spec, precision: 'double' })).toThrow(
      "precision 'double': model 'formula' uses tanh: double runs + - * /, powers n or n/2 (|n| <= 64), sqrt and abs",
    );
    expect(() =>
      normalizeSpec({ ...spec, model: { ...spec.model, loss: 'x^1.3' }, precision: 'double' }),
    ).toThrow('uses a power with a non-constant or fractional exponent');
    // Halves and folded exponents are products and square roots: double runs them.
    const halves = {
      ...spec,
      model: { ...spec.model, loss: 'x^(3/2) + pow(x, 2*2)' },
      precision: 'double' as const,
    };
    expect(normalizeSpec(halves).precision).toBe('double');
  });
});
