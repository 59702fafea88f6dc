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

/**
 * The colour of colour index `i` of a colouring (src/engine/read/colors.ts writes the indices on the GPU):
 * class codes for 'class', sequential(i / 254) for period, escape and kappa, diverging(i / 127 - 1) for the
 * measure; index 255 is NO_VALUE.
 * @example
 * indexColor('class', 4); // CLASS_COLORS.diverged
 */
export function indexColor(by: ColorBy, i: number): RGB {
  if (by === 'class') return CLASS_COLORS[CLASSES[i] as LaneClass] ?? NO_VALUE;
  if (i === 255) return NO_VALUE;
  return by === 'measure' ? diverging(i / 127 - 1) : sequential(i / 254);
}

/** indexColor for every index as RGBA words (little-endian: R in the low byte), alpha 255. */
export function indexPalette(by: ColorBy): Uint32Array {
  const out = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = indexColor(by, i);
    out[i] = (r | (g << 8) | (b << 16) | (255 << 24)) >>> 0;
  }
  return out;
}
