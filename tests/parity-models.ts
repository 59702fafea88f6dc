// The models of the GPU-vs-float64 parity tests (tests/gpu-parity.test.ts, tests/stiff.test.ts): small sizes
// below the edge of stability over a short horizon, two learning rates each (the sweep's ends).
import { expect } from 'vitest';
import type { PlanOptions } from '../src/engine/plan/plan.js';
import { runReference } from '../src/engine/reference.js';
import { OBSERVABLES, type ExperimentSpec, type OptimizerName } from '../src/spec/types.js';
import { testEngine } from './gpu.js';

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

/** Learning-rate scale (and momentum) per optimiser that keeps each parity model below its edge. */
const OPT: Record<OptimizerName, { scale: number; beta?: number }> = {
  gd: { scale: 1 },
  momentum: { scale: 0.5, beta: 0.5 },
  'normalized-gd': { scale: 0.1 },
  'sqrt-loss-gd': { scale: 0.5 },
  // Twice the lr, clipped to 1 / sharpness where that is smaller: both branches of min(lr, 1 / sharpness).
  'adaptive-gd': { scale: 2 },
  // RK4 steps of min(lr, alpha / sharpness): the same clipping, four gradients a step.
  flow: { scale: 2 },
  // GD steps with the top eigendirection integrated exactly (its held eigenpair, evaluated every 3 steps).
  'exp-euler': { scale: 1 },
};

/**
 * The GPU against the float64 reference over 24 steps at three learning rates: every observable, final and
 * recorded, within 1e-4 relative + 1e-5 (1e-3 for values from the power iteration; tests/gpu-parity.test.ts).
 */
export async function parity(
  modelName: string,
  optName: OptimizerName,
  plan: PlanOptions = {},
  c = PARITY_MODELS[modelName]!,
): Promise<void> {
  const o = OPT[optName];
  const spec: ExperimentSpec = {
    model: c.model,
    init: c.init,
    optimizer: { name: optName, lr: c.lr[0], ...(o.beta ? { beta: o.beta } : {}) },
    sweep: [{ path: 'optimizer.lr', min: c.lr[0] * o.scale, max: c.lr[1] * o.scale, count: 3 }],
    steps: 24,
    record: { observables: [...OBSERVABLES], last: 5, every: 6 },
    sharpness: { iterations: 30, every: 3 },
  };
  const engine = await testEngine();
  const gpu = await engine.run(spec, { plan });
  const ref = runReference(spec);
  for (const r of ref) {
    expect(r.divergedAt).toBe(-1);
    expect(gpu.diverged[r.lane]).toBe(0);
    for (const obs of OBSERVABLES) {
      // The MLP's balance is e.G e over the power-iteration vector e: it carries the sharpness's tolerance.
      const fromE = obs === 'sharpness' || (obs === 'balance' && modelName.startsWith('mlp'));
      const [rtol, atol] = fromE ? [1e-3, 1e-5] : [1e-4, 1e-5];
      within(gpu.final[obs][r.lane] as number, r.final[obs], rtol, atol, `lane ${r.lane} final ${obs}`);
      const T = gpu.record.steps.length;
      for (let s = 0; s < T; s++) {
        const g = gpu.record.values[obs]![r.lane * T + s] as number;
        within(
          g,
          r.record[obs]![s] as number,
          rtol,
          atol,
          `lane ${r.lane} ${obs} at step ${gpu.record.steps[s]}`,
        );
      }
    }
  }
}
