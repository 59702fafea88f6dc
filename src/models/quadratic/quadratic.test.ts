import { describe, expect, it } from 'vitest';
import { runReference } from '../../engine/reference.js';
import { expectGradient, expectHessian } from '../testing.js';
import { quadratic } from './index.js';

const model = quadratic.normalize({ name: 'quadratic', curvatures: [1, 4, -0.5] });
const ref = quadratic.reference(model);
const h = { curvatures: [1, 4, -0.5, 0, 0, 0, 0, 0] };

describe('quadratic reference', () => {
  it('has the gradient and Hessian of 1/2 sum a_i x_i^2', () => {
    expectGradient(ref, Float64Array.of(0.3, -1.2, 2), h);
    expectHessian(ref, Float64Array.of(0.3, -1.2, 2), h);
  });

  it('is stable under GD iff eta < 2 / max a (control case)', () => {
    const spec = (lr: number) => ({
      model: { name: 'quadratic', curvatures: [1, 4] },
      init: { value: 1 },
      optimizer: { name: 'gd' as const, lr },
      steps: 400,
      record: { observables: ['loss' as const], last: 1 },
    });
    const [below] = runReference(spec(0.49));
    const [above] = runReference(spec(0.51));
    expect(below?.divergedAt).toBe(-1);
    expect(below?.final.loss).toBeLessThan(1e-10);
    expect(above?.divergedAt).toBeGreaterThan(0);
  });
});
