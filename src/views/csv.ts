// Result -> CSV: one row per lane with its axis values, final observables, divergence and late-time period.
import { classifyLanes, type LaneClasses } from '../analysis/classify.js';
import type { RunResult } from '../engine/result.js';
import { axisIndex } from '../spec/axes.js';
import { OBSERVABLES } from '../spec/types.js';

const cell = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(7))) : '');

/**
 * Per-lane table for spreadsheets and plotting tools; empty cells where a value is missing or diverged.
 * @example
 * writeFileSync('lanes.csv', resultToCSV(result));
 */
export function resultToCSV(result: RunResult, classes: LaneClasses = classifyLanes(result)): string {
  const header = ['lane', ...result.axes.map((a) => a.path), ...OBSERVABLES.map((o) => `final.${o}`)];
  const rows = [[...header, 'diverged', 'divergedAt', 'period'].join(',')];
  const lengths = result.axes.map((a) => a.values.length);
  for (let lane = 0; lane < result.lanes; lane++) {
    const axisCells = result.axes.map((a, k) => cell(a.values[axisIndex(lane, lengths, k)] as number));
    const diverged = result.diverged[lane] === 1;
    const period = (classes.lanes[lane] as { period: number }).period;
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
