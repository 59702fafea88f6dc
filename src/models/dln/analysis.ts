// Host analyses of a deep linear network's parameters (float64): singular values of every layer and of the
// end-to-end product, and the balancing gaps ||D_l||_F = ||W_{l+1}^T W_{l+1} - W_l W_l^T||_F (Ghosh et al.).
import { symmetricEigenvalues } from '../../analysis/eigen.js';
import { chainProducts, layer, matMul } from './reference.js';

/** Singular values of a d x d matrix, largest first (square roots of the eigenvalues of A^T A). */
export function singularValues(a: Float64Array, d: number): number[] {
  const ev = symmetricEigenvalues(matMul(d, a, a, true), d);
  return Array.from(ev, (x) => Math.sqrt(Math.max(0, x))).reverse();
}

export interface DlnAnalysis {
  /** singular[l][i]: the i-th singular value of W_{l+1} (largest first). */
  layers: number[][];
  /** Singular values of W_L ... W_1. */
  product: number[];
  /** gaps[l] = ||W_{l+2}^T W_{l+2} - W_{l+1} W_{l+1}^T||_F for l = 0..L-2. */
  gaps: number[];
}

export function dlnAnalysis(w: ArrayLike<number>, depth: number, d: number): DlnAnalysis {
  const p = Float64Array.from(w);
  const layers = Array.from({ length: depth }, (_, l) => singularValues(layer(p, d, l), d));
  const product = singularValues(chainProducts(p, depth, d).p[depth]!, d);
  const gaps = Array.from({ length: depth - 1 }, (_, l) => {
    const upper = matMul(d, layer(p, d, l + 1), layer(p, d, l + 1), true);
    const lower = matMul(d, layer(p, d, l), layer(p, d, l), false, true);
    return Math.sqrt(upper.reduce((s, x, k) => s + (x - lower[k]!) ** 2, 0));
  });
  return { layers, product, gaps };
}
