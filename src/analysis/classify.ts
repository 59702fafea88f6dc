// Late-time classification of one lane, the float64 twin of shaders/common/classify.wgsl (the same rules;
// docs/equations.md, "Classification"): converged, periodic with period p, chaotic, aperiodic, diverged,
// collapsed.
import type { LaneClass } from '../engine/plan/lane-rows.js';
import type { ClassifySpec } from '../spec/types.js';

export interface Classification {
  kind: LaneClass;
  /** 1 for converged / collapsed, p for a p-cycle, 0 otherwise. */
  period: number;
}

/** What the rules read of one lane. */
export interface LaneOrbit {
  /** The last W outputs and losses (iterates S - W + 1 .. S). */
  output: ArrayLike<number>;
  loss: ArrayLike<number>;
  diverged: boolean;
  /** Final loss minus L_min (for `collapsed`). */
  lossGap: number;
  /** Finite-time Lyapunov exponent, NaN when not computed. */
  lyapunov: number;
}

function range(x: ArrayLike<number>): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    lo = Math.min(lo, x[i] as number);
    hi = Math.max(hi, x[i] as number);
  }
  return { lo, hi };
}

function tolerance(x: ArrayLike<number>, rtol: number): number {
  const { lo, hi } = range(x);
  return rtol * Math.max(Math.abs(lo), Math.abs(hi), 1e-3);
}

/** Every residue class mod p stays within tol of its first value. */
function repeats(x: ArrayLike<number>, p: number, tol: number): boolean {
  for (let i = p; i < x.length; i++) {
    if (!(Math.abs((x[i % p] as number) - (x[i] as number)) <= tol)) return false;
  }
  return true;
}

const settled = (x: ArrayLike<number>, tol: number): boolean => {
  const { lo, hi } = range(x);
  return hi - lo <= tol;
};

/**
 * Classifies one lane from its late orbit.
 * @example
 * classifyOrbit({ output: [1, 2, 1, 2], loss: [0.5, 0.1, 0.5, 0.1], diverged: false, lossGap: 0.1, lyapunov: NaN },
 *   { maxPeriod: 2, rtol: 1e-4, lossTol: 1e-4, lyapTol: 0.01 }); // { kind: 'periodic', period: 2 }
 */
export function classifyOrbit(
  lane: LaneOrbit,
  rules: Pick<ClassifySpec, 'maxPeriod' | 'rtol' | 'lossTol' | 'lyapTol'>,
): Classification {
  if (lane.diverged) return { kind: 'diverged', period: 0 };
  const tolOut = tolerance(lane.output, rules.rtol);
  const tolLoss = tolerance(lane.loss, rules.rtol);
  if (settled(lane.output, tolOut) && settled(lane.loss, tolLoss))
    return { kind: lane.lossGap > rules.lossTol ? 'collapsed' : 'converged', period: 1 };
  for (let p = 2; p <= rules.maxPeriod; p++) {
    if (repeats(lane.output, p, tolOut) && repeats(lane.loss, p, tolLoss))
      return { kind: 'periodic', period: p };
  }
  return { kind: lane.lyapunov > rules.lyapTol ? 'chaotic' : 'aperiodic', period: 0 };
}

/**
 * Classifies one series alone (converged, periodic, aperiodic, diverged): for a recorded window on the host.
 * @example
 * classify([1, 2, 1, 2, 1, 2], false); // { kind: 'periodic', period: 2 }
 */
export function classify(
  x: ArrayLike<number>,
  diverged: boolean,
  options: { maxPeriod?: number; rtol?: number } = {},
): Classification {
  const finite = Array.from(x).every(Number.isFinite);
  if (diverged || !finite) return { kind: 'diverged', period: 0 };
  const tol = tolerance(x, options.rtol ?? 1e-4);
  const maxPeriod = Math.min(options.maxPeriod ?? 64, Math.max(1, Math.floor(x.length / 3)));
  for (let p = 1; p <= maxPeriod; p++) {
    if (repeats(x, p, tol))
      return p === 1 ? { kind: 'converged', period: 1 } : { kind: 'periodic', period: p };
  }
  return { kind: 'aperiodic', period: 0 };
}
