// The engine: holds one device and its pipeline cache, and runs experiment specs tile by tile.
import { acquireDevice, type AcquireOptions, type DeviceInfo } from '../gpu/device.js';
import { GPUFailureError } from '../gpu/errors.js';
import { getKernel } from '../gpu/kernel.js';
import { normalizeSpec } from '../spec/normalize.js';
import { OBSERVABLES, type ExperimentSpec, type Observable } from '../spec/types.js';
import { makePlan, type Plan, type PlanOptions, type Tile } from './plan.js';
import type { RunResult } from './result.js';
import { stepProgram } from './sources.js';
import { TileRunner, type Pacing, type TileOutput } from './tile.js';

export interface Progress {
  /** Fraction of all lane-steps done, in [0, 1]. */
  fraction: number;
  tile: number;
  tiles: number;
  /** Iterates done in the current tile (0..steps + 1). */
  step: number;
  steps: number;
  lanes: number;
}

export interface RunOptions {
  /** Aborting rejects the run with the signal's reason (an 'AbortError' DOMException by default). */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** Target milliseconds of GPU work per submit (default 50): keeps a browser tab responsive. */
  budgetMs?: number;
  plan?: PlanOptions;
}

export class Engine {
  /** Set once the device is lost or destroyed; every later run rejects with it. */
  private lost: string | undefined;

  private constructor(
    readonly device: GPUDevice,
    readonly info: DeviceInfo,
  ) {
    void device.lost.then((l) => {
      this.lost =
        l.reason === 'destroyed' ? 'the engine was destroyed' : `the GPU device was lost: ${l.message}`;
    });
  }

  /**
   * Acquires a device (navigator.gpu in a browser, Dawn in Node) or wraps the one given.
   * @example
   * const engine = await Engine.create();
   * const result = await engine.run({ model: { name: 'minimalist' }, optimizer: { name: 'gd', lr: 0.1 }, steps: 500 });
   */
  static async create(
    options: AcquireOptions & { device?: GPUDevice; info?: DeviceInfo } = {},
  ): Promise<Engine> {
    if (options.device) {
      const info = options.info ?? { vendor: '', architecture: '', description: '', isFallback: false };
      return new Engine(options.device, info);
    }
    const { device, info } = await acquireDevice(options);
    return new Engine(device, info);
  }

  /** Validates without running: returns the plan (lanes, tiles, recorded steps). Throws SpecError. */
  plan(spec: ExperimentSpec, options: PlanOptions = {}): Plan {
    return makePlan(normalizeSpec(spec), this.device.limits, options);
  }

  /**
   * Runs a spec: every lane of the sweep, `steps` updates each, and returns the typed-array result.
   * @example
   * const r = await engine.run(spec, { onProgress: (p) => console.log(p.fraction) });
   * r.final.sharpness[0]; // sharpness of lane 0 at the final iterate
   */
  async run(spec: ExperimentSpec, options: RunOptions = {}): Promise<RunResult> {
    if (this.lost) throw new GPUFailureError(`cannot run: ${this.lost}; create a new Engine`);
    const started = performance.now();
    const plan = this.plan(spec, options.plan);
    const kernel = await getKernel(this.device, {
      label: `${plan.model.name}.step`,
      files: stepProgram(plan.model),
      entry: 'step',
      overrides: plan.overrides,
    });
    const result = emptyResult(plan, this.info);
    const runner = new TileRunner(this.device, kernel, plan);
    const steps = plan.spec.steps;
    const pacing: Pacing = { budgetMs: options.budgetMs ?? 50, stepsPerSubmit: 4, signal: options.signal };
    try {
      for (const [i, tile] of plan.tiles.entries()) {
        pacing.onSteps = (step) =>
          options.onProgress?.({
            fraction: (tile.offset + (tile.count * step) / (steps + 1)) / plan.lanes,
            tile: i + 1,
            tiles: plan.tiles.length,
            step,
            steps: steps + 1,
            lanes: plan.lanes,
          });
        const out = await runner.run(tile, pacing);
        storeTile(result, plan, tile, out);
      }
    } finally {
      runner.destroy();
    }
    result.elapsedMs = performance.now() - started;
    return result;
  }

  /** Releases the device; the engine cannot run afterwards. */
  destroy(): void {
    this.device.destroy();
  }
}

function emptyResult(plan: Plan, device: DeviceInfo): RunResult {
  const { lanes, recordSteps } = plan;
  const final = Object.fromEntries(OBSERVABLES.map((o) => [o, new Float32Array(lanes)])) as Record<
    Observable,
    Float32Array
  >;
  const values: Partial<Record<Observable, Float32Array>> = {};
  for (const o of plan.spec.record.observables) values[o] = new Float32Array(lanes * recordSteps.length);
  return {
    spec: plan.spec,
    lanes,
    axes: plan.axes.map((a) => ({ path: a.path, values: a.values })),
    final,
    diverged: new Uint8Array(lanes),
    divergedAt: new Int32Array(lanes).fill(-1),
    record: { steps: recordSteps, values },
    device,
    elapsedMs: 0,
  };
}

/** Copies a tile's readback into the result: record transposed to lane-major, NaN after divergence. */
function storeTile(result: RunResult, plan: Plan, tile: Tile, out: TileOutput): void {
  const n = tile.count;
  const T = plan.recordSteps.length;
  const observed = plan.spec.record.observables;
  const nrec = Math.max(1, observed.length);
  for (let lane = 0; lane < n; lane++) {
    const g = tile.offset + lane;
    const st = out.status[lane] as number;
    const at = st === 0 ? Infinity : st - 1;
    if (st !== 0) {
      result.diverged[g] = 1;
      result.divergedAt[g] = at;
    }
    OBSERVABLES.forEach((o, k) => {
      result.final[o][g] = st === 0 ? (out.latest[k * n + lane] as number) : NaN;
    });
    observed.forEach((o, r) => {
      const dst = result.record.values[o] as Float32Array;
      for (let s = 0; s < T; s++) {
        dst[g * T + s] =
          (plan.recordSteps[s] as number) < at ? (out.record[(s * nrec + r) * n + lane] as number) : NaN;
      }
    });
  }
}
