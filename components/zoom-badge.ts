// The deep-zoom badge of the figure elements (issue 20): the precision a zoomed figure runs in, how deep it is
// (the magnification of its window against the element's own spec), and what double costs in time. No DOM.
import type { NormalSpec } from '../src/spec/types.js';

/**
 * Time of a double run over a single one of the same lanes: the minimalist's ratio measured by
 * `npm run bench` (bench/double.js; bench/RESULTS.md, "precision double"), rounded up.
 */
export const DOUBLE_COST = 7;

/** How much narrower the zoomed sweep is than the base one: the largest ratio of axis widths (1 when unzoomed). */
export function zoomDepth(base: NormalSpec, zoomed: NormalSpec): number {
  let depth = 1;
  zoomed.sweep.forEach((a, k) => {
    const b = base.sweep[k];
    const width = (x: typeof a | undefined) =>
      x && x.min !== undefined && x.max !== undefined ? Math.abs(x.max - x.min) : NaN;
    const r = width(b) / width(a);
    if (Number.isFinite(r) && r > depth) depth = r;
  });
  return depth;
}

/** A magnification as people write it: 12x, 3.8e10x. */
export function magnification(depth: number): string {
  if (depth < 1000) return `${Number(depth.toPrecision(2))}x`;
  return `${depth.toExponential(1).replace('e+', 'e')}x`;
}

/**
 * The badge's text: empty for a single-precision figure at its own scale.
 * @example
 * badgeText('double', 3.8e10); // 'double precision · 3.8e10x · ~7x the time'
 */
export function badgeText(precision: 'single' | 'double', depth: number): string {
  const deep = depth > 1.0001 ? magnification(depth) : '';
  if (precision === 'single') return deep ? `single precision · ${deep}` : '';
  return ['double precision', deep, `~${DOUBLE_COST}x the time`].filter(Boolean).join(' · ');
}
