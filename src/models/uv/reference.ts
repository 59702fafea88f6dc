// float64 reference of the UV model f = c v.u, L = 1/2 (f - y)^2 (Kalra et al. 2025); params [u..., v...].
import type { Hyper, ModelReference } from '../types.js';

function dotUV(w: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (w[i] as number) * (w[n + i] as number);
  return s;
}

/** The reference for the NTK (c = x / sqrt(n)) or standard (c = x) parameterisation. */
export function uvReference(standard: boolean): ModelReference {
  const coupling = (h: Hyper, n: number): number =>
    standard ? (h.x as number) : (h.x as number) / Math.sqrt(n);
  const reference: ModelReference = {
    start(e) {
      const n = e.length / 2;
      for (let i = 0; i < n; i++) {
        e[i] = 1 / Math.sqrt(i + 1);
        e[n + i] = 1 / Math.sqrt(i + 2);
      }
    },
    lossGrad(w, h, grad) {
      const n = w.length / 2;
      const c = coupling(h, n);
      const d = c * dotUV(w, n) - (h.y as number);
      for (let i = 0; i < n; i++) {
        grad[i] = d * c * (w[n + i] as number);
        grad[n + i] = d * c * (w[i] as number);
      }
      return 0.5 * d * d;
    },
    hvp(w, h, v, out) {
      const n = w.length / 2;
      const c = coupling(h, n);
      const d = c * dotUV(w, n) - (h.y as number);
      let ds = 0;
      for (let i = 0; i < n; i++)
        ds += (v[n + i] as number) * (w[i] as number) + (v[i] as number) * (w[n + i] as number);
      for (let i = 0; i < n; i++) {
        out[i] = ds * c * c * (w[n + i] as number) + d * c * (v[n + i] as number);
        out[n + i] = ds * c * c * (w[i] as number) + d * c * (v[i] as number);
      }
    },
    observe(w, h) {
      const n = w.length / 2;
      const c = coupling(h, n);
      let plus = 0;
      let minus = 0;
      for (let i = 0; i < n; i++) {
        plus += ((w[i] as number) + (w[n + i] as number)) ** 2;
        minus += ((w[i] as number) - (w[n + i] as number)) ** 2;
      }
      return [c * dotUV(w, n), c ** 4 * plus * minus];
    },
    /** H = c^2 [v; u][v; u]^T + D c [[0, I], [I, 0]]. */
    hessian(w, h) {
      const n = w.length / 2;
      const c = coupling(h, n);
      const d = c * dotUV(w, n) - (h.y as number);
      const g = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        g[i] = c * (w[n + i] as number);
        g[n + i] = c * (w[i] as number);
      }
      const H = new Float64Array(4 * n * n);
      for (let a = 0; a < 2 * n; a++)
        for (let b = 0; b < 2 * n; b++) H[a * 2 * n + b] = (g[a] as number) * (g[b] as number);
      for (let i = 0; i < n; i++) {
        H[i * 2 * n + n + i] = (H[i * 2 * n + n + i] as number) + d * c;
        H[(n + i) * 2 * n + i] = (H[(n + i) * 2 * n + i] as number) + d * c;
      }
      return H;
    },
  };
  return reference;
}
