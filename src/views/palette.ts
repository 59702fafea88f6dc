// Colours shared by the CLI images and (later) the components: a colour-blind-safe class palette
// (Okabe & Ito 2008) and a perceptually ordered sequential map for densities, periods, escape steps and
// measures (viridis, sampled at 9 stops and interpolated).
import { CLASSES, type LaneClass } from '../engine/plan/lane-rows.js';
import type { ColorBy } from '../spec/types.js';

export type RGB = readonly [number, number, number];

/** One colour per class; distinguishable under the common colour-vision deficiencies. */
export const CLASS_COLORS: Readonly<Record<LaneClass, RGB>> = {
  converged: [0, 114, 178], // blue
  periodic: [230, 159, 0], // orange
  chaotic: [204, 121, 167], // reddish purple
  aperiodic: [86, 180, 233], // sky blue
  diverged: [40, 40, 40], // near black
  collapsed: [0, 158, 115], // bluish green
};

const VIRIDIS: readonly RGB[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** Viridis' 9 stops as RGB words (R in the low byte): the GPU's copy of sequential() (shaders/common/paint.wgsl). */
export function viridisStops(): Uint32Array<ArrayBuffer> {
  return Uint32Array.from(VIRIDIS, ([r, g, b]) => r | (g << 8) | (b << 16));
}

/** The sequential map at t in [0, 1] (clamped). */
export function sequential(t: number): RGB {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i] as RGB;
  const b = VIRIDIS[i + 1] as RGB;
  return [0, 1, 2].map((k) =>
    Math.round((a[k] as number) + f * ((b[k] as number) - (a[k] as number))),
  ) as unknown as RGB;
}

/** A diverging map for signed measures: blue (negative, converged) - white - red (positive, diverged). */
export function diverging(t: number): RGB {
  const x = Math.min(1, Math.max(-1, Number.isFinite(t) ? t : 0));
  const lerp = (a: number, b: number, f: number) => Math.round(a + (b - a) * f);
  return x < 0
    ? [lerp(245, 33, -x), lerp(245, 102, -x), lerp(245, 172, -x)]
    : [lerp(245, 178, x), lerp(245, 24, x), lerp(245, 43, x)];
}

/** Grey for lanes a continuous colouring leaves out (no period, never diverged, not finite). */
export const NO_VALUE: RGB = [190, 190, 190];

/** Colour indices (src/engine/read/colors.ts): continuous values 0..253, then these two. */
export const INDEX_NO_VALUE = 254;
/** A lane no tile has computed yet: drawn transparent. */
export const INDEX_PENDING = 255;

/** WGSL's round(): to the nearest integer, halves to even. */
function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The colour index of value `v` over [lo, hi] as colorize.wgsl computes it, in float32 step by step (so the host
 * and the GPU agree to the index): round(253 clamp((v - lo) / (hi - lo), 0, 1)).
 * @example
 * scaledIndex(5, 0, 10); // 126
 */
export function scaledIndex(v: number, lo: number, hi: number): number {
  const f = Math.fround;
  const t = Math.min(1, Math.max(0, f(f(v - lo) / f(Math.max(f(hi - lo), 1e-30)))));
  return roundEven(f(253 * t));
}

/** The measure's colour index from its stretched value s in [-1, 1] (colorize.wgsl): round(126.5 (1 + s)). */
export function stretchIndex(s: number): number {
  return roundEven(Math.fround(126.5 * Math.fround(1 + s)));
}

/**
 * The colour of colour index `i` of a colouring (the GPU writes the indices: src/engine/read/colors.ts): class
 * codes for 'class', sequential(i / 253) for period, escape and kappa, diverging(i / 126.5 - 1) for the
 * measure; INDEX_NO_VALUE grey; INDEX_PENDING has no colour (transparent in indexPalette).
 * @example
 * indexColor('class', 4); // CLASS_COLORS.diverged
 */
export function indexColor(by: ColorBy, i: number): RGB {
  if (by === 'class') return CLASS_COLORS[CLASSES[i] as LaneClass] ?? NO_VALUE;
  if (i >= INDEX_NO_VALUE) return NO_VALUE;
  return by === 'measure' ? diverging(i / 126.5 - 1) : sequential(i / 253);
}

/** indexColor for every index as RGBA words (little-endian: R in the low byte); INDEX_PENDING transparent. */
export function indexPalette(by: ColorBy): Uint32Array<ArrayBuffer> {
  const out = new Uint32Array(256);
  for (let i = 0; i < INDEX_PENDING; i++) {
    const [r, g, b] = indexColor(by, i);
    out[i] = (r | (g << 8) | (b << 16) | (255 << 24)) >>> 0;
  }
  return out;
}
