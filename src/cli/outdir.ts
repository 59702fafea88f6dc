// A run's arrays as a directory of .npy files (one per array, lane order, written tile by tile) with a
// meta.json of spec, version, adapter, axes and progress: the output for maps too large for JSON, the unit
// a shard writes, and what a killed run resumes from.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASSES, LATEST_ROW, RESULT_ROW } from '../engine/plan/lane-rows.js';
import type { Plan } from '../engine/plan/plan.js';
import { FINAL_FIELDS, type Density } from '../engine/read/result.js';
import type { TileData } from '../engine/read/result-types.js';
import type { DeviceInfo } from '../gpu/device.js';
import type { NormalSpec } from '../spec/types.js';
import { VERSION } from '../views/json.js';
import { NpyFile, type Dtype } from './npy.js';

export interface Meta {
  format: 'eos-lab/lanes';
  version: string;
  specHash: string;
  spec: NormalSpec;
  /** The lanes' arithmetic ('auto' resolved). */
  precision: 'single' | 'double';
  device: DeviceInfo;
  lanes: number;
  axes: { path: string; values: number[] }[];
  /** Lanes in this directory: [first, end) of the sweep (all unless a shard). */
  range: { first: number; end: number };
  shard: { index: number; count: number } | null;
  /** Lanes written so far, from range.first (a killed run resumes after them). */
  done: number;
  complete: boolean;
  classes: readonly string[];
  arrays: Record<string, { dtype: Dtype; shape: number[] }>;
}

/** A stable hash of the normalised spec: parts of one run carry the same one. */
export function specHash(spec: NormalSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
}

const ARRAYS: Record<string, Dtype> = {
  class: 'u1',
  period: 'u1',
  escape: 'i4',
  ...Object.fromEntries(FINAL_FIELDS.map((f) => [`final_${f}`, 'f4' as Dtype])),
};

/**
 * The shape of a per-lane array holding lanes [first, end) of a sweep with these axis lengths: the grid
 * (second axis, first axis) in C order when the array holds the whole sweep (the first axis runs fastest, as in
 * lane order, so `np.load('class.npy')` is the map `plt.imshow` draws), else flat (a shard's lane range).
 * @example
 * laneShape([300, 200], { first: 0, end: 60000 }); // [200, 300]
 */
export function laneShape(lengths: readonly number[], range: { first: number; end: number }): number[] {
  const lanes = lengths.reduce((a, b) => a * b, 1);
  const n = range.end - range.first;
  if (range.first !== 0 || n !== lanes || lengths.length === 0) return [n];
  return [...lengths].reverse();
}

/**
 * The sweep's axis values in float64, `axis_0.npy` (and `axis_1.npy`): the digits that tell deep-zoom lanes
 * apart (a map's class.npy[i1, i0] is the lane at axis_0[i0], axis_1[i1]).
 */
export function writeAxes(dir: string, axes: readonly { values: readonly number[] }[]): void {
  axes.forEach((a, k) => {
    const f = new NpyFile(join(dir, `axis_${k}.npy`), 'f8', [a.values.length]);
    f.write(0, Float64Array.from(a.values));
    f.close();
  });
}

/** Reads meta.json of a directory, or undefined. */
export function readMeta(dir: string): Meta | undefined {
  const path = join(dir, 'meta.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Meta) : undefined;
}

export class LaneDirectory {
  private readonly files = new Map<string, NpyFile>();
  readonly meta: Meta;

  /** Opens `dir` for `plan`; with `resume`, keeps a matching unfinished directory's arrays. */
  constructor(
    readonly dir: string,
    plan: Plan,
    device: DeviceInfo,
    shard: Meta['shard'],
    resume: boolean,
  ) {
    mkdirSync(dir, { recursive: true });
    const old = readMeta(dir);
    const hash = specHash(plan.spec);
    const keep =
      resume &&
      old &&
      !old.complete &&
      old.specHash === hash &&
      old.range.first === plan.range.first &&
      old.range.end === plan.range.end;
    const shape = laneShape(
      plan.axes.map((a) => a.values.length),
      plan.range,
    );
    this.meta = {
      format: 'eos-lab/lanes',
      version: VERSION,
      specHash: hash,
      spec: plan.spec,
      precision: plan.precision,
      device,
      lanes: plan.lanes,
      axes: plan.axes.map((a) => ({ path: a.path, values: Array.from(a.values) })),
      range: plan.range,
      shard,
      done: keep ? old.done : 0,
      complete: false,
      classes: CLASSES,
      arrays: Object.fromEntries(Object.entries(ARRAYS).map(([k, d]) => [k, { dtype: d, shape }])),
    };
    for (const [name, dtype] of Object.entries(ARRAYS))
      this.files.set(name, new NpyFile(join(dir, `${name}.npy`), dtype, shape, { keep: Boolean(keep) }));
    writeAxes(dir, this.meta.axes);
    this.save();
  }

  private save(): void {
    writeFileSync(join(this.dir, 'meta.json'), JSON.stringify(this.meta));
  }

  /** Writes a finished tile (tiles arrive in lane order). */
  write(data: TileData): void {
    const { tile, status, latest, classes } = data;
    const at = tile.offset - this.meta.range.first;
    const n = tile.count;
    const kind = new Uint8Array(n);
    const period = new Uint8Array(n);
    const escape = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      kind[i] = (classes[i] as number) & 0xff;
      period[i] = (classes[i] as number) >>> 8;
      escape[i] = (status[i] as number) - 1;
    }
    this.files.get('class')!.write(at, kind);
    this.files.get('period')!.write(at, period);
    this.files.get('escape')!.write(at, escape);
    for (const f of FINAL_FIELDS) {
      const row = f === 'lyapunov' || f === 'measure' ? RESULT_ROW[f] : LATEST_ROW[f];
      this.files.get(`final_${f}`)!.write(at, latest.subarray(row * n, (row + 1) * n));
    }
    this.meta.done = at + n;
    this.save();
  }

  /** Adds the density image (bins x columns) and marks the directory complete. */
  finish(density: Density | undefined): void {
    if (density) {
      const f = new NpyFile(join(this.dir, 'density.npy'), 'u4', [density.bins, density.columns]);
      f.write(0, density.counts);
      f.close();
      const { counts: _omit, ...rest } = density;
      void _omit;
      this.meta.arrays.density = { dtype: 'u4', shape: [density.bins, density.columns] };
      (this.meta as Meta & { density?: object }).density = rest;
    }
    this.meta.complete = true;
    this.save();
    this.close();
  }

  close(): void {
    for (const f of this.files.values()) f.close();
    this.files.clear();
  }
}

/** The first `count` elements (in lane order) of array `name` in a directory. */
export function readArray(dir: string, name: string, count: number): Uint8Array {
  const f = NpyFile.open(join(dir, `${name}.npy`));
  const out = f.read(0, count);
  f.close();
  return out;
}
