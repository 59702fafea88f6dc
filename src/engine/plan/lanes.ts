// Per-lane values: what each lane sees of the spec once the sweep axes are applied.
import { axisIndex, axisValues } from '../../spec/axes.js';
import { getPath } from '../../spec/path.js';
import type { NormalSpec } from '../../spec/types.js';
import type { LaneValues } from '../../models/types.js';

/**
 * The spec sections whose sweeps move each per-lane buffer. Per-layer learning rates (optimizer.lrs) run as a
 * rescaling of a layered model's parameters and layer multipliers (docs/equations.md, "Per-layer learning
 * rates"), so they move the parameters and the model constants, not the optimiser's.
 */
export const MOVED_BY = {
  state: ['init', 'optimizer.lrs'],
  modelHyper: ['model', 'optimizer.lrs'],
  optHyper: ['optimizer'],
} as const;

export interface Axis {
  path: string;
  values: Float64Array;
}

export function expandAxes(spec: NormalSpec): Axis[] {
  return spec.sweep.map((a) => ({ path: a.path, values: axisValues(a) }));
}

/** A reusable LaneValues; `at(lane)` moves it to a lane (no allocation per lane). */
export class LaneView implements LaneValues {
  private lane = 0;
  private readonly lengths: number[];
  private readonly constants = new Map<string, unknown>();

  constructor(
    private readonly spec: NormalSpec,
    private readonly axes: readonly Axis[],
  ) {
    this.lengths = axes.map((a) => a.values.length);
  }

  at(lane: number): this {
    this.lane = lane;
    return this;
  }

  private swept(path: string): number | undefined {
    for (let k = 0; k < this.axes.length; k++) {
      const a = this.axes[k] as Axis;
      if (a.path === path) return a.values[axisIndex(this.lane, this.lengths, k)];
    }
    return undefined;
  }

  private base(path: string): unknown {
    if (!this.constants.has(path)) this.constants.set(path, getPath(this.spec, path));
    return this.constants.get(path);
  }

  num(path: string): number {
    const v = this.swept(path) ?? this.base(path);
    if (typeof v !== 'number') throw new Error(`[eos-lab] ${path} is not a number in this spec`);
    return v;
  }

  list(path: string): readonly number[] {
    const v = this.base(path);
    if (!Array.isArray(v)) return [];
    return v.map((x, i) => this.swept(`${path}.${i}`) ?? (x as number));
  }

  /** True when any swept path starts with one of `prefixes` (then per-lane values differ). */
  varies(prefixes: readonly string[]): boolean {
    return this.axes.some((a) => prefixes.some((p) => a.path === p || a.path.startsWith(`${p}.`)));
  }
}
