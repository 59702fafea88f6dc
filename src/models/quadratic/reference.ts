// float64 reference of the diagonal quadratic L = 1/2 sum_i a_i x_i^2.
import type { Hyper, ModelReference } from '../types.js';

const curv = (h: Hyper): readonly number[] => h.curvatures as readonly number[];

export const reference: ModelReference = {
  lossGrad(w, h, grad) {
    const a = curv(h);
    let loss = 0;
    for (let k = 0; k < w.length; k++) {
      grad[k] = (a[k] as number) * (w[k] as number);
      loss += 0.5 * (a[k] as number) * (w[k] as number) ** 2;
    }
    return loss;
  },
  hvp(w, h, v, out) {
    const a = curv(h);
    for (let k = 0; k < w.length; k++) out[k] = (a[k] as number) * (v[k] as number);
  },
  observe(w) {
    return [w[0] as number, 0];
  },
  hessian(w, h) {
    const n = w.length;
    const H = new Float64Array(n * n);
    for (let k = 0; k < n; k++) H[k * n + k] = curv(h)[k] as number;
    return H;
  },
  start(e) {
    for (let k = 0; k < e.length; k++) e[k] = 1 / (k + 1);
  },
};
