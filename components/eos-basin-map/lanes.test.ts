// The basin map's 2-D canvas arrays (lanes.ts): a tile's class words split into kind (low byte) and period (the
// bits above), status into the escape step (status - 1), the final sharpness and measure rows copied at the
// tile's offset; a fallback JSON's class names to their codes. Mutations: storing `classes >>> 8` as the kind, or
// the tile's rows at offset 0, fail the first test; mapping an unknown class name to -1 fails the second.
import { describe, expect, it } from 'vitest';
import { CLASSES, LATEST_ROW, READBACK_ROWS, RESULT_ROW } from '../../src/engine/plan/lane-rows.js';
import type { TileData } from '../../src/engine/read/result-types.js';
import { normalizeSpec } from '../../src/spec/normalize.js';
import { PENDING } from '../../src/views/image.js';
import { emptyLanes, fallbackLanes, storeTileLanes } from './lanes.js';

// The arrays carry the spec along; its values play no part here.
const spec = normalizeSpec({ model: { name: 'minimalist' }, optimizer: { name: 'gd', lr: 0.1 }, steps: 4 });
const axes = [
  { path: 'init.x', values: Float64Array.of(0, 0.5, 1) },
  { path: 'init.y', values: Float64Array.of(0, 1) },
];

describe('basin map lanes', () => {
  it("stores a tile's classes, escape steps, sharpness and measure at its offset, the rest pending", () => {
    const p = emptyLanes(spec, axes, 6);
    const n = 2;
    const latest = new Float32Array(READBACK_ROWS * n);
    latest.set([1.5, 2.5], LATEST_ROW.sharpness * n);
    latest.set([-3, 4], RESULT_ROW.measure * n);
    const periodic = CLASSES.indexOf('periodic');
    const diverged = CLASSES.indexOf('diverged');
    const tile = {
      tile: { offset: 3, count: n },
      classes: Uint32Array.of(periodic | (4 << 8), diverged),
      status: Uint32Array.of(0, 8),
      latest,
    } as unknown as TileData;
    storeTileLanes(p, tile);
    expect(Array.from(p.kind)).toEqual([PENDING, PENDING, PENDING, periodic, diverged, PENDING]);
    expect(Array.from(p.period)).toEqual([0, 0, 0, 4, 0, 0]);
    expect(Array.from(p.divergedAt)).toEqual([-1, -1, -1, -1, 7, -1]);
    expect(Array.from(p.final.sharpness.subarray(3, 5))).toEqual([1.5, 2.5]);
    expect(Array.from(p.final.measure.subarray(3, 5))).toEqual([-3, 4]);
    expect(Number.isNaN(p.final.sharpness[0])).toBe(true);
  });

  it("reads a fallback result's class names, periods and escape steps (unknown names as class 0)", () => {
    const p = fallbackLanes(
      {
        axes: [
          { path: 'init.x', values: [0, 1] },
          { path: 'init.y', values: [0] },
        ],
        class: ['chaotic', 'no-such-class'],
        period: [0, 2],
        escape: [-1, 12],
      },
      spec,
    );
    expect(Array.from(p.kind)).toEqual([CLASSES.indexOf('chaotic'), 0]);
    expect(Array.from(p.period)).toEqual([0, 2]);
    expect(Array.from(p.divergedAt)).toEqual([-1, 12]);
    expect(Array.from(p.axes[0]!.values)).toEqual([0, 1]);
  });
});
