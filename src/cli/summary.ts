// The short human summary the CLI prints on standard error after a run.
import { readFileSync } from 'node:fs';
import { classCounts as countClasses } from '../views/counts.js';
import type { RunResult } from '../engine/read/result.js';

/** Counts per class ('period-4' for periodic lanes), from the per-lane codes or the GPU's counts. */
export function classCounts(result: RunResult): Map<string, number> {
  return countClasses(result, (p) => `period-${p}`);
}

export function summary(result: RunResult, out: string | undefined, counts = classCounts(result)): string {
  const lanes = result.range.end - result.range.first;
  const steps = result.spec.steps;
  const rate = (lanes * steps) / (result.elapsedMs / 1000);
  const dev = `${result.device.vendor} ${result.device.architecture}`.trim() || 'unknown device';
  const text = [...counts.entries()].map(([k, n]) => `${k} ${n}`).join(', ');
  return [
    `[eos-lab] ${lanes} lanes x ${steps} steps in ${(result.elapsedMs / 1000).toFixed(2)} s (${rate.toExponential(2)} lane-steps/s on ${dev}, precision ${result.precision}); peak host memory ${peakMB()} MB`,
    text ? `[eos-lab] classes: ${text}` : '',
    out ? `[eos-lab] wrote ${out}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * Peak resident memory of this process so far, in MB (the figure the scale tests and the bench quote).
 * Linux: VmHWM of /proc/self/status, which starts afresh at exec; getrusage's maxRSS would carry over the
 * parent's peak into a spawned process. Elsewhere: maxRSS.
 */
export function peakMB(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Math.round(Number(kb) / 1024);
  } catch {
    /* not Linux */
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
