// Result -> CSV: one row per lane with its axis values, final values, class, period and escape step.
import { CLASSES } from '../engine/plan/lane-rows.js';
import { FINAL_FIELDS, type RunResult } from '../engine/read/result.js';
import { axisIndex } from '../spec/axes.js';

const cell = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(7))) : '');
/** Axis values in full (float64's shortest form): deep-zoom lanes apart by 1e-12 stay apart. */
const axisCell = (v: number): string => String(v);

/**
 * Per-lane table for spreadsheets and plotting tools; empty cells where a value is missing or diverged.
 * @example
 * writeFileSync('lanes.csv', resultToCSV(result));
 */
export function resultToCSV(result: RunResult): string {
  // The top-k eigenvalues at the last recorded slot (the final iterate), when `eigs` was recorded.
  const eigs = result.record.vectors.eigs;
  const T = result.record.steps.length;
  const k = eigs?.shape[0] ?? 0;
  const header = [
    'lane',
    ...result.axes.map((a) => a.path),
    ...FINAL_FIELDS.map((o) => `final.${o}`),
    ...Array.from({ length: k }, (_, i) => `final.eigs.${i}`),
  ];
  const rows = [[...header, 'class', 'period', 'escape'].join(',')];
  const lengths = result.axes.map((a) => a.values.length);
  for (let lane = 0; lane < result.diverged.length; lane++) {
    const axisCells = result.axes.map((a, k) => axisCell(a.values[axisIndex(lane, lengths, k)] as number));
    const escape = result.divergedAt[lane] as number;
    rows.push(
      [
        String(lane),
        ...axisCells,
        ...FINAL_FIELDS.map((o) => cell(result.final[o][lane] as number)),
        ...Array.from({ length: k }, (_, i) => cell(eigs!.values[(lane * T + T - 1) * k + i] as number)),
        CLASSES[result.kind[lane] as number],
        String(result.period[lane]),
        escape >= 0 ? String(escape) : '',
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
