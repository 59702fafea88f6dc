// float64 reference of the scalar chain l(w) = 1/2 (w_1 ... w_L - sigma)^2 (docs/equations.md, Models).
import type { ModelReference } from '../types.js';

/** prod_{k not in skip} w_k, as a product of the other factors (never a division). */
function productExcept(w: Float64Array, a = -1, b = -1): number {
  let p = 1;
  for (let k = 0; k < w.length; k++) if (k !== a && k !== b) p *= w[k] as number;
  return p;
}

export const reference: ModelReference = {
  lossGrad(w, h, grad) {
    const r = productExcept(w) - (h.sigma as number);
    for (let a = 0; a < w.length; a++) grad[a] = r * productExcept(w, a);
    return 0.5 * r * r;
  },
  hvp(w, h, v, out) {
    const H = reference.hessian(w, h);
    const n = w.length;
    for (let a = 0; a < n; a++) {
      let s = 0;
      for (let b = 0; b < n; b++) s += (H[a * n + b] as number) * (v[b] as number);
      out[a] = s;
    }
  },
  observe(w) {
    const a = w[0] as number;
    const b = w[w.length - 1] as number;
    return [productExcept(w), a * a - b * b];
  },
  /** H_aa = o_a^2, H_ab = o_a o_b + r o_ab with o_a = P / w_a, o_ab = P / (w_a w_b) as products (derived). */
  hessian(w, h) {
    const n = w.length;
    const r = productExcept(w) - (h.sigma as number);
    const H = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const oo = productExcept(w, a) * productExcept(w, b);
        H[a * n + b] = a === b ? oo : oo + r * productExcept(w, a, b);
      }
    }
    return H;
  },
  start(e) {
    for (let k = 0; k < e.length; k++) e[k] = 1 / (k + 1);
  },
};
