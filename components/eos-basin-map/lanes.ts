// What <eos-basin-map> colours, without the DOM: the per-lane arrays a colouring reads where the map is drawn
// on a 2-D canvas (filled tile by tile, or from a fallback result JSON), and the legend of a map coloured on the
// GPU (the GPU's class counts, or the colouring's scale).
import { CLASSES, LATEST_ROW, RESULT_ROW, type LaneClass } from '../../src/engine/plan/lane-rows.js';
import type { RunResult, TileData } from '../../src/engine/read/result-types.js';
import type { NormalSpec } from '../../src/spec/types.js';
import { classCounts } from '../../src/views/counts.js';
import { colorIndexLegend, PENDING, type Legend } from '../../src/views/image.js';
import { CLASS_COLORS } from '../../src/views/palette.js';

/** The per-lane arrays a colouring reads, filled tile by tile (a RunResult in the making). */
export type LaneArrays = Pick<RunResult, 'kind' | 'period' | 'divergedAt' | 'final' | 'axes' | 'spec'>;

/** A `eos-lab run --out` result JSON as the fallback draws it. */
export interface FallbackJson {
  axes: { path: string; values: number[] }[];
  class: string[];
  period: number[];
  escape: number[];
}

/** Arrays for `lanes` lanes, none computed yet (PENDING: drawn blank until their tile arrives). */
export function emptyLanes(spec: NormalSpec, axes: RunResult['axes'], lanes: number): LaneArrays {
  const f32 = () => new Float32Array(lanes).fill(NaN);
  return {
    spec,
    axes,
    kind: new Uint8Array(lanes).fill(PENDING),
    period: new Uint8Array(lanes),
    divergedAt: new Int32Array(lanes).fill(-1),
    final: { sharpness: f32(), measure: f32() } as RunResult['final'],
  };
}

/** A finished tile's classes, escape steps, final sharpness and measure into the run's arrays. */
export function storeTileLanes(p: LaneArrays, t: TileData): void {
  const n = t.tile.count;
  for (let i = 0; i < n; i++) {
    p.kind[t.tile.offset + i] = t.classes[i]! & 0xff;
    p.period[t.tile.offset + i] = t.classes[i]! >>> 8;
    p.divergedAt[t.tile.offset + i] = t.status[i]! - 1;
  }
  const row = (r: number) => t.latest.subarray(r * n, (r + 1) * n);
  p.final.sharpness.set(row(LATEST_ROW.sharpness), t.tile.offset);
  p.final.measure.set(row(RESULT_ROW.measure), t.tile.offset);
}

/**
 * The arrays of a fallback result JSON (classes by name, unknown ones as class 0; no final sharpness or measure).
 * @example
 * fallbackLanes({ axes, class: ['converged'], period: [1], escape: [-1] }, spec).kind[0]; // 0
 */
export function fallbackLanes(j: FallbackJson, spec: NormalSpec): LaneArrays {
  const lanes = j.class.length;
  return {
    spec,
    axes: j.axes.map((a) => ({ path: a.path, values: Float64Array.from(a.values) })),
    kind: Uint8Array.from(j.class, (c) => Math.max(0, CLASSES.indexOf(c as never))),
    period: Uint8Array.from(j.period),
    divergedAt: Int32Array.from(j.escape),
    final: {
      sharpness: new Float32Array(lanes).fill(NaN),
      measure: new Float32Array(lanes).fill(NaN),
    } as RunResult['final'],
  };
}

/** The legend of a map coloured on the GPU: the classes present (the GPU's counts) or the colouring's bar. */
export function pictureLegend(r: RunResult): Legend {
  const scale = r.colorScale!;
  if (scale.by === 'class') {
    const present = new Set(
      [...classCounts(r, () => 'periodic').keys()].map((k) => CLASSES.indexOf(k as LaneClass)),
    );
    return {
      kind: 'swatches',
      items: CLASSES.filter((_, i) => present.has(i)).map((c) => ({ label: c, color: CLASS_COLORS[c] })),
    };
  }
  return colorIndexLegend(new Uint8Array(0), scale);
}
