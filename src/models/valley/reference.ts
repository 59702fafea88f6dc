// float64 reference of the valley L(x, y) = (1 + x^2) y^2 (Arora et al. 2022, Figure 1).
import type { ModelReference } from '../types.js';

export const reference: ModelReference = {
  lossGrad(w, _h, grad) {
    const [x, y] = w as unknown as [number, number];
    grad[0] = 2 * x * y * y;
    grad[1] = 2 * (1 + x * x) * y;
    return (1 + x * x) * y * y;
  },
  hvp(w, h, v, out) {
    const H = reference.hessian(w, h);
    out[0] = (H[0] as number) * (v[0] as number) + (H[1] as number) * (v[1] as number);
    out[1] = (H[2] as number) * (v[0] as number) + (H[3] as number) * (v[1] as number);
  },
  observe(w) {
    return [w[1] as number, w[0] as number];
  },
  hessian(w) {
    const [x, y] = w as unknown as [number, number];
    return Float64Array.of(2 * y * y, 4 * x * y, 4 * x * y, 2 * (1 + x * x));
  },
  start(e) {
    e[0] = 1;
    e[1] = 0.618034;
  },
};
