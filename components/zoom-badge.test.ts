// The deep-zoom badge (zoom-badge.ts): depth = the largest ratio of base to zoomed axis widths; the text names the
// precision, the magnification and double's measured cost. Mutation: taking the smallest ratio instead of the
// largest gives 2.0e9x for the map below and fails the first test.
import { describe, expect, it } from 'vitest';
import { normalizeSpec } from '../src/spec/normalize.js';
import { zoomSpec } from '../src/spec/zoom.js';
import { badgeText, DOUBLE_COST, magnification, zoomDepth } from './zoom-badge.js';

const base = normalizeSpec({
  model: { name: 'minimalist' },
  init: { x: 3, y: 0.4 },
  optimizer: { name: 'gd', lr: 0.25 },
  sweep: [
    { path: 'init.x', min: 2.9, max: 3.2, count: 8 },
    { path: 'init.y', min: 0.3, max: 0.5, count: 8 },
  ],
  steps: 10,
});

describe('zoom badge', () => {
  it('measures depth by the most magnified axis and names the precision zoomSpec chose', () => {
    const z = zoomSpec(base, [
      { axis: 0, min: 3, max: 3 + 1e-10 },
      { axis: 1, min: 0.4, max: 0.4 + 1e-10 },
    ]);
    const depth = zoomDepth(base, z.spec);
    expect(depth / 3e9).toBeCloseTo(1, 3);
    expect(z.precision).toBe('double');
    expect(badgeText(z.precision, depth)).toBe(`double precision · 3.0e9x · ~${DOUBLE_COST}x the time`);
  });

  it('is empty unzoomed in single, and shows the depth alone for a shallow single zoom', () => {
    expect(zoomDepth(base, base)).toBe(1);
    expect(badgeText('single', 1)).toBe('');
    expect(badgeText('single', 12)).toBe('single precision · 12x');
    expect(magnification(3.8e10)).toBe('3.8e10x');
    expect(magnification(250)).toBe('250x');
  });
});
