// Pure views: result -> pixels (RGBA, row 0 at the top), with no canvas, so they run in Node, in a browser
// and in tests alike. Bifurcation densities are log-shaded; basin maps colour each lane by what was asked.
import { CLASSES, type LaneClass } from '../engine/plan/lane-rows.js';
import type { Density, RunResult } from '../engine/read/result.js';
import type { ColorBy } from '../spec/types.js';
import {
  CLASS_COLORS,
  diverging,
  indexPalette,
  NO_VALUE,
  scaledIndex,
  sequential,
  stretchIndex,
  type RGB,
} from './palette.js';

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row-major, row 0 at the top. */
  data: Uint8ClampedArray;
}

/** What a colour means: a legend of swatches (classes) or a colour bar (continuous values). */
export type Legend =
  | { kind: 'swatches'; items: { label: string; color: RGB }[] }
  | { kind: 'bar'; label: string; lo: number; hi: number; color: (t: number) => RGB };

/**
 * A density image: column = axis value, row = bin (high values at the top), shade = log(1 + count)
 * scaled to the largest count; empty cells white.
 * @example
 * const px = densityPixels(result.density!);
 */
export function densityPixels(d: Density): Pixels {
  const { columns: w, bins: h } = d;
  const data = new Uint8ClampedArray(w * h * 4).fill(255);
  let max = 0;
  for (const c of d.counts) max = Math.max(max, c);
  const scale = max > 0 ? 1 / Math.log1p(max) : 0;
  for (let b = 0; b < h; b++) {
    const y = h - 1 - b;
    for (let x = 0; x < w; x++) {
      const c = d.counts[b * w + x] as number;
      if (c === 0) continue;
      // Dark = dense: 1 - sequential keeps single samples visible on white.
      const [r, g, bl] = sequential(1 - Math.log1p(c) * scale);
      const at = (y * w + x) * 4;
      data[at] = r;
      data[at + 1] = g;
      data[at + 2] = bl;
    }
  }
  return { width: w, height: h, data };
}

/** Per-lane values in [0, 1] (or [-1, 1] for the signed measure) and how to colour them. */
export interface LaneColoring {
  color: (lane: number) => RGB;
  legend: Legend;
}

/** Ranks of finite values mapped to [0.25, 1] in magnitude, sign kept (Sohl-Dickstein's display stretch). */
function rankStretch(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length).fill(NaN);
  for (const sign of [-1, 1]) {
    const idx = [] as number[];
    values.forEach((v, i) => Number.isFinite(v) && Math.sign(v) === sign && idx.push(i));
    idx.sort((a, b) => Math.abs(values[a] as number) - Math.abs(values[b] as number));
    idx.forEach((lane, r) => (out[lane] = sign * (0.25 + (0.75 * r) / Math.max(1, idx.length - 1))));
  }
  return out;
}

/**
 * How a basin map colours lanes, from the per-lane arrays of a result.
 * @example
 * const { color, legend } = laneColoring(result, 'class');
 */
export function laneColoring(result: RunResult, by: ColorBy): LaneColoring {
  if (by === 'class') {
    const present = new Set(Array.from(result.kind));
    const items = CLASSES.filter((_, i) => present.has(i)).map((c) => ({ label: c, color: CLASS_COLORS[c] }));
    return {
      color: (lane) => CLASS_COLORS[CLASSES[result.kind[lane] as number] as LaneClass],
      legend: { kind: 'swatches', items },
    };
  }
  if (by === 'measure') {
    const stretched = rankStretch(result.final.measure);
    // Quantised as the GPU's colour indices are (src/engine/read/colors.ts): 254 levels over [-1, 1].
    return {
      color: (lane) => {
        const s = stretched[lane] as number;
        return Number.isFinite(s) ? diverging(stretchIndex(s) / 126.5 - 1) : NO_VALUE;
      },
      legend: {
        kind: 'bar',
        label: 'convergence measure (rank-stretched: - converged, + diverged)',
        lo: -1,
        hi: 1,
        color: (t) => diverging(2 * t - 1),
      },
    };
  }
  const value = (lane: number): number => {
    if (by === 'period') return result.period[lane] as number;
    if (by === 'escape') return result.divergedAt[lane] as number;
    return (result.final.sharpness[lane] as number) * laneLr(result, lane);
  };
  let lo = Infinity;
  let hi = -Infinity;
  for (let lane = 0; lane < result.kind.length; lane++) {
    const v = value(lane);
    if (!Number.isFinite(v) || (by === 'escape' && v < 0) || (by === 'period' && v === 0)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi >= lo)) [lo, hi] = [0, 1];
  const span = hi > lo ? hi - lo : 1;
  const labels = {
    period: 'period (grey: none)',
    escape: 'escape step (grey: never)',
    kappa: 'kappa = lr x sharpness',
  };
  return {
    color: (lane) => {
      const v = value(lane);
      if (!Number.isFinite(v) || (by === 'escape' && v < 0) || (by === 'period' && v === 0)) return NO_VALUE;
      // Quantised as the GPU's colour indices are: 254 levels over [lo, hi].
      return sequential(scaledIndex(v, lo, lo + span) / 253);
    },
    legend: { kind: 'bar', label: labels[by], lo, hi, color: sequential },
  };
}

/** The learning rate of a lane (swept or the spec's). */
export function laneLr(result: RunResult, lane: number): number {
  const lengths = result.axes.map((a) => a.values.length);
  let stride = 1;
  for (const [k, a] of result.axes.entries()) {
    if (a.path === 'optimizer.lr')
      return a.values[Math.floor(lane / stride) % (lengths[k] as number)] as number;
    stride *= lengths[k] as number;
  }
  return result.spec.optimizer.lr;
}

/** The class code of a lane not computed yet (a progressive map's unfinished tiles): drawn transparent. */
export const PENDING = 255;

/** A basin map: axis 0 left to right, axis 1 bottom to top; PENDING lanes transparent. */
export function basinPixels(result: RunResult, coloring: LaneColoring): Pixels {
  const w = result.axes[0]?.values.length ?? 1;
  const h = result.axes[1]?.values.length ?? 1;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      if (result.kind[j * w + i] === PENDING) continue;
      const [r, g, b] = coloring.color(j * w + i);
      const at = ((h - 1 - j) * w + i) * 4;
      data[at] = r;
      data[at + 1] = g;
      data[at + 2] = b;
      data[at + 3] = 255;
    }
  }
  return { width: w, height: h, data };
}

/**
 * A basin map from one colour index a lane (RunOptions.read 'color'): a palette lookup a pixel, rows flipped
 * so axis 1 runs bottom to top.
 * @example
 * const px = colorIndexPixels(result.colors!, 4096, 4096, 'class');
 */
export function colorIndexPixels(colors: Uint8Array, w: number, h: number, by: ColorBy): Pixels {
  const lut = indexPalette(by);
  const data = new Uint8ClampedArray(w * h * 4);
  const words = new Uint32Array(data.buffer);
  for (let j = 0; j < h; j++) {
    const src = colors.subarray(j * w, (j + 1) * w);
    const dst = words.subarray((h - 1 - j) * w, (h - j) * w);
    for (let i = 0; i < w; i++) dst[i] = lut[src[i]!]!;
  }
  return { width: w, height: h, data };
}

/** The legend of a colour-index map: the classes present, or the colouring's bar over its value range. */
export function colorIndexLegend(colors: Uint8Array, scale: { by: ColorBy; lo: number; hi: number }): Legend {
  if (scale.by === 'class') {
    const present = new Uint8Array(256);
    for (let i = 0; i < colors.length; i++) present[colors[i]!] = 1;
    const items = CLASSES.filter((_, i) => present[i]).map((c) => ({ label: c, color: CLASS_COLORS[c] }));
    return { kind: 'swatches', items };
  }
  const labels = {
    period: 'period (grey: none)',
    escape: 'escape step (grey: never)',
    kappa: 'kappa = lr x sharpness',
    measure: 'convergence measure (rank-stretched: - converged, + diverged)',
  };
  if (scale.by === 'measure')
    return { kind: 'bar', label: labels.measure, lo: -1, hi: 1, color: (t) => diverging(2 * t - 1) };
  return { kind: 'bar', label: labels[scale.by], lo: scale.lo, hi: scale.hi, color: sequential };
}
