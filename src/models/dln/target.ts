// The deep linear network's random bases: the target's U and V (from model.seed) and the orthogonal init.
import { gaussian } from '../init.js';
import type { ModelSpec } from '../../spec/types.js';

/** d orthonormal columns (d x d row-major, column c at [i * d + c]) by Gram-Schmidt on seeded Gaussian draws. */
export function orthonormal(d: number, seed: number, offset: number): Float64Array {
  const q = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    const col = Array.from({ length: d }, (_, i) => gaussian(seed, offset + c * d + i));
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += col[i]! * q[i * d + p]!;
      for (let i = 0; i < d; i++) col[i] = col[i]! - dot * q[i * d + p]!;
    }
    const n = Math.hypot(...col);
    for (let i = 0; i < d; i++) q[i * d + c] = col[i]! / n;
  }
  return q;
}

/** U and V of the target M = U diag(spectrum) V^T, drawn from model.seed. */
export function targetBases(model: ModelSpec): { U: Float64Array; V: Float64Array } {
  const d = model.width as number;
  return { U: orthonormal(d, model.seed as number, 0), V: orthonormal(d, model.seed as number, 1 << 20) };
}
