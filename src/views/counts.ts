// Lanes per class (and period), from a result's per-lane codes or from the GPU's counts when the run read no
// lanes back (RunOptions.read 'color' or 'none'): the CLI's summary line and the elements' data table.
import { CLASSES } from '../engine/plan/lane-rows.js';
import type { RunResult } from '../engine/read/result-types.js';

/**
 * Counts per class, periodic lanes by period (`label` names them: 'period 4' by default).
 * @example
 * classCounts(result); // Map { 'converged' => 812, 'period 2' => 140, 'diverged' => 72 }
 */
export function classCounts(
  result: RunResult,
  label: (period: number) => string = (p) => `period ${p}`,
): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (kind: number, period: number, n: number) => {
    const name = CLASSES[kind] === 'periodic' ? label(period) : (CLASSES[kind] as string);
    counts.set(name, (counts.get(name) ?? 0) + n);
  };
  const gpu = result.classCounts;
  if (gpu && !result.kind.length) {
    const slots = gpu.length / CLASSES.length;
    gpu.forEach((n, i) => n && add(Math.floor(i / slots), i % slots, n));
  } else
    for (let lane = 0; lane < result.kind.length; lane++) add(result.kind[lane]!, result.period[lane]!, 1);
  return counts;
}
