// float64 reference of the minimalist example L(x, y) = 1/4 (x^2 y^2 - 1)^2 (Zhu et al. 2023).
import type { ModelReference } from '../types.js';

export const reference: ModelReference = {
  lossGrad(w, _h, grad) {
    const [x, y] = w as unknown as [number, number];
    const p = x * y;
    const g = (p - 1) * (p + 1);
    grad[0] = g * p * y;
    grad[1] = g * p * x;
    return 0.25 * g * g;
  },
  hvp(w, h, v, out) {
    const H = reference.hessian(w, h);
    out[0] = (H[0] as number) * (v[0] as number) + (H[1] as number) * (v[1] as number);
    out[1] = (H[2] as number) * (v[0] as number) + (H[3] as number) * (v[1] as number);
  },
  observe(w) {
    const [x, y] = w as unknown as [number, number];
    return [x * y, x * x - y * y];
  },
  hessian(w) {
    const [x, y] = w as unknown as [number, number];
    const hxx = 3 * x * x * y ** 4 - y * y;
    const hyy = 3 * x ** 4 * y * y - x * x;
    const hxy = 4 * x ** 3 * y ** 3 - 2 * x * y;
    return Float64Array.of(hxx, hxy, hxy, hyy);
  },
  start(e) {
    e[0] = 1;
    e[1] = 0.618034;
  },
};
