// The spec's `precision` (src/spec/precision.ts): the resolution rule of 'auto' (relative step below
// 4 x 2^-23 on an axis double carries), refusals naming the field, and zoomSpec reporting the precision.
// Mutation: resolving 'auto' to single always fails the first test; letting double run a model without double
// files fails the second.
import { describe, expect, it } from 'vitest';
import { normalizeSpec } from './normalize.js';
import { resolvePrecision, relativeStep } from './precision.js';
import { zoomSpec } from './zoom.js';
import type { ExperimentSpec } from './types.js';

const minimalist = (min: number, max: number, extra: Partial<ExperimentSpec> = {}): ExperimentSpec => ({
  model: { name: 'minimalist' },
  init: { x: 1, y: 0.4 },
  optimizer: { name: 'gd', lr: 0.25 },
  sweep: [{ path: 'init.x', min, max, count: 256 }],
  steps: 10,
  ...extra,
});

describe('precision', () => {
  it("'auto' is single for ordinary windows and double below float32's resolution", () => {
    expect(normalizeSpec(minimalist(0.2, 4)).precision).toBe('auto');
    expect(resolvePrecision(normalizeSpec(minimalist(0.2, 4)))).toEqual({ precision: 'single' });
    // 255 steps across 1e-6 at 3: 1.3e-9 relative, below 4 x 2^-23 = 4.8e-7.
    expect(resolvePrecision(normalizeSpec(minimalist(3, 3 + 1e-6)))).toEqual({ precision: 'double' });
    expect(relativeStep({ path: 'init.x', min: 3, max: 3 + 255e-9, count: 256 })).toBeCloseTo(1e-9 / 3, 15);
    // 'single' chosen: single with the warning.
    const single = resolvePrecision(normalizeSpec(minimalist(3, 3 + 1e-6, { precision: 'single' })));
    expect(single.precision).toBe('single');
    expect(single.warning).toContain("precision is 'single'");
  });

  it('refuses double where it cannot run, naming the field, and falls back to single with a warning on auto', () => {
    expect(() => normalizeSpec({ ...minimalist(0.2, 4), precision: 'quad' })).toThrow(
      "precision must be one of 'auto', 'single', 'double'",
    );
    const mlp: ExperimentSpec = {
      model: { name: 'mlp', depth: 2, width: 4, examples: 6 },
      optimizer: { name: 'gd', lr: 1 },
      sweep: [{ path: 'optimizer.lr', min: 5, max: 5 * (1 + 1e-7), count: 64 }],
      steps: 10,
    };
    expect(() => normalizeSpec({ ...mlp, precision: 'double' })).toThrow(
      /precision 'double': model 'mlp' has no double precision \(models with it: .*minimalist.*uv.*dln.*formula/,
    );
    const auto = resolvePrecision(normalizeSpec(mlp));
    expect(auto.precision).toBe('single');
    expect(auto.warning).toContain("model 'mlp' has no double precision");
    // The dln runs double in its lane family only (depth and width <= 4).
    const wide = {
      ...mlp,
      model: { name: 'dln', depth: 2, width: 5, spectrum: [1] },
      precision: 'double' as const,
    };
    expect(() => normalizeSpec(wide)).toThrow(
      "precision 'double': model 'dln' runs double in the lane family only (depth and width <= 4",
    );
    expect(() =>
      normalizeSpec({ ...minimalist(0.2, 4), optimizer: { name: 'flow', lr: 0.1 }, precision: 'double' }),
    ).toThrow("double runs the optimizers gd and momentum, not 'flow'");
  });

  it('refuses windows narrower than double resolves, naming the sweep axis', () => {
    expect(() => normalizeSpec(minimalist(3, 3 * (1 + 1e-14)))).toThrow(
      /sweep\.0 steps by .* below what double resolves/,
    );
  });

  it('zoomSpec says which precision the window needs', () => {
    const z = zoomSpec(minimalist(0.2, 4), [{ axis: 0, min: 3.0325483975781253, max: 3.0325483976781253 }]);
    expect(z.precision).toBe('double');
    expect(z.warning).toBeUndefined();
    expect(zoomSpec(minimalist(0.2, 4), [{ axis: 0, min: 1, max: 2 }]).precision).toBe('single');
  });
});
