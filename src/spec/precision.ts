// The spec's `precision` (docs/equations.md, "Double precision"): 'single' runs f32 lanes, 'double' the
// double-single ones (common/df64.wgsl, ~46 bits), 'auto' (the default) picks double where a sweep axis steps
// below float32's resolution at its values, as zoomSpec's rule always said, and single elsewhere.
//   relative step of an axis = min over neighbours |v_{i+1} - v_i| / max(|v_i|, |v_{i+1}|)
//   single resolves it when >= 4 x 2^-23; double when >= 4 x 2^-48 (narrower is refused)
import { allModels, findModel } from '../models/registry.js';
import { axisValues } from './axes.js';
import { SpecError } from './errors.js';
import type { AxisSpec, NormalSpec, Precision } from './types.js';

export const PRECISIONS: readonly Precision[] = ['auto', 'single', 'double'];

/** float32's relative spacing (2^-23): axis values closer than this, relative to their size, coincide. */
export const F32_RESOLUTION = 2 ** -23;
/** Double-single's relative spacing (2^-48, the hi and lo words' 24 + 24 bits). */
export const DOUBLE_RESOLUTION = 2 ** -48;
/** Lanes stepping by less than this many units of the spacing count as unresolved (rounding merges them). */
const MARGIN = 4;

/** Optimisers whose update the double family carries in double (common/family_double.wgsl). */
export const DOUBLE_OPTIMIZERS: readonly string[] = ['gd', 'momentum'];

/** The smallest relative step between neighbouring values of an axis (Infinity for one value). */
export function relativeStep(axis: AxisSpec): number {
  const v = axisValues(axis);
  let least = Infinity;
  for (let i = 1; i < v.length; i++) {
    const a = v[i - 1] as number;
    const b = v[i] as number;
    const scale = Math.max(Math.abs(a), Math.abs(b));
    if (scale > 0) least = Math.min(least, Math.abs(b - a) / scale);
  }
  return least;
}

export interface ResolvedPrecision {
  precision: 'single' | 'double';
  /** Why the lanes may still coincide (auto on a model or optimiser without double, or single chosen). */
  warning?: string;
}

/** Why double cannot run this spec, or undefined when it can. */
export function doubleRefusal(spec: NormalSpec): string | undefined {
  const def = findModel(spec.model.name);
  if (!def?.double) {
    const have = allModels()
      .filter((m) => m.double)
      .map((m) => m.name);
    return `model '${spec.model.name}' has no double precision (models with it: ${have.join(', ')})`;
  }
  const own = def.doubleRefusal?.(spec.model);
  if (own) return `model '${spec.model.name}' ${own}`;
  if (!DOUBLE_OPTIMIZERS.includes(spec.optimizer.name))
    return `double runs the optimizers ${DOUBLE_OPTIMIZERS.join(' and ')}, not '${spec.optimizer.name}'`;
  if (spec.record.vectors.some((v) => v === 'eigs' || v === 'eigvecs'))
    return "double does not record 'eigs' or 'eigvecs' (the spectrum pass is single precision)";
  return undefined;
}

/** Sweep paths whose values double carries as two words: the start (init.*) and the learning rate. */
export function doublePath(path: string): boolean {
  return path.startsWith('init.') || path === 'optimizer.lr';
}

/**
 * The precision a spec runs in: 'single' or 'double', with a warning where lanes will coincide anyway (single,
 * or a fine axis double keeps in f32: model constants, beta). Throws a SpecError naming `precision` (double
 * refused for the model or optimizer) or the sweep axis (a window narrower than double resolves).
 * @example
 * resolvePrecision(normalizeSpec({ ...spec, sweep: [{ path: 'init.x', min: 0.5, max: 0.5 + 1e-9, count: 512 }] }));
 * // { precision: 'double' }
 */
export function resolvePrecision(spec: NormalSpec): ResolvedPrecision {
  const steps = spec.sweep.map(relativeStep);
  const fine = spec.sweep.map((_, k) => k).filter((k) => steps[k]! < MARGIN * F32_RESOLUTION);
  const wanted =
    spec.precision === 'double' ||
    (spec.precision === 'auto' && fine.some((k) => doublePath(spec.sweep[k]!.path)));
  const refusal = doubleRefusal(spec);
  if (spec.precision === 'double' && refusal) throw new SpecError('precision', `'double': ${refusal}`);
  const precision = wanted && !refusal ? 'double' : 'single';
  if (precision === 'double') {
    const k = spec.sweep.findIndex((a, i) => doublePath(a.path) && steps[i]! < MARGIN * DOUBLE_RESOLUTION);
    if (k >= 0)
      throw new SpecError(
        `sweep.${k}`,
        `steps by ${steps[k]!.toExponential(2)} of its values, below what double resolves ` +
          `(${(MARGIN * DOUBLE_RESOLUTION).toExponential(2)}): widen the window or use fewer lanes`,
      );
  }
  const unresolved = fine.find((k) => precision === 'single' || !doublePath(spec.sweep[k]!.path));
  if (unresolved === undefined) return { precision };
  const axis = spec.sweep[unresolved]!;
  const why =
    precision === 'double'
      ? `double keeps ${axis.path} in float32`
      : spec.precision === 'single'
        ? "precision is 'single'"
        : (refusal ?? `double keeps ${axis.path} in float32`);
  return {
    precision,
    warning:
      `${axis.path} steps by ${steps[unresolved]!.toExponential(2)} of its values, below float32's resolution ` +
      `(${(MARGIN * F32_RESOLUTION).toExponential(2)}): neighbouring lanes coincide on the GPU (${why}); ` +
      'use runReference (float64) on a small window instead',
  };
}
