// A zoom into a point as a sequence of windows (issue 20, item 4: the CLI's `eos-lab zoom` frames and the
// elements' zoom movie). Frame i of N shows, on each sweep axis,
//   [c - (c - min) r_i, c + (max - c) r_i],   r_i = D^(i / (N - 1))   (r_0 = 1, r_{N-1} = D; N = 1: r = D)
// so the first frame is the spec's own window, the last is D times as wide, and the centre c keeps its
// fractional place in the picture (a camera moving straight at it). Each window goes through zoomSpec, which
// picks the precision per frame and refuses a window narrower than double resolves.
import { SpecError, checkNumber } from './errors.js';
import { normalizeSpec } from './normalize.js';
import type { ExperimentSpec } from './types.js';
import { zoomSpec, type Zoomed, type ZoomWindow } from './zoom.js';

export interface ZoomPathOptions {
  /** The point zoomed into: one value per sweep axis, inside the spec's window. */
  center: readonly number[];
  /** The last frame's width relative to the spec's, in (0, 1]. */
  depth: number;
  /** Frames, 1 to 10000 (default 30). */
  frames?: number;
}

/** A frame of a zoom path: its windows and zoomSpec's result for them. */
export interface ZoomFrame extends Zoomed {
  windows: ZoomWindow[];
}

/**
 * Every frame of a zoom into `center`, each checked (SpecErrors name `center.k`, `depth`, `frames`, or the
 * sweep axis a window is too narrow for) before any runs.
 * @example
 * const frames = zoomPath(spec, { center: [3.0325483975781253, 0.4], depth: 1e-10, frames: 60 });
 * frames.at(-1).precision; // 'double'
 * for (const f of frames) await engine.run(f.spec, { read: 'color' });
 */
export function zoomPath(spec: ExperimentSpec, options: ZoomPathOptions): ZoomFrame[] {
  const base = normalizeSpec(spec);
  const axes = base.sweep.map((a, k) => {
    if (a.min === undefined || a.max === undefined)
      throw new SpecError(`sweep.${k}`, 'lists values: a zoom needs min and max on every axis');
    return { min: a.min, max: a.max };
  });
  if (axes.length < 1 || axes.length > 2)
    throw new SpecError('sweep', `needs one or two axes for a zoom, got ${axes.length}`);
  if (options.center.length !== axes.length)
    throw new SpecError(
      'center',
      `needs ${axes.length} value(s), one per sweep axis, got ${options.center.length}`,
    );
  options.center.forEach((c, k) => {
    const { min, max } = axes[k]!;
    checkNumber(`center.${k}`, c, { min: Math.min(min, max), max: Math.max(min, max) });
  });
  const depth = checkNumber('depth', options.depth, { min: 0, max: 1, exclusiveMin: true });
  const n = checkNumber('frames', options.frames ?? 30, { min: 1, max: 10_000, integer: true });
  return Array.from({ length: n }, (_, i) => {
    const r = n === 1 ? depth : depth ** (i / (n - 1));
    const windows = axes.map((a, axis) => {
      const c = options.center[axis]!;
      return { axis, min: c - (c - a.min) * r, max: c + (a.max - c) * r };
    });
    return { windows, ...zoomSpec(base, windows) };
  });
}
