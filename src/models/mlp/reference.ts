// float64 reference of the multilayer perceptron (shaders/mlp/, the same layout and formulas): forward pass,
// exact gradient by backpropagation, and the exact Hessian-vector product by the R-operator (forward-over-
// reverse), docs/equations.md "MLP". Activations are matrices n_l x N (a column per example).
import { hessianFromHvp } from '../hessian.js';
import type { Hyper, ModelReference } from '../types.js';

export const ACTIVATIONS = ['identity', 'tanh', 'relu', 'elu', 'gelu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Shapes: n_0 = inputs (+1 for the constant bias input), n_1..n_{L-1} = width, n_L = outputs; N examples. */
export interface MlpShape {
  depth: number;
  width: number;
  dIn: number;
  dOut: number;
  examples: number;
  activation: Activation;
  /** Cross-entropy on softmax outputs (else 1/2 mean squared error). */
  ce: boolean;
}

/** The dataset every lane shares: x is n_0 x N (column j = example j), y is n_L x N (targets or one-hot). */
export interface MlpData {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

/** Rows of layer l's activations. */
export const fan = (s: MlpShape, l: number): number => (l === 0 ? s.dIn : l === s.depth ? s.dOut : s.width);
/** Word offset of W_l (n_l x n_{l-1}, row-major) in the parameter vector, l = 1..L. */
export const weightAt = (s: MlpShape, l: number): number => {
  let at = 0;
  for (let k = 1; k < l; k++) at += fan(s, k) * fan(s, k - 1);
  return at;
};
export const mlpParams = (s: MlpShape): number => weightAt(s, s.depth + 1);

const C = Math.sqrt(2 / Math.PI);
const K = 0.044715;

/** phi(z), phi'(z), phi''(z) (GELU in its tanh form; ELU with alpha = 1; relu'(0) = 0). */
export function act(kind: Activation, z: number): [number, number, number] {
  switch (kind) {
    case 'identity':
      return [z, 1, 0];
    case 'tanh': {
      const t = Math.tanh(z);
      return [t, 1 - t * t, -2 * t * (1 - t * t)];
    }
    case 'relu':
      return z > 0 ? [z, 1, 0] : [0, 0, 0];
    case 'elu':
      return z > 0 ? [z, 1, 0] : [Math.expm1(z), Math.exp(z), Math.exp(z)];
    case 'gelu': {
      const u = C * (z + K * z ** 3);
      const du = C * (1 + 3 * K * z * z);
      const ddu = C * 6 * K * z;
      const t = Math.tanh(u);
      const s = 1 - t * t;
      return [
        0.5 * z * (1 + t),
        0.5 * (1 + t) + 0.5 * z * s * du,
        s * du + 0.5 * z * s * (ddu - 2 * t * du * du),
      ];
    }
  }
}

/** op(a) op(b): a is m x k (or k x m when ta), b is k x n (or n x k when tb); sums in k order. */
export function mmul(
  m: number,
  n: number,
  k: number,
  a: ArrayLike<number>,
  ta: boolean,
  b: ArrayLike<number>,
  tb: boolean,
): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++)
        s += (ta ? a[q * m + i]! : a[i * k + q]!) * (tb ? b[j * k + q]! : b[q * n + j]!);
      c[i * n + j] = s;
    }
  return c;
}

interface Forward {
  a: Float64Array[]; // A_0..A_{L-1}
  z: Float64Array[]; // Z_1..Z_L at index l - 1
}

export function mlpReference(
  s: MlpShape,
  data: MlpData,
): ModelReference & {
  forward(w: Float64Array, h: Hyper): Forward;
  /** Gauss-Newton quadratic form v^T J^T H_loss J v (the model's `balance` with v = the top eigenvector). */
  gaussNewton(w: Float64Array, h: Hyper, v: Float64Array): number;
} {
  const L = s.depth;
  const N = s.examples;
  const W = (w: Float64Array, l: number) => w.subarray(weightAt(s, l), weightAt(s, l + 1));
  const scale = (h: Hyper, l: number) => (h.scale as readonly number[])[l - 1]!;
  const mm = (l: number, x: ArrayLike<number>, y: ArrayLike<number>) =>
    mmul(fan(s, l), N, fan(s, l - 1), x, false, y, false);

  const forward = (w: Float64Array, h: Hyper): Forward => {
    const a = [Float64Array.from(data.x)];
    const z: Float64Array[] = [];
    for (let l = 1; l <= L; l++) {
      const zl = mm(l, W(w, l), a[l - 1]!).map((x) => x * scale(h, l));
      z.push(zl);
      if (l < L) a.push(zl.map((x) => act(s.activation, x)[0]));
    }
    return { a, z };
  };
  // Per example: the loss, d loss / dF (divided by N) and the loss Hessian applied to a tangent dF.
  const softmax = (f: Float64Array, j: number): number[] => {
    const col = Array.from({ length: s.dOut }, (_, o) => f[o * N + j]!);
    const m = Math.max(...col);
    const e = col.map((x) => Math.exp(x - m));
    const z = e.reduce((p, x) => p + x, 0);
    return e.map((x) => x / z);
  };
  const outDelta = (f: Float64Array): { loss: number; delta: Float64Array } => {
    const delta = new Float64Array(f.length);
    let loss = 0;
    for (let j = 0; j < N; j++) {
      const p = s.ce ? softmax(f, j) : [];
      for (let o = 0; o < s.dOut; o++) {
        const k = o * N + j;
        if (s.ce) {
          loss -= data.y[k]! * Math.log(p[o]!);
          delta[k] = (p[o]! - data.y[k]!) / N;
        } else {
          loss += 0.5 * (f[k]! - data.y[k]!) ** 2;
          delta[k] = (f[k]! - data.y[k]!) / N;
        }
      }
    }
    return { loss: loss / N, delta };
  };
  const lossHess = (f: Float64Array, df: Float64Array): Float64Array => {
    const out = new Float64Array(f.length);
    for (let j = 0; j < N; j++) {
      const p = s.ce ? softmax(f, j) : [];
      let pdf = 0;
      for (let o = 0; o < s.dOut; o++) pdf += s.ce ? p[o]! * df[o * N + j]! : 0;
      for (let o = 0; o < s.dOut; o++) {
        const k = o * N + j;
        out[k] = (s.ce ? p[o]! * (df[k]! - pdf) : df[k]!) / N;
      }
    }
    return out;
  };
  // Backward pass: deltas d_l = dLoss/dZ_l and the back signals b_{l-1} = c_l W_l^T d_l (index l - 2).
  const backward = (w: Float64Array, h: Hyper, fw: Forward, dL: Float64Array) => {
    const d: Float64Array[] = new Array(L);
    const b: Float64Array[] = new Array(L);
    d[L - 1] = dL;
    for (let l = L; l > 1; l--) {
      const bl = mmul(fan(s, l - 1), N, fan(s, l), W(w, l), true, d[l - 1]!, false).map(
        (x) => x * scale(h, l),
      );
      b[l - 2] = bl;
      d[l - 2] = bl.map((x, k) => x * act(s.activation, fw.z[l - 2]![k]!)[1]);
    }
    return { d, b };
  };
  const tangentForward = (w: Float64Array, h: Hyper, fw: Forward, v: Float64Array) => {
    const da = [new Float64Array(s.dIn * N)];
    const dz: Float64Array[] = [];
    for (let l = 1; l <= L; l++) {
      const t = mm(l, W(v, l), fw.a[l - 1]!);
      const u = mm(l, W(w, l), da[l - 1]!);
      const dzl = t.map((x, k) => (x + u[k]!) * scale(h, l));
      dz.push(dzl);
      if (l < L) da.push(dzl.map((x, k) => x * act(s.activation, fw.z[l - 1]![k]!)[1]));
    }
    return { da, dz };
  };

  const ref = {
    forward,
    lossGrad(w: Float64Array, h: Hyper, grad: Float64Array): number {
      const fw = forward(w, h);
      const { loss, delta } = outDelta(fw.z[L - 1]!);
      const { d } = backward(w, h, fw, delta);
      for (let l = 1; l <= L; l++)
        grad.set(
          mmul(fan(s, l), fan(s, l - 1), N, d[l - 1]!, false, fw.a[l - 1]!, true).map((x) => x * scale(h, l)),
          weightAt(s, l),
        );
      return loss;
    },
    hvp(w: Float64Array, h: Hyper, v: Float64Array, out: Float64Array): void {
      const fw = forward(w, h);
      const f = fw.z[L - 1]!;
      const { delta } = outDelta(f);
      const { d, b } = backward(w, h, fw, delta);
      const { da, dz } = tangentForward(w, h, fw, v);
      let dd = lossHess(f, dz[L - 1]!);
      for (let l = L; l >= 1; l--) {
        const r = mmul(fan(s, l), fan(s, l - 1), N, dd, false, fw.a[l - 1]!, true);
        const r2 = mmul(fan(s, l), fan(s, l - 1), N, d[l - 1]!, false, da[l - 1]!, true);
        out.set(
          r.map((x, k) => (x + r2[k]!) * scale(h, l)),
          weightAt(s, l),
        );
        if (l > 1) {
          const t1 = mmul(fan(s, l - 1), N, fan(s, l), W(v, l), true, d[l - 1]!, false);
          const t2 = mmul(fan(s, l - 1), N, fan(s, l), W(w, l), true, dd, false);
          const z = fw.z[l - 2]!;
          dd = t1.map((x, k) => {
            const [, p1, p2] = act(s.activation, z[k]!);
            return p2 * dz[l - 2]![k]! * b[l - 2]![k]! + p1 * scale(h, l) * (x + t2[k]!);
          });
        }
      }
    },
    gaussNewton(w: Float64Array, h: Hyper, v: Float64Array): number {
      const fw = forward(w, h);
      const df = tangentForward(w, h, fw, v).dz[L - 1]!;
      const hdf = lossHess(fw.z[L - 1]!, df);
      return df.reduce((p, x, k) => p + x * hdf[k]!, 0);
    },
    observe(w: Float64Array, h: Hyper, e?: Float64Array): [number, number] {
      const f = forward(w, h).z[L - 1]!;
      return [f[0]!, e ? ref.gaussNewton(w, h, e) : 0];
    },
    hessian(w: Float64Array, h: Hyper): Float64Array {
      return hessianFromHvp(ref.hvp, w, h);
    },
    start(e: Float64Array): void {
      for (let k = 0; k < e.length; k++) e[k] = 1 / (k + 1);
    },
  };
  return ref;
}
