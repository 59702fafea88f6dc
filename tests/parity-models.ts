// The models of the GPU-vs-float64 parity tests (tests/gpu-parity.test.ts, tests/stiff.test.ts): small sizes
// below the edge of stability over a short horizon, two learning rates each (the sweep's ends).
import { expect } from 'vitest';
import type { ExperimentSpec } from '../src/spec/types.js';

export const PARITY_MODELS: Record<
  string,
  Pick<ExperimentSpec, 'model' | 'init'> & { lr: [number, number] }
> = {
  quadratic: { model: { name: 'quadratic', curvatures: [1, 4, 0.5] }, init: { value: 1 }, lr: [0.1, 0.3] },
  chain: {
    model: { name: 'chain', depth: 3, target: 1.5 },
    init: { value: 0.8, scale: 0.1, seed: 3 },
    lr: [0.05, 0.15],
  },
  minimalist: { model: { name: 'minimalist' }, init: { x: 1.5, y: 0.5 }, lr: [0.02, 0.08] },
  valley: { model: { name: 'valley' }, init: { x: 1, y: 0.5 }, lr: [0.05, 0.2] },
  uv: { model: { name: 'uv', width: 8 }, init: { seed: 1, scale: 0.3 }, lr: [0.5, 1.5] },
  dln: {
    model: { name: 'dln', depth: 3, width: 3, spectrum: [1.2, 0.5], init: 'gaussian' },
    init: { seed: 2, scale: 0.9 },
    lr: [0.02, 0.08],
  },
  // Past d = 4 the deep linear network runs in the workgroup family: the same shared step loop, optimisers and
  // power iteration over vectors in storage.
  'dln (workgroup family)': {
    model: { name: 'dln', depth: 3, width: 5, spectrum: [1.2, 0.5], init: 'gaussian' },
    init: { seed: 2, scale: 0.9 },
    lr: [0.02, 0.08],
  },
  // Tanh MLP, depth 3, width 5, on the 8-point Chebyshev set (standard parameterisation, MSE).
  mlp: {
    model: { name: 'mlp', depth: 3, width: 5, examples: 8, degree: 2 },
    init: { seed: 1 },
    lr: [0.1, 0.4],
  },
  // Cross-entropy on 12 iris flowers, GELU, NTK parameterisation, one hidden layer.
  'mlp (iris, cross-entropy)': {
    model: {
      name: 'mlp',
      depth: 2,
      width: 6,
      dataset: 'iris',
      examples: 12,
      loss: 'ce',
      activation: 'gelu',
      parameterization: 'ntk',
    },
    init: { seed: 2 },
    lr: [0.5, 2],
  },
  // A formula model of transcendental functions with a constant: the generated gradient and HVP against the
  // float64 interpreter of the same program (src/formula/).
  'formula (transcendental)': {
    model: {
      name: 'formula',
      params: ['x', 'y', 'z'],
      loss: 'log1p(x^2) + tanh(y)^2/2 + softplus(z - x) + 0.1*sin(x*z) + exp(-y^2)/4 + sqrt(1 + z^2) + a*sigmoid(x*y)',
      output: 'x + y*z',
      balance: 'expm1(x/4) - pow(1 + y^2, 0.3)',
      constants: { a: 0.3 },
    },
    init: { x: 0.7, y: -0.4, z: 1.2 },
    lr: [0.1, 0.4],
  },
};

/** |actual - expected| <= atol + rtol |expected|, with both values in the message. */
export function within(actual: number, expected: number, rtol: number, atol: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: gpu ${actual} vs f64 ${expected}`).toBeLessThanOrEqual(
    atol + rtol * Math.abs(expected),
  );
}
