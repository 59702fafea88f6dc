// The short human summary the CLI prints on standard error after a run.
import { classify } from '../analysis/classify.js';
import type { RunResult } from '../engine/result.js';

export function summary(result: RunResult, out: string | undefined): string {
  const { lanes } = result;
  const T = result.record.steps.length;
  const diverged = result.diverged.reduce((n, d) => n + d, 0);
  const series = result.record.values.output ?? result.record.values.loss;
  const periods = new Map<string, number>();
  if (series) {
    for (let lane = 0; lane < lanes; lane++) {
      const c = classify(series.subarray(lane * T, (lane + 1) * T), result.diverged[lane] === 1);
      const key = c.kind === 'periodic' ? `period-${c.period}` : c.kind;
      periods.set(key, (periods.get(key) ?? 0) + 1);
    }
  }
  const steps = result.spec.steps;
  const rate = (lanes * steps) / (result.elapsedMs / 1000);
  const dev = `${result.device.vendor} ${result.device.architecture}`.trim() || 'unknown device';
  const classes = [...periods.entries()].map(([k, n]) => `${k} ${n}`).join(', ');
  return [
    `[eos-lab] ${lanes} lanes x ${steps} steps in ${(result.elapsedMs / 1000).toFixed(2)} s (${rate.toExponential(2)} lane-steps/s on ${dev})`,
    `[eos-lab] diverged ${diverged}${classes ? `; late-time classes: ${classes}` : ''}`,
    out ? `[eos-lab] wrote ${out}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}
