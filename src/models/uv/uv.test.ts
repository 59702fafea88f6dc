import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../../analysis/eigen.js';
import { gaussian } from '../init.js';
import { expectGradient, expectHessian, gdStep } from '../testing.js';
import { uv } from './index.js';

const n = 6;
const ref = uv.reference(uv.normalize({ name: 'uv', width: n }));
const refStd = uv.reference(uv.normalize({ name: 'uv', width: n, parameterization: 'standard' }));
const w0 = Float64Array.from({ length: 2 * n }, (_, k) => 0.4 * gaussian(7, k));

/** lambda = (|u|^2 + |v|^2) x^2 / n, f, D = f - y for x = 1 (NTK). */
function ntkState(w: Float64Array, y: number) {
  let uu = 0;
  let dot = 0;
  for (let i = 0; i < n; i++) {
    uu += (w[i] as number) ** 2 + (w[n + i] as number) ** 2;
    dot += (w[i] as number) * (w[n + i] as number);
  }
  const f = dot / Math.sqrt(n);
  return { lambda: uu / n, f, D: f - y };
}

describe('uv reference', () => {
  it('has the gradient and Hessian of 1/2 (c v.u - y)^2 in both parameterisations', () => {
    expectGradient(ref, w0, { y: 1, x: 1 });
    expectHessian(ref, w0, { y: 1, x: 1 });
    expectGradient(refStd, w0, { y: 0.5, x: 0.8 });
    expectHessian(refStd, w0, { y: 0.5, x: 0.8 });
  });

  it('has the closed-form sharpness max((lambda + sqrt(lambda^2 + 4 D (2f + D)/n)) / 2, |D|/sqrt(n))', () => {
    for (const y of [1, -3, 0.1]) {
      const { lambda, f, D } = ntkState(w0, y);
      const closed = Math.max(
        (lambda + Math.sqrt(lambda ** 2 + (4 * D * (2 * f + D)) / n)) / 2,
        Math.abs(D) / Math.sqrt(n),
      );
      const eig = symmetricEigenvalues(ref.hessian(w0, { y, x: 1 }), 2 * n);
      expect(eig[2 * n - 1]).toBeCloseTo(closed, 10);
    }
  });

  it("obeys the function-space map and K' = K (1 - a^2)^2, a = eta D / sqrt(n) (docs/equations.md, identities 1, 2)", () => {
    const y = 1;
    const eta = 2.5;
    const s0 = ntkState(w0, y);
    const next = gdStep(ref, w0, { y, x: 1 }, eta);
    const s1 = ntkState(next, y);
    expect(s1.D).toBeCloseTo(s0.D * (1 - eta * s0.lambda + (eta * eta * s0.D * s0.f) / n), 12);
    expect(s1.lambda).toBeCloseTo(
      s0.lambda + (eta * eta * s0.D ** 2 * s0.lambda - 4 * eta * s0.D * s0.f) / n,
      12,
    );
    const a = (eta * s0.D) / Math.sqrt(n);
    const k0 = ref.observe(w0, { y, x: 1 })[1];
    const k1 = ref.observe(next, { y, x: 1 })[1];
    expect(k1 / k0).toBeCloseTo((1 - a * a) ** 2, 12);
    expect(k0).toBeCloseTo(s0.lambda ** 2 - (4 * s0.f ** 2) / n, 12);
  });

  it('converges in one step from f = 0 with eta lambda = 1', () => {
    const u = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 0.5 : 0));
    const v = Float64Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 0.5));
    const w = Float64Array.from([...u, ...v]);
    const { lambda, f } = ntkState(w, 1);
    expect(f).toBeCloseTo(0, 14);
    const next = gdStep(ref, w, { y: 1, x: 1 }, 1 / lambda);
    expect(ntkState(next, 1).D).toBeCloseTo(0, 12);
  });
});
