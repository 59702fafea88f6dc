// float64 reference of the deep linear network (shaders/dln/model.wgsl, the same layout: W_l row-major d x d at
// (l - 1) d^2): loss, gradient and Hessian-vector product through prefix / suffix products and their tangents,
// and the Hessian assembled from exact Hessian-vector products on the unit vectors.
import { hessianFromHvp } from '../hessian.js';
import type { ModelReference } from '../types.js';

export type Mat = Float64Array; // d x d row-major

/** The target and its top singular pair (the same for every lane). */
export interface DlnTarget {
  m: ArrayLike<number>;
  u1: ArrayLike<number>;
  v1: ArrayLike<number>;
}

/** op(a) op(b) for d x d matrices, summed in k order (as the WGSL products are). */
export function matMul(d: number, a: Mat, b: Mat, ta = false, tb = false): Mat {
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < d; k++)
        s += (ta ? a[k * d + i]! : a[i * d + k]!) * (tb ? b[j * d + k]! : b[k * d + j]!);
      r[i * d + j] = s;
    }
  return r;
}

const add = (a: Mat, b: Mat): Mat => a.map((x, k) => x + b[k]!);
const eye = (d: number): Mat => {
  const r = new Float64Array(d * d);
  for (let i = 0; i < d; i++) r[i * (d + 1)] = 1;
  return r;
};

/** Layer l (0-based) of a parameter vector. */
export const layer = (w: Float64Array, d: number, l: number): Mat => w.slice(d * d * l, d * d * (l + 1));

/** Prefix products P_0..P_L and suffix products S_1..S_{L+1} (stored at k - 1). */
export function chainProducts(w: Float64Array, depth: number, d: number): { p: Mat[]; s: Mat[] } {
  const p = [eye(d)];
  for (let k = 1; k <= depth; k++) p.push(matMul(d, layer(w, d, k - 1), p[k - 1]!));
  const s: Mat[] = new Array(depth + 1);
  s[depth] = eye(d);
  for (let k = depth; k >= 1; k--) s[k - 1] = matMul(d, s[k]!, layer(w, d, k - 1));
  return { p, s };
}

/** ||W_2^T W_2 - W_1 W_1^T||_F (Ghosh et al.'s balancing gap D_1). */
export function gapNorm(w: Float64Array, d: number): number {
  const upper = matMul(d, layer(w, d, 1), layer(w, d, 1), true);
  const lower = matMul(d, layer(w, d, 0), layer(w, d, 0), false, true);
  return Math.sqrt(upper.reduce((a, x, k) => a + (x - lower[k]!) ** 2, 0));
}

export function dlnReference(depth: number, d: number, target: DlnTarget): ModelReference {
  const D = d * d;
  const residual = (p: Mat) => p.map((x, k) => x - target.m[k]!);
  const ref: ModelReference = {
    lossGrad(w, _h, grad) {
      const { p, s } = chainProducts(w, depth, d);
      const e = residual(p[depth]!);
      for (let l = 0; l < depth; l++)
        grad.set(matMul(d, matMul(d, s[l + 1]!, e, true), p[l]!, false, true), D * l);
      return 0.5 * e.reduce((a, x) => a + x * x, 0);
    },
    hvp(w, _h, v, out) {
      const { p, s } = chainProducts(w, depth, d);
      const e = residual(p[depth]!);
      const dp: Mat[] = [new Float64Array(D)];
      for (let k = 1; k <= depth; k++)
        dp.push(add(matMul(d, layer(v, d, k - 1), p[k - 1]!), matMul(d, layer(w, d, k - 1), dp[k - 1]!)));
      const ds: Mat[] = new Array(depth + 1);
      ds[depth] = new Float64Array(D);
      for (let k = depth; k >= 1; k--)
        ds[k - 1] = add(matMul(d, ds[k]!, layer(w, d, k - 1)), matMul(d, s[k]!, layer(v, d, k - 1)));
      for (let l = 0; l < depth; l++) {
        const t1 = matMul(d, matMul(d, ds[l + 1]!, e, true), p[l]!, false, true);
        const t2 = matMul(d, matMul(d, s[l + 1]!, dp[depth]!, true), p[l]!, false, true);
        const t3 = matMul(d, matMul(d, s[l + 1]!, e, true), dp[l]!, false, true);
        out.set(add(add(t1, t2), t3), D * l);
      }
    },
    observe(w) {
      const { p } = chainProducts(w, depth, d);
      let top = 0;
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) top += target.u1[i]! * p[depth]![i * d + j]! * target.v1[j]!;
      return [top, gapNorm(w, d)];
    },
    hessian: (w, h) => hessianFromHvp(ref.hvp, w, h),
    start(e) {
      for (let k = 0; k < e.length; k++) e[k] = 1 / (k + 1);
    },
  };
  return ref;
}
