// Result -> plain JSON (the CLI's output file): per-lane arrays in lane order, null where a lane diverged.
import { classifyLanes, type LaneClasses } from '../analysis/classify.js';
import type { RunResult } from '../engine/result.js';
import { OBSERVABLES, type Observable } from '../spec/types.js';

/** f32 values printed with the 7 significant digits they carry; non-finite as null. */
const num = (v: number): number | null => (Number.isFinite(v) ? Number(v.toPrecision(7)) : null);

export interface ResultJSON {
  spec: unknown;
  lanes: number;
  axes: { path: string; values: number[] }[];
  final: Record<string, (number | null)[]>;
  diverged: boolean[];
  divergedAt: (number | null)[];
  /** Late-time period of each lane from the recorded window of `classifiedBy`: 1 converged, p cycle, 0 aperiodic, null diverged. */
  period: (number | null)[];
  classifiedBy: Observable | null;
  record: { steps: number[] } & Record<string, (number | null)[][] | null[] | number[]>;
  device: RunResult['device'];
  elapsedMs: number;
}

/**
 * Converts a result to the JSON document `eos-lab run --out` writes.
 * @example
 * writeFileSync('out.json', JSON.stringify(resultToJSON(result)));
 */
export function resultToJSON(result: RunResult, classes: LaneClasses = classifyLanes(result)): ResultJSON {
  const { lanes } = result;
  const T = result.record.steps.length;
  const final: Record<string, (number | null)[]> = {};
  for (const o of OBSERVABLES) {
    final[o] = Array.from(result.final[o], (v, lane) => (result.diverged[lane] ? null : num(v)));
  }
  const record: ResultJSON['record'] = { steps: Array.from(result.record.steps) };
  for (const [o, values] of Object.entries(result.record.values)) {
    record[o] = Array.from({ length: lanes }, (_, lane) =>
      result.diverged[lane] ? null : Array.from(values.subarray(lane * T, (lane + 1) * T), num),
    ) as (number | null)[][];
  }
  const period = classes.lanes.map((c) => (c.period < 0 ? null : c.period));
  return {
    spec: result.spec,
    lanes,
    axes: result.axes.map((a) => ({ path: a.path, values: Array.from(a.values) })),
    final,
    diverged: Array.from(result.diverged, Boolean),
    divergedAt: Array.from(result.divergedAt, (t) => (t < 0 ? null : t)),
    period,
    classifiedBy: classes.by,
    record,
    device: result.device,
    elapsedMs: Math.round(result.elapsedMs),
  };
}
