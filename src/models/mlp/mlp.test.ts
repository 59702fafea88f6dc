// The MLP's float64 reference and definition: derivatives against central differences for every activation,
// parameterisation and loss; the Gauss-Newton part; datasets; validation messages.
import { describe, expect, it } from 'vitest';
import { LaneView } from '../../engine/plan/lanes.js';
import { normalizeSpec } from '../../spec/normalize.js';
import type { ModelSpec } from '../../spec/types.js';
import { expectGradient, expectHessian } from '../testing.js';
import { jacobianAlignment, spectralNorm } from './alignment.js';
import { chebyshev } from './data.js';
import { layerScales, mlp, mlpData, mlpShape } from './index.js';
import { ACTIVATIONS, mlpParams, mlpReference } from './reference.js';

function setup(fields: Partial<ModelSpec>) {
  const model = mlp.normalize({ name: 'mlp', depth: 3, width: 3, examples: 5, ...fields });
  const spec = normalizeSpec({ model, optimizer: { name: 'gd', lr: 0.1 }, steps: 1 });
  const h = mlp.hyper(new LaneView(spec, []).at(0), spec.model);
  const w = Float64Array.from(
    { length: mlpParams(mlpShape(spec.model)) },
    (_, k) => 0.7 * Math.sin(1 + 2.3 * k),
  );
  return { ref: mlp.reference(spec.model) as ReturnType<typeof mlpReference>, h, w, model: spec.model };
}

describe('mlp reference', () => {
  it.each(ACTIVATIONS)('has the exact gradient and Hessian with %s (MSE, Chebyshev data)', (activation) => {
    // relu's kinks: the test point keeps every pre-activation away from 0 (central differences straddle none).
    const { ref, h, w } = setup({ activation });
    expectGradient(ref, w, h);
    expectHessian(ref, w, h);
  });

  it.each(['standard', 'ntk', 'mean-field'])(
    'has the exact derivatives with %s parameterisation, cross-entropy',
    (p) => {
      const { ref, h, w } = setup({
        parameterization: p,
        loss: 'ce',
        dataset: 'teacher',
        inputs: 2,
        outputs: 3,
        activation: 'gelu',
      });
      expectGradient(ref, w, h);
      expectHessian(ref, w, h);
    },
  );

  it('splits e.He into the Gauss-Newton part J^T H_loss J and a residual part that vanishes at zero residual', () => {
    // Identity activation, depth 2, targets made equal to the network's own outputs: every residual is 0, so
    // H = J^T J / N exactly and the Gauss-Newton form equals v.Hv for every v.
    const { ref, h, w, model } = setup({ activation: 'identity', depth: 2 });
    const f = ref.forward(w, h).z[1]!;
    const self = mlpReference(mlpShape(model), { x: makeDataOf(model).x, y: f });
    const v = Float64Array.from(w, (_, k) => Math.cos(k));
    const hv = new Float64Array(w.length);
    self.hvp(w, h, v, hv);
    const vhv = v.reduce((s, x, k) => s + x * hv[k]!, 0);
    expect(Math.abs(self.gaussNewton(w, h, v) - vhv)).toBeLessThan(1e-12 * Math.abs(vhv));
    // With the real targets the residual part is not 0.
    ref.hvp(w, h, v, hv);
    const full = v.reduce((s, x, k) => s + x * hv[k]!, 0);
    expect(Math.abs(ref.gaussNewton(w, h, v) - full)).toBeGreaterThan(1e-6);
  });
});

const makeDataOf = mlpData;

describe('Jacobian alignment', () => {
  // Identity activation, depth 3, width 2: J^1 = W_2 = diag(2, 1), J^2 = W_3. W_3 = (1, 0) reads W_2's top
  // output direction: ||W_3 W_2|| = 2 = ||W_3|| ||W_2||, alignment 1. W_3 = (0, 1) reads the other one:
  // ||W_3 W_2|| = 1 against 2, alignment 1/2. W_1 (any) does not enter.
  const model = mlp.normalize({ name: 'mlp', depth: 3, width: 2, activation: 'identity', examples: 4 });
  const shape = mlpShape(model);
  const h = { scale: [1, 1, 1] };
  const data = mlpData(model);
  it('is 1 for a network built to be aligned and 1/2 for one built not to be', () => {
    const aligned = [0.3, -0.2, 0.5, 0.1, 2, 0, 0, 1, 1, 0];
    const crossed = [0.3, -0.2, 0.5, 0.1, 2, 0, 0, 1, 0, 1];
    expect(jacobianAlignment(shape, data, h, aligned)).toBeCloseTo(1, 12);
    expect(jacobianAlignment(shape, data, h, crossed)).toBeCloseTo(0.5, 12);
  });
  it('takes the spectral norm of a rectangular matrix', () => {
    // [[3, 0], [4, 0], [0, 1]]: singular values 5 and 1.
    expect(spectralNorm(Float64Array.from([3, 0, 4, 0, 0, 1]), 3, 2)).toBeCloseTo(5, 12);
  });
});

describe('mlp definition', () => {
  it('uses the parameterisations of science.md: c_l and init std', () => {
    const m = (p: string) =>
      mlp.normalize({ name: 'mlp', depth: 3, width: 16, dataset: 'teacher', inputs: 3, parameterization: p });
    expect(layerScales(m('standard'))).toEqual({ c: [1, 1, 1], std: [1 / 2, 1 / 4, 1 / 4] });
    expect(layerScales(m('ntk'))).toEqual({ c: [1 / 2, 1 / 4, 1 / 4], std: [1, 1, 1] });
    expect(layerScales(m('mean-field')).c).toEqual([1 / 2, 1 / 4, 1 / 16]);
  });

  it('builds the Chebyshev set on 20 points of [-1, 1] with the bias input', () => {
    const d = makeDataOf(mlp.normalize({ name: 'mlp', degree: 3 }));
    expect(d.inputs.length).toBe(20);
    expect(d.inputs[0]![0]).toBe(-1);
    expect(d.inputs[19]![0]).toBe(1);
    expect(d.targets[7]![0]).toBeCloseTo(4 * d.inputs[7]![0]! ** 3 - 3 * d.inputs[7]![0]!, 12);
    expect(Array.from(d.x.subarray(20, 40))).toEqual(Array(20).fill(1));
    expect(chebyshev(2, 0.5)).toBeCloseTo(-0.5, 14);
  });

  it('ships iris standardised, one-hot for cross-entropy, all classes in a prefix', () => {
    const d = makeDataOf(mlp.normalize({ name: 'mlp', dataset: 'iris', loss: 'ce', examples: 6 }));
    expect(d.targets.map((t) => t.indexOf(1))).toEqual([0, 1, 2, 0, 1, 2]);
    const full = makeDataOf(mlp.normalize({ name: 'mlp', dataset: 'iris' }));
    const mean = full.inputs.reduce((s, r) => s + r[2]!, 0) / 150;
    expect(Math.abs(mean)).toBeLessThan(1e-12);
  });

  it('refuses bad fields with the field and the limit', () => {
    const bad = (fields: Partial<ModelSpec>) => () => mlp.normalize({ name: 'mlp', ...fields });
    expect(bad({ width: 65 })).toThrow(/model\.width .*\[1, 64\]/);
    expect(bad({ depth: 9 })).toThrow(/model\.depth/);
    expect(bad({ dataset: 'iris', examples: 151 })).toThrow(/model\.examples .*150/);
    expect(bad({ dataset: 'chebyshev', inputs: 3 })).toThrow(/model\.inputs is 1 for dataset 'chebyshev'/);
    expect(bad({ loss: 'ce' })).toThrow(/model\.loss 'ce' needs 2 or more classes/);
    expect(bad({ activation: 'swish' })).toThrow(/model\.activation/);
  });
});
