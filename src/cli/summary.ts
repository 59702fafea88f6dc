// The short human summary the CLI prints on standard error after a run.
import type { LaneClasses } from '../analysis/classify.js';
import type { RunResult } from '../engine/result.js';

export function summary(result: RunResult, classes: LaneClasses, out: string | undefined): string {
  const { lanes } = result;
  const diverged = result.diverged.reduce((n, d) => n + d, 0);
  const periods = new Map<string, number>();
  if (classes.by) {
    for (const c of classes.lanes) {
      const key = c.kind === 'periodic' ? `period-${c.period}` : c.kind;
      periods.set(key, (periods.get(key) ?? 0) + 1);
    }
  }
  const steps = result.spec.steps;
  const rate = (lanes * steps) / (result.elapsedMs / 1000);
  const dev = `${result.device.vendor} ${result.device.architecture}`.trim() || 'unknown device';
  const counts = [...periods.entries()].map(([k, n]) => `${k} ${n}`).join(', ');
  return [
    `[eos-lab] ${lanes} lanes x ${steps} steps in ${(result.elapsedMs / 1000).toFixed(2)} s (${rate.toExponential(2)} lane-steps/s on ${dev})`,
    `[eos-lab] diverged ${diverged}${counts ? `; late-time classes: ${counts}` : ''}`,
    out ? `[eos-lab] wrote ${out}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
