// Layerwise Jacobian alignment (Lowell & Kastner 2024; docs/equations.md "Jacobian alignment"), float64 on the
// host from a lane's parameters: per example j, J^k = dZ_{k+1}/dZ_k = c_{k+1} W_{k+1} diag(phi'(Z_k[:, j])) for
// k = 1..L-1, and alignment_j = ||J^{L-1} ... J^1||_2 / prod_k ||J^k||_2 (1 when each Jacobian's top input
// direction is the previous one's top output direction); the alignment is the mean over examples.
import type { Hyper } from '../types.js';
import { act, fan, mmul, weightAt, type MlpData, type MlpShape, mlpReference } from './reference.js';

/** ||M||_2 of a rows x cols row-major matrix: power iteration on M^T M to a relative change of 1e-13. */
export function spectralNorm(m: Float64Array, rows: number, cols: number): number {
  let x = Float64Array.from({ length: cols }, (_, i) => 1 + i / cols);
  let sigma = 0;
  for (let it = 0; it < 2000; it++) {
    const y = mmul(rows, 1, cols, m, false, x, false);
    const z = mmul(cols, 1, rows, m, true, y, false);
    const n = Math.hypot(...z);
    if (!(n > 0)) return 0;
    x = z.map((v) => v / n);
    const next = Math.sqrt(n);
    if (Math.abs(next - sigma) <= 1e-13 * next) return next;
    sigma = next;
  }
  return sigma;
}

/** Mean over examples of the layerwise Jacobian alignment (NaN for L = 1 or where a Jacobian vanishes). */
export function jacobianAlignment(s: MlpShape, data: MlpData, h: Hyper, w: ArrayLike<number>): number {
  const params = Float64Array.from(w);
  const { z } = mlpReference(s, data).forward(params, h);
  const scale = h.scale as readonly number[];
  let sum = 0;
  let count = 0;
  for (let j = 0; j < s.examples; j++) {
    let product: Float64Array | null = null;
    let norms = 1;
    for (let k = 1; k < s.depth; k++) {
      const [rows, cols] = [fan(s, k + 1), fan(s, k)];
      const W = params.subarray(weightAt(s, k + 1), weightAt(s, k + 2));
      const J = new Float64Array(rows * cols);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++)
          J[r * cols + c] =
            scale[k]! * W[r * cols + c]! * act(s.activation, z[k - 1]![c * s.examples + j]!)[1];
      norms *= spectralNorm(J, rows, cols);
      product = product ? mmul(rows, fan(s, 1), cols, J, false, product, false) : J;
    }
    if (!product || !(norms > 0)) continue;
    sum += spectralNorm(product, s.dOut, fan(s, 1)) / norms;
    count++;
  }
  return count ? sum / count : NaN;
}
