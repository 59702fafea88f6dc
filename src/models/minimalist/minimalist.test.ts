import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../../analysis/eigen.js';
import { expectGradient, expectHessian, gdStep } from '../testing.js';
import { minimalist } from './index.js';

const ref = minimalist.reference(minimalist.normalize({ name: 'minimalist' }));

describe('minimalist reference', () => {
  it('has the gradient and Hessian of 1/4 (x^2 y^2 - 1)^2', () => {
    for (const w of [Float64Array.of(1.3, 0.4), Float64Array.of(-0.7, 2.1), Float64Array.of(4, 0.2625)]) {
      expectGradient(ref, w, {});
      expectHessian(ref, w, {});
    }
  });

  it('has sharpness 2 (x^2 + y^2) on the minimum set xy = 1', () => {
    const x = 1.7;
    const w = Float64Array.of(x, 1 / x);
    const eig = symmetricEigenvalues(ref.hessian(w, {}), 2);
    expect(eig[1]).toBeCloseTo(2 * (x * x + 1 / (x * x)), 12);
    expect(eig[0]).toBeCloseTo(0, 12);
  });

  it('scales the balance C = x^2 - y^2 by (1 - eta^2 g^2 x^2 y^2) per GD step (docs/equations.md, identity 1)', () => {
    const w = Float64Array.of(2.2, 0.35);
    const eta = 0.3;
    const [x, y] = [2.2, 0.35];
    const g = x * x * y * y - 1;
    const next = gdStep(ref, w, {}, eta);
    const c0 = ref.observe(w, {})[1];
    const c1 = ref.observe(next, {})[1];
    expect(c1 / c0).toBeCloseTo(1 - eta * eta * g * g * x * x * y * y, 12);
  });
});
