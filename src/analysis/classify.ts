// Late-time classification of one lane from its recorded window: converged, period-p, aperiodic, diverged.
import type { RunResult } from '../engine/result.js';
import type { Observable } from '../spec/types.js';

export type LaneClass = 'converged' | 'periodic' | 'aperiodic' | 'diverged';

export interface Classification {
  kind: LaneClass;
  /** 1 for converged, p for a p-cycle, 0 for aperiodic (bounded, no period up to maxPeriod), -1 for diverged. */
  period: number;
}

export interface ClassifyOptions {
  /** Longest period searched (default: a third of the window, at most 64). */
  maxPeriod?: number;
  /**
   * Relative tolerance of the period test (default 1e-4): |x_i - x_{i+p}| <= rtol * max(|x|, 1e-3) over
   * the whole window. f32 orbits repeat only to rounding (~1e-7 relative), and the engine's window near a
   * bifurcation is still contracting, so 1e-4 is the floor science.md sets for f32 comparisons.
   */
  rtol?: number;
}

/**
 * Classifies the series `x` (the recorded window of one observable of one lane).
 * @example
 * const T = result.record.steps.length;
 * classify(result.record.values.output!.subarray(lane * T, (lane + 1) * T), result.diverged[lane] === 1);
 * // { kind: 'periodic', period: 2 }
 */
export function classify(
  x: ArrayLike<number>,
  diverged: boolean,
  options: ClassifyOptions = {},
): Classification {
  if (diverged) return { kind: 'diverged', period: -1 };
  const n = x.length;
  let scale = 1e-3;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (!Number.isFinite(v)) return { kind: 'diverged', period: -1 };
    scale = Math.max(scale, Math.abs(v));
  }
  const tol = (options.rtol ?? 1e-4) * scale;
  const maxPeriod = Math.min(options.maxPeriod ?? 64, Math.max(1, Math.floor(n / 3)));
  for (let p = 1; p <= maxPeriod; p++) {
    let ok = true;
    for (let i = 0; i + p < n && ok; i++) ok = Math.abs((x[i] as number) - (x[i + p] as number)) <= tol;
    if (ok) return p === 1 ? { kind: 'converged', period: 1 } : { kind: 'periodic', period: p };
  }
  return { kind: 'aperiodic', period: 0 };
}

export interface LaneClasses {
  /** The recorded observable the classes were read from (output, else loss, else sharpness); null if none. */
  by: Observable | null;
  /** One classification per lane; all 'diverged' or period -1 where nothing suitable was recorded. */
  lanes: Classification[];
}

/**
 * Classifies every lane of a result once, for all views (JSON, CSV, CLI summary).
 * @example
 * const { by, lanes } = classifyLanes(result); // by = 'output'; lanes[0] = { kind: 'converged', period: 1 }
 */
export function classifyLanes(result: RunResult, options: ClassifyOptions = {}): LaneClasses {
  const by = (['output', 'loss', 'sharpness'] as const).find((o) => result.record.values[o]) ?? null;
  const T = result.record.steps.length;
  const series = by ? (result.record.values[by] as Float32Array) : undefined;
  const lanes = Array.from({ length: result.lanes }, (_, lane) => {
    const diverged = result.diverged[lane] === 1;
    if (!series)
      return diverged
        ? { kind: 'diverged' as const, period: -1 }
        : { kind: 'aperiodic' as const, period: -1 };
    return classify(series.subarray(lane * T, (lane + 1) * T), diverged, options);
  });
  return { by, lanes };
}
