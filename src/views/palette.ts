// Colours shared by the CLI images and (later) the components: a colour-blind-safe class palette
// (Okabe & Ito 2008) and a perceptually ordered sequential map for densities, periods, escape steps and
// measures (viridis, sampled at 9 stops and interpolated).
import type { LaneClass } from '../engine/plan/lane-rows.js';

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
