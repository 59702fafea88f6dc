// The minimalist's period-doubling cascade where float64 puts it (issue 20, item 5; docs/equations.md, "Double
// precision"). On the balanced line x = y = z (kept exactly by GD, both coordinates being computed alike) the
// minimalist L = (x^2 y^2 - 1)^2 / 4 is the map
//   f(z) = z - lr z^3 (z^4 - 1),   f'(z) = 1 - lr (7 z^6 - 3 z^2),   sharpness at the minimum 4 (kappa = 4 lr)
// whose fixed point doubles at lr = 1/2; the 2-cycle doubles where the multiplier of f o f on it is -1, the
// 4-cycle where that of f^4 is -1. The test derives those thresholds in float64 (Newton on f^n(z) = z for the
// cycle, bisection on lr for the multiplier), sweeps lr across each, and asks that the GPU in double classify
// every lane as the float64 reference does and that the period change at the first lane past the threshold.
// Single precision's classes change earlier (reported): near a doubling the cycle's multiplier is near -1, so
// f32's rounding, ~6e-8 a step, is amplified by 1 / (1 - |multiplier|) in the split between the residues the
// classifier compares (rtol 1e-4), which shows as the doubled period before it exists.
// Mutation: running the sweep in single (precision 'single') fails the 2 -> 4 case (period 4 0.4 % early).
import { describe, expect, it } from 'vitest';
import { CLASSES } from '../src/engine/plan/lane-rows.js';
import { runReference } from '../src/engine/reference.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { testEngine } from './gpu.js';

const f = (z: number, lr: number) => z - lr * z ** 3 * (z ** 4 - 1);
const df = (z: number, lr: number) => 1 - lr * (7 * z ** 6 - 3 * z ** 2);

/** f^n(z) and its derivative (the cycle's multiplier when z is on an n-cycle). */
function iterate(n: number, lr: number, z: number): [number, number] {
  let x = z;
  let d = 1;
  for (let i = 0; i < n; i++) {
    d *= df(x, lr);
    x = f(x, lr);
  }
  return [x, d];
}

/** The point of the n-cycle near z, by Newton on f^n(z) - z. */
function cyclePoint(n: number, lr: number, z: number): number {
  for (let k = 0; k < 100; k++) {
    const [x, d] = iterate(n, lr, z);
    const step = (x - z) / (d - 1);
    z -= step;
    if (Math.abs(step) < 1e-15) break;
  }
  return z;
}

/** The lr in [lo, hi] where the n-cycle through (near) z has multiplier -1. */
function doubling(n: number, lo: number, hi: number, z: number): number {
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (iterate(n, mid, cyclePoint(n, mid, z))[1] > -1) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const sweep = (lr: number, precision: 'single' | 'double'): ExperimentSpec => ({
  model: { name: 'minimalist' },
  init: { x: 1.05, y: 1.05 },
  optimizer: { name: 'gd', lr },
  // 64 lanes over +-1 % (spacing 3.2e-4 relative); 3000 steps settle every lane but the one or two nearest the
  // threshold (there the cycle's multiplier is ~ -1 and the transient is still visible: 'aperiodic').
  sweep: [{ path: 'optimizer.lr', min: lr * 0.99, max: lr * 1.01, count: 64 }],
  steps: 3000,
  precision,
});

describe('the cascade in double', () => {
  // The 2-cycle's point near 1.0524 (lr = 0.62) and the 4-cycle's near 1.0377 (lr = 0.65), from iterating f.
  it.each([
    ['2 -> 4', 2, doubling(2, 0.61, 0.63, 1.0524)],
    ['4 -> 8', 4, doubling(4, 0.645, 0.665, 1.0377)],
  ] as const)('puts the %s doubling where float64 does (lr* derived in float64)', async (_, n, lrStar) => {
    const engine = await testEngine();
    const code = (r: { kind: Uint8Array; period: Uint8Array }) =>
      Array.from(r.kind, (k, i) => `${CLASSES[k]}/${r.period[i]}`);
    const d = await engine.run(sweep(lrStar, 'double'));
    const s = await engine.run(sweep(lrStar, 'single'));
    const f64 = runReference(sweep(lrStar, 'double')).map((l) => `${l.class.kind}/${l.class.period}`);
    const lr = d.axes[0]!.values;
    const spacing = lr[1]! - lr[0]!;
    const D = code(d);
    const S = code(s);
    expect(D).toEqual(f64);
    // The doubled period begins at the first lane past lr*, and the period n ends at most a lane before it.
    const first = (c: string[]) => lr[c.indexOf(`periodic/${2 * n}`)]!;
    const last = (c: string[]) => lr[c.lastIndexOf(`periodic/${n}`)]!;
    expect(first(D)).toBeGreaterThan(lrStar);
    expect(first(D) - lrStar).toBeLessThanOrEqual(spacing);
    expect(last(D)).toBeLessThan(lrStar);
    expect(lrStar - last(D)).toBeLessThanOrEqual(2 * spacing);
    console.log(
      `${n} -> ${2 * n} at lr* = ${lrStar} (kappa ${4 * lrStar}): double's first period ${2 * n} at ` +
        `${((first(D) / lrStar - 1) * 100).toFixed(3)} %, single's at ${((first(S) / lrStar - 1) * 100).toFixed(3)} %`,
    );
  });
});
