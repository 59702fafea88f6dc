import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../../analysis/eigen.js';
import { expectGradient, expectHessian } from '../testing.js';
import { valley } from './index.js';

const ref = valley.reference(valley.normalize({ name: 'valley' }));

describe('valley reference', () => {
  it('has the gradient and Hessian of (1 + x^2) y^2', () => {
    for (const w of [Float64Array.of(1.3, 0.4), Float64Array.of(-0.7, 2.1)]) {
      expectGradient(ref, w, {});
      expectHessian(ref, w, {});
    }
  });

  it('has sharpness 2 (1 + x^2) on the minimisers y = 0', () => {
    const eig = symmetricEigenvalues(ref.hessian(Float64Array.of(1.5, 0), {}), 2);
    expect(eig[1]).toBeCloseTo(2 * (1 + 1.5 ** 2), 14);
  });
});
