// The one place that numbers the GPU's per-lane rows, blocks and class codes. Each number reaches WGSL as an
// override constant of the same (UPPER_SNAKE) name, and the WGSL declares those overrides without defaults,
// so a row renamed or added on one side alone fails pipeline creation (tests/limits.test.ts, 'layout').
import { OBSERVABLES, type Observable } from '../../spec/types.js';

/** Running per-lane sums (and the window's output and loss ranges) kept after the observables in `latest`. */
export const ACCUMULATORS = [
  'lyap',
  'sumV',
  'l0',
  'sumInv',
  'winOutLo',
  'winOutHi',
  'winLossLo',
  'winLossHi',
] as const;
export type Accumulator = (typeof ACCUMULATORS)[number];

/** Late-time classes of a lane; the index is the WGSL code CLASS_<NAME>. */
export const CLASSES = ['converged', 'periodic', 'chaotic', 'aperiodic', 'diverged', 'collapsed'] as const;
export type LaneClass = (typeof CLASSES)[number];

/** 'gradNorm' -> 'GRAD_NORM'. */
export const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** Row of each observable and accumulator in the `latest` buffer: observables first (rows 0..NUM_OBS-1). */
export const LATEST_ROW: Readonly<Record<Observable | Accumulator, number>> = Object.fromEntries(
  [...OBSERVABLES, ...ACCUMULATORS].map((name, row) => [name, row]),
) as Record<Observable | Accumulator, number>;
export const LATEST_ROWS = OBSERVABLES.length + ACCUMULATORS.length;

/** After the classify pass: the lyapunov exponent sits in the lyap row, the convergence measure in sumV. */
export const RESULT_ROW = { lyapunov: LATEST_ROW.lyap, measure: LATEST_ROW.sumV } as const;

/** Rows read back per tile: the observables and the two result rows right after them (the rest stay). */
export const READBACK_ROWS = OBSERVABLES.length + 2;

/** Overrides for the rows of `latest` (OBS_*, ACC_*, NUM_OBS). */
export function latestOverrides(): Record<string, number> {
  const out: Record<string, number> = { NUM_OBS: OBSERVABLES.length };
  for (const o of OBSERVABLES) out[`OBS_${snake(o)}`] = LATEST_ROW[o];
  for (const a of ACCUMULATORS) out[`ACC_${snake(a)}`] = LATEST_ROW[a];
  return out;
}

/** Overrides for the record rows: REC_<OBS> = row in `record` or -1, NREC = rows (at least 1). */
export function recordOverrides(recorded: readonly Observable[]): Record<string, number> {
  const out: Record<string, number> = { NREC: Math.max(1, recorded.length) };
  for (const o of OBSERVABLES) out[`REC_${snake(o)}`] = recorded.indexOf(o);
  return out;
}

/** CLASS_<NAME> codes. */
export function classOverrides(): Record<string, number> {
  return Object.fromEntries(CLASSES.map((c, i) => [`CLASS_${snake(c)}`, i]));
}

/** A classes[] word: kind in the low byte, period above. */
export function decodeClass(word: number): { kind: LaneClass; period: number } {
  return { kind: CLASSES[word & 0xff] as LaneClass, period: word >>> 8 };
}

/** A lane's escape step from its status word (0 = never diverged: Infinity); recorded slots from it on are masked. */
export function escapeStep(status: number): number {
  return status === 0 ? Infinity : status - 1;
}
