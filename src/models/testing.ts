// Test helpers for model references: derivatives against central differences in float64.
import { expect } from 'vitest';
import type { Hyper, ModelReference } from './types.js';

/**
 * Central differences with step h = 1e-5: truncation error ~ h^2 |f'''| ~ 1e-10 and rounding ~ eps |f| / h
 * ~ 1e-11 for the O(1) values used here, so 1e-6 (relative to max(1, |value|)) leaves a wide margin.
 */
const H = 1e-5;
const TOL = 1e-6;

function close(actual: number, expected: number, what: string): void {
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected) / scale, `${what}: ${actual} vs ${expected}`).toBeLessThan(TOL);
}

/** The analytic gradient matches central differences of the loss. */
export function expectGradient(ref: ModelReference, w: Float64Array, h: Hyper): void {
  const g = new Float64Array(w.length);
  const scratch = new Float64Array(w.length);
  ref.lossGrad(w, h, g);
  for (let k = 0; k < w.length; k++) {
    const plus = Float64Array.from(w);
    const minus = Float64Array.from(w);
    plus[k] = (plus[k] as number) + H;
    minus[k] = (minus[k] as number) - H;
    const fd = (ref.lossGrad(plus, h, scratch) - ref.lossGrad(minus, h, scratch)) / (2 * H);
    close(g[k] as number, fd, `grad[${k}]`);
  }
}

/** The closed-form Hessian matches central differences of the gradient, and hvp matches H v. */
export function expectHessian(ref: ModelReference, w: Float64Array, h: Hyper): void {
  const n = w.length;
  const hess = ref.hessian(w, h);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const plus = Float64Array.from(w);
    const minus = Float64Array.from(w);
    plus[k] = (plus[k] as number) + H;
    minus[k] = (minus[k] as number) - H;
    ref.lossGrad(plus, h, gp);
    ref.lossGrad(minus, h, gm);
    for (let a = 0; a < n; a++)
      close(hess[a * n + k] as number, ((gp[a] as number) - (gm[a] as number)) / (2 * H), `H[${a},${k}]`);
  }
  const v = Float64Array.from({ length: n }, (_, i) => Math.sin(1 + 3 * i));
  const hv = new Float64Array(n);
  ref.hvp(w, h, v, hv);
  for (let a = 0; a < n; a++) {
    let s = 0;
    for (let b = 0; b < n; b++) s += (hess[a * n + b] as number) * (v[b] as number);
    close(hv[a] as number, s, `(Hv)[${a}]`);
  }
}

/** One GD step in float64: returns the new parameters and the loss/gradient at the old ones. */
export function gdStep(ref: ModelReference, w: Float64Array, h: Hyper, lr: number): Float64Array {
  const g = new Float64Array(w.length);
  ref.lossGrad(w, h, g);
  return w.map((x, k) => x - lr * (g[k] as number));
}
