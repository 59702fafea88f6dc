// Result -> plain JSON (the CLI's output file): per-lane arrays in lane order, null where a lane diverged.
import { CLASSES } from '../engine/plan/lane-rows.js';
import { FINAL_FIELDS, type RunResult } from '../engine/read/result.js';

/** f32 values printed with the 7 significant digits they carry; non-finite as null. */
const num = (v: number): number | null => (Number.isFinite(v) ? Number(v.toPrecision(7)) : null);

export interface ResultJSON {
  spec: unknown;
  version: string;
  /** The lanes' arithmetic: the spec's precision with 'auto' resolved. */
  precision: 'single' | 'double';
  lanes: number;
  axes: { path: string; values: number[] }[];
  final: Record<string, (number | null)[]>;
  /** converged, periodic, chaotic, aperiodic, diverged or collapsed, per lane. */
  class: string[];
  /** p for periodic, 1 for converged (and collapsed), 0 otherwise. */
  period: number[];
  /** Finite-time Lyapunov exponent over the classification window (null where not computed). */
  lyapunov: (number | null)[];
  /** The iterate at which a lane diverged, -1 if never. */
  escape: number[];
  diverged: boolean[];
  /**
   * record.<observable>[lane][slot]; vector observables nest one level deeper, record.eigs[lane][slot][i]
   * (eigsResidual[lane][slot] beside it); a diverged lane is null.
   */
  record: { steps: number[] } & Record<string, unknown[]>;
  density?: Omit<NonNullable<RunResult['density']>, 'counts'> & { counts: number[] };
  /** params[lane][k]: final parameters (when the run kept them). */
  params?: (number | null)[][];
  device: RunResult['device'];
  elapsedMs: number;
}

declare const __EOS_VERSION__: string;
/** The package version (set by the build; 'dev' when the sources run unbuilt). */
export const VERSION: string = typeof __EOS_VERSION__ === 'string' ? __EOS_VERSION__ : 'dev';

/**
 * Converts a result to the JSON document `eos-lab run --out` writes.
 * @example
 * writeFileSync('out.json', JSON.stringify(resultToJSON(result)));
 */
export function resultToJSON(result: RunResult): ResultJSON {
  const lanes = result.diverged.length;
  const T = result.record.steps.length;
  const final: Record<string, (number | null)[]> = {};
  for (const o of FINAL_FIELDS) {
    final[o] = Array.from(result.final[o], (v, lane) => (result.diverged[lane] ? null : num(v)));
  }
  const record: ResultJSON['record'] = { steps: Array.from(result.record.steps) };
  for (const [o, values] of Object.entries(result.record.values)) {
    record[o] = Array.from({ length: lanes }, (_, lane) =>
      result.diverged[lane] ? null : Array.from(values.subarray(lane * T, (lane + 1) * T), num),
    ) as (number | null)[][];
  }
  for (const [o, vec] of Object.entries(result.record.vectors)) {
    const width = vec.shape.reduce((a, b) => a * b, 1);
    record[o] = Array.from({ length: lanes }, (_, lane) =>
      result.diverged[lane]
        ? null
        : Array.from({ length: T }, (_, s) => nest(vec.values, (lane * T + s) * width, vec.shape)),
    );
  }
  const d = result.density;
  const P = lanes ? result.params.length / lanes : 0;
  const params = Array.from({ length: P ? lanes : 0 }, (_, lane) =>
    Array.from(result.params.subarray(lane * P, (lane + 1) * P), num),
  );
  return {
    spec: result.spec,
    version: VERSION,
    precision: result.precision,
    lanes: result.lanes,
    axes: result.axes.map((a) => ({ path: a.path, values: Array.from(a.values) })),
    final,
    class: Array.from(result.kind, (k) => CLASSES[k] as string),
    period: Array.from(result.period),
    lyapunov: Array.from(result.final.lyapunov, num),
    escape: Array.from(result.divergedAt),
    diverged: Array.from(result.diverged, Boolean),
    record,
    ...(d ? { density: { ...d, counts: Array.from(d.counts) } } : {}),
    ...(P ? { params } : {}),
    device: result.device,
    elapsedMs: Math.round(result.elapsedMs),
  };
}

/** values[at ..] as nested arrays of `shape` (row-major); a scalar for shape []. */
function nest(values: Float32Array, at: number, shape: number[]): unknown {
  if (!shape.length) return num(values[at] as number);
  const [n, ...rest] = shape as [number, ...number[]];
  const inner = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => nest(values, at + i * inner, rest));
}
