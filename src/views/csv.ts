// Result -> CSV: one row per lane with its axis values, final observables, divergence and late-time period.
import { classify } from '../analysis/classify.js';
import type { RunResult } from '../engine/result.js';
import { OBSERVABLES } from '../spec/types.js';

const cell = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(7))) : '');

/**
 * Per-lane table for spreadsheets and plotting tools; empty cells where a value is missing or diverged.
 * @example
 * writeFileSync('lanes.csv', resultToCSV(result));
 */
export function resultToCSV(result: RunResult): string {
  const T = result.record.steps.length;
  const series = result.record.values.output ?? result.record.values.loss ?? result.record.values.sharpness;
  const header = ['lane', ...result.axes.map((a) => a.path), ...OBSERVABLES.map((o) => `final.${o}`)];
  const rows = [[...header, 'diverged', 'divergedAt', 'period'].join(',')];
  const lengths = result.axes.map((a) => a.values.length);
  for (let lane = 0; lane < result.lanes; lane++) {
    let rest = lane;
    const axisCells = result.axes.map((a, k) => {
      const i = rest % (lengths[k] as number);
      rest = Math.floor(rest / (lengths[k] as number));
      return cell(a.values[i] as number);
    });
    const diverged = result.diverged[lane] === 1;
    const period = series ? classify(series.subarray(lane * T, (lane + 1) * T), diverged).period : NaN;
    rows.push(
      [
        String(lane),
        ...axisCells,
        ...OBSERVABLES.map((o) => cell(result.final[o][lane] as number)),
        diverged ? '1' : '0',
        diverged ? String(result.divergedAt[lane]) : '',
        period >= 0 ? String(period) : '',
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
