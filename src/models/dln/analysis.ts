// Host analyses of a deep linear network's parameters (float64): singular values of every layer and of the
// end-to-end product, and the balancing gaps ||D_l||_F = ||W_{l+1}^T W_{l+1} - W_l W_l^T||_F (Ghosh et al.).
import { symmetricEigenvalues } from '../../analysis/eigen.js';
import type { HostObservable, HostObservableName } from '../types.js';
import { targetBases } from './target.js';
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

/** Singular values kept per matrix in the `singular` record (all of them up to d = 8). */
export const SINGULAR_TOP = 8;

/**
 * The deep linear network's recorded host observables (docs/equations.md, "DLN analyses"):
 * `singular` = rows W_1..W_L then the product, each its top min(d, 8) singular values; `gap` = ||D_l||_F;
 * `modes` = u_i^T W_L...W_1 v_i for the target's singular pairs (u_i, v_i), i < r: each mode's own amplitude,
 * which does not swap places when two singular values cross during an oscillation, as sorted values do.
 */
export const dlnObservables: Partial<Record<HostObservableName, HostObservable>> = {
  singular: {
    shape: (m) => [(m.depth as number) + 1, Math.min(m.width as number, SINGULAR_TOP)],
    prepare: (m) => (w) => {
      const { layers, product } = dlnAnalysis(w, m.depth as number, m.width as number);
      return [...layers, product].flatMap((sv) => sv.slice(0, SINGULAR_TOP));
    },
  },
  gap: {
    shape: (m) => [(m.depth as number) - 1],
    prepare: (m) => (w) => dlnAnalysis(w, m.depth as number, m.width as number).gaps,
  },
  modes: {
    shape: (m) => [(m.spectrum as number[]).length],
    prepare: (m) => {
      const d = m.width as number;
      const depth = m.depth as number;
      const { U, V } = targetBases(m);
      return (w) => {
        const p = chainProducts(w, depth, d).p[depth]!;
        return (m.spectrum as number[]).map((_, r) => {
          let s = 0;
          for (let i = 0; i < d; i++)
            for (let j = 0; j < d; j++) s += U[i * d + r]! * p[i * d + j]! * V[j * d + r]!;
          return s;
        });
      };
    },
  },
};

/**
 * Modes predicted to oscillate at learning rate eta (Ghosh et al.): mode i, a scalar chain at its balanced
 * minimum with sharpness L s_i^(2 - 2/L), leaves it when eta exceeds 2 / (L s_i^(2 - 2/L)).
 * @example
 * predictedOscillatingModes(2, [2, 1, 0.25], 0.55); // 1: only s = 2 (threshold 0.5) is past its edge
 */
export function predictedOscillatingModes(depth: number, spectrum: readonly number[], eta: number): number {
  return spectrum.filter((s) => eta > 2 / (depth * s ** (2 - 2 / depth))).length;
}
