// Zoom: the same spec over a sub-window of its sweep axes, recomputed at full resolution, in the precision the
// window needs (src/spec/precision.ts: 'auto' turns double below float32's resolution), with a warning where the
// lanes still coincide (a model or optimiser without double, or precision 'single' chosen).
import { SpecError, checkNumber } from './errors.js';
import { normalizeSpec } from './normalize.js';
import { resolvePrecision } from './precision.js';
import type { AxisSpec, ExperimentSpec, NormalSpec } from './types.js';

export { F32_RESOLUTION } from './precision.js';

export interface ZoomWindow {
  /** Sweep axis index (0 or 1). */
  axis: number;
  min: number;
  max: number;
  /** Lanes on the axis (default: the axis's current count). */
  count?: number;
}

export interface Zoomed {
  spec: NormalSpec;
  /** The precision the zoomed spec runs in ('auto' resolved). */
  precision: 'single' | 'double';
  /** Set when the window is below float32's resolution and the run stays single: neighbouring lanes coincide. */
  warning?: string;
}

/**
 * The spec recomputed over new ranges of its sweep axes (same counts unless given). Throws a SpecError when the
 * window is narrower than double precision resolves.
 * @example
 * const { spec: z, precision } = zoomSpec(spec, [{ axis: 0, min: 0.5, max: 0.5 + 1e-9 }]);
 * precision; // 'double' (the minimalist under gd; 'auto' chose it)
 * const detail = await engine.run(z);
 */
export function zoomSpec(spec: ExperimentSpec, windows: readonly ZoomWindow[]): Zoomed {
  const base = normalizeSpec(spec);
  const sweep: AxisSpec[] = base.sweep.map((a) => ({ ...a }));
  windows.forEach((w, k) => {
    const field = `zoom.${k}`;
    checkNumber(`${field}.axis`, w.axis, { min: 0, max: sweep.length - 1, integer: true });
    const min = checkNumber(`${field}.min`, w.min);
    const max = checkNumber(`${field}.max`, w.max);
    if (!(max > min))
      throw new SpecError(field, `must have max > min (a non-empty window), got [${min}, ${max}]`);
    const old = sweep[w.axis] as AxisSpec;
    const count = checkNumber(`${field}.count`, w.count ?? old.count ?? old.values?.length ?? 1, {
      min: 1,
      integer: true,
    });
    const spacing = old.spacing ?? 'linear';
    sweep[w.axis] = { path: old.path, min, max, count, spacing };
  });
  const zoomed = normalizeSpec({ ...base, sweep } as ExperimentSpec);
  const { precision, warning } = resolvePrecision(zoomed);
  return warning ? { spec: zoomed, precision, warning } : { spec: zoomed, precision };
}
