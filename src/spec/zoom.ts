// Zoom: the same spec over a sub-window of its sweep axes, recomputed at full resolution, with a warning when
// the window is finer than float32 can tell apart (neighbouring lanes would get identical f32 values).
import { SpecError, checkNumber } from './errors.js';
import { normalizeSpec } from './normalize.js';
import type { AxisSpec, ExperimentSpec, NormalSpec } from './types.js';

/** float32's relative spacing (2^-23): axis values closer than this, relative to their size, coincide. */
export const F32_RESOLUTION = 2 ** -23;

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
  /** Set when the window is below float32's resolution: the GPU's neighbouring lanes would coincide. */
  warning?: string;
}

/**
 * The spec recomputed over new ranges of its sweep axes (same counts unless given).
 * @example
 * const { spec: z, warning } = zoomSpec(spec, [{ axis: 0, min: 4.9, max: 5.0 }]);
 * const detail = await engine.run(z); // if warning: runReference(z, { lanes }) on a few lanes instead
 */
export function zoomSpec(spec: ExperimentSpec, windows: readonly ZoomWindow[]): Zoomed {
  const base = normalizeSpec(spec);
  const sweep: AxisSpec[] = base.sweep.map((a) => ({ ...a }));
  const warnings: string[] = [];
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
    const step = count > 1 ? (max - min) / (count - 1) : max - min;
    const scale = Math.max(Math.abs(min), Math.abs(max));
    if (scale > 0 && step / scale < 4 * F32_RESOLUTION) {
      warnings.push(
        `${old.path} in [${min}, ${max}] with ${count} lanes steps by ${step.toExponential(2)}, below float32's ` +
          `resolution there (~${(scale * F32_RESOLUTION).toExponential(2)}): neighbouring lanes coincide on the GPU; ` +
          'use runReference (float64) on a small window instead',
      );
    }
  });
  const zoomed = normalizeSpec({ ...base, sweep } as ExperimentSpec);
  return warnings.length ? { spec: zoomed, warning: warnings.join('; ') } : { spec: zoomed };
}
