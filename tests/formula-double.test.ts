// Formula models in precision "double" (docs/equations.md, "Double precision"): the compiler emits loss_grad in
// double-single arithmetic (src/formula/wgsl-double.ts), every function of the formula language reduced to df64's
// + - * / (shaders/formula/functions_double.wgsl).
// Over 20 GD steps on lanes that contract, the error of double against the float64 reference is that of ~46-bit
// arithmetic (each step's rounding, 2^-46 relative, summed over 20 steps: < 1e-12 with margin) while single's
// is f32's (~1e-7): double must be within 1e-11 relative and >= 1000x closer than single.
// Mutation: emitting the literal 0.1 as one f32 word (dropping its low word) leaves 5e-10 errors in the second
// case and fails it; df_exp on f32's exp (exp(a.x) as the hi word alone) fails the third.
import { describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../src/spec/types.js';
import { doubleVsFloat64 } from './double-vs-float64.js';

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
  [
    'every function: exp, log, log1p, expm1, tanh, sigmoid, softplus, sin, cos, a fractional power',
    {
      model: {
        name: 'formula',
        params: ['x', 'y'],
        loss:
          '(x*y - 1)^2/2 + 0.1*(exp(0.5*x) + log(2 + y^2) + log1p(x^2) + expm1(0.3*y) + tanh(x - y)' +
          ' + sigmoid(x*y) + softplus(x - 1) + sin(x)*cos(y) + (1 + y^2)^1.3)',
        output: 'x*y',
      },
      init: { x: 1, y: 1 },
      optimizer: { name: 'gd', lr: 0.1 + 1e-9 },
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
    const { double: worst, single: worstSingle } = await doubleVsFloat64(spec);
    console.log(
      `${_}: double's worst relative error ${worst.toExponential(2)}, single's ${worstSingle.toExponential(2)}`,
    );
    expect(worst).toBeLessThan(1e-11);
    expect(worst * 1000).toBeLessThan(worstSingle);
  });
});
