// Sweep axes: value lists, the lane <-> axis-index map (first axis fastest) and the lane count.
import type { AxisSpec } from './types.js';

/** The values an axis takes, in float64. */
export function axisValues(axis: AxisSpec): Float64Array {
  if (axis.values) return Float64Array.from(axis.values);
  const { min = 0, max = 0, count = 1, spacing = 'linear' } = axis;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0 : i / (count - 1);
    out[i] = spacing === 'log' ? min * Math.pow(max / min, t) : min + (max - min) * t;
  }
  return out;
}

/** Number of lanes: the product of the axis lengths (1 without axes). */
export function laneCount(axes: readonly AxisSpec[]): number {
  return axes.reduce((n, a) => n * (a.values ? a.values.length : (a.count ?? 1)), 1);
}

/** Index of `lane` along axis `k` (lanes are the cartesian product, first axis fastest). */
export function axisIndex(lane: number, lengths: readonly number[], k: number): number {
  let stride = 1;
  for (let j = 0; j < k; j++) stride *= lengths[j] as number;
  return Math.floor(lane / stride) % (lengths[k] as number);
}
