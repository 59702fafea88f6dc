// The dense Hessian of a model reference from its exact Hessian-vector products (column j = H e_j): the test
// oracle of models whose closed form would be the HVP itself (dln, mlp).
import type { Hyper } from './types.js';

export function hessianFromHvp(
  hvp: (w: Float64Array, h: Hyper, v: Float64Array, out: Float64Array) => void,
  w: Float64Array,
  h: Hyper,
): Float64Array {
  const n = w.length;
  const H = new Float64Array(n * n);
  const unit = new Float64Array(n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    unit.fill(0);
    unit[j] = 1;
    hvp(w, h, unit, col);
    for (let i = 0; i < n; i++) H[i * n + j] = col[i]!;
  }
  return H;
}
