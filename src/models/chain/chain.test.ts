import { describe, expect, it } from 'vitest';
import { classify } from '../../analysis/classify.js';
import { symmetricEigenvalues } from '../../analysis/eigen.js';
import { runReference } from '../../engine/reference.js';
import { expectGradient, expectHessian, gdStep } from '../testing.js';
import { chain } from './index.js';

const ref = chain.reference(chain.normalize({ name: 'chain', depth: 3 }));

describe('chain reference', () => {
  it('has the gradient and the closed-form Hessian of 1/2 (w_1 w_2 w_3 - sigma)^2', () => {
    for (const w of [Float64Array.of(0.5, 1.2, -0.8), Float64Array.of(1.1, 0.9, 1.3)]) {
      expectGradient(ref, w, { sigma: 1.5 });
      expectHessian(ref, w, { sigma: 1.5 });
    }
  });

  it('has sharpness L sigma^(2 - 2/L) at the balanced minimum', () => {
    const sigma = 2;
    const w = new Float64Array(3).fill(sigma ** (1 / 3));
    const eig = symmetricEigenvalues(ref.hessian(w, { sigma }), 3);
    expect(eig[2]).toBeCloseTo(3 * sigma ** (2 - 2 / 3), 12);
  });

  it('scales w_a^2 - w_b^2 by (1 - eta^2 r^2 P^2 / (w_a^2 w_b^2)) per GD step (docs/equations.md, identity 1)', () => {
    const w = Float64Array.of(0.9, 1.3, 0.7);
    const sigma = 1.4;
    const eta = 0.35;
    const P = 0.9 * 1.3 * 0.7;
    const r = P - sigma;
    const next = gdStep(ref, w, { sigma }, eta);
    const before = 0.9 ** 2 - 1.3 ** 2;
    const after = (next[0] as number) ** 2 - (next[1] as number) ** 2;
    expect(after / before).toBeCloseTo(1 - (eta * eta * r * r * P * P) / (0.9 ** 2 * 1.3 ** 2), 12);
  });

  it('follows the balanced L = 2 map: converge for s < 1, 2-cycle b1 + b2 = 1 + s, b1 b2 = 1 (docs/equations.md, identity 3)', () => {
    // w_k = z (sigma = 1, lambda_flat = 2): eta = kappa / 2 = s. The 2-cycle exists for s > 1 and is stable
    // until s = sqrt(5) - 1 ~ 1.236; then period 4 until ~1.288 (Feigenbaum spacing).
    const run = (s: number) =>
      runReference({
        model: { name: 'chain', depth: 2, target: 1 },
        init: { value: 0.7 },
        optimizer: { name: 'gd', lr: s },
        steps: 4000,
        record: { observables: ['output'], last: 64 },
      })[0]!;
    const periodOf = (s: number) => classify(run(s).record.output!, false).period;
    expect(periodOf(0.9)).toBe(1);
    expect(periodOf(1.1)).toBe(2);
    expect(periodOf(1.26)).toBe(4);
    const s = 1.1;
    const out = run(s).record.output!;
    const [b1, b2] = [s * (out[62] as number), s * (out[63] as number)];
    expect(b1 + b2).toBeCloseTo(1 + s, 9);
    expect(b1 * b2).toBeCloseTo(1, 9);
  });
});
