// float64 reference of the deep linear network (shaders/dln/model.wgsl, the same padded 4 x 4 layout): loss,
// gradient and Hessian-vector product through prefix / suffix products and their tangents, and the Hessian
// assembled from exact Hessian-vector products on the unit vectors.
import type { Hyper, ModelReference } from '../types.js';

export type Mat = Float64Array; // 4 x 4 row-major, zero padding past the width

export const matMul = (a: Mat, b: Mat, ta = false, tb = false): Mat => {
  const r = new Float64Array(16);
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++)
        s += (ta ? a[k * 4 + i]! : a[i * 4 + k]!) * (tb ? b[j * 4 + k]! : b[k * 4 + j]!);
      r[i * 4 + j] = s;
    }
  return r;
};
const add = (a: Mat, b: Mat): Mat => a.map((x, k) => x + b[k]!);
const eye = (d: number): Mat => {
  const r = new Float64Array(16);
  for (let i = 0; i < d; i++) r[i * 5] = 1;
  return r;
};
const layer = (w: Float64Array, l: number): Mat => w.slice(16 * l, 16 * l + 16);

/** Prefix products P_0..P_L and suffix products S_1..S_{L+1} (stored at k - 1). */
export function chainProducts(w: Float64Array, depth: number, width: number): { p: Mat[]; s: Mat[] } {
  const p = [eye(width)];
  for (let k = 1; k <= depth; k++) p.push(matMul(layer(w, k - 1), p[k - 1]!));
  const s: Mat[] = new Array(depth + 1);
  s[depth] = eye(width);
  for (let k = depth; k >= 1; k--) s[k - 1] = matMul(s[k]!, layer(w, k - 1));
  return { p, s };
}

export function dlnReference(depth: number, width: number): ModelReference {
  const residual = (p: Mat, h: Hyper) => p.map((x, k) => x - (h.m as readonly number[])[k]!);
  const ref: ModelReference = {
    lossGrad(w, h, grad) {
      const { p, s } = chainProducts(w, depth, width);
      const e = residual(p[depth]!, h);
      for (let l = 0; l < depth; l++)
        grad.set(matMul(matMul(s[l + 1]!, e, true), p[l]!, false, true), 16 * l);
      return 0.5 * e.reduce((a, x) => a + x * x, 0);
    },
    hvp(w, h, v, out) {
      const { p, s } = chainProducts(w, depth, width);
      const e = residual(p[depth]!, h);
      const dp: Mat[] = [new Float64Array(16)];
      for (let k = 1; k <= depth; k++)
        dp.push(add(matMul(layer(v, k - 1), p[k - 1]!), matMul(layer(w, k - 1), dp[k - 1]!)));
      const ds: Mat[] = new Array(depth + 1);
      ds[depth] = new Float64Array(16);
      for (let k = depth; k >= 1; k--)
        ds[k - 1] = add(matMul(ds[k]!, layer(w, k - 1)), matMul(s[k]!, layer(v, k - 1)));
      for (let l = 0; l < depth; l++) {
        const t1 = matMul(matMul(ds[l + 1]!, e, true), p[l]!, false, true);
        const t2 = matMul(matMul(s[l + 1]!, dp[depth]!, true), p[l]!, false, true);
        const t3 = matMul(matMul(s[l + 1]!, e, true), dp[l]!, false, true);
        out.set(add(add(t1, t2), t3), 16 * l);
      }
    },
    observe(w, h) {
      const { p } = chainProducts(w, depth, width);
      const u = h.u1 as readonly number[];
      const v = h.v1 as readonly number[];
      let top = 0;
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) top += u[i]! * p[depth]![i * 4 + j]! * v[j]!;
      const gap = matMul(layer(w, 1), layer(w, 1), true).map(
        (x, k) => x - matMul(layer(w, 0), layer(w, 0), false, true)[k]!,
      );
      return [top, Math.sqrt(gap.reduce((a, x) => a + x * x, 0))];
    },
    hessian(w, h) {
      const n = w.length;
      const H = new Float64Array(n * n);
      const unit = new Float64Array(n);
      const col = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        unit.fill(0);
        unit[j] = 1;
        ref.hvp(w, h, unit, col);
        for (let i = 0; i < n; i++) H[i * n + j] = col[i]!;
      }
      return H;
    },
    start(e) {
      e.fill(0);
      for (let k = 0; k < 16 * depth; k++)
        if (k % 4 < width && Math.floor(k / 4) % 4 < width) e[k] = 1 / (k + 1);
    },
  };
  return ref;
}
