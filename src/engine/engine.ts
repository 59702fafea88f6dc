// The engine: holds one device and its pipeline cache, and runs experiment specs tile by tile.
import { acquireDevice, type AcquireOptions, type DeviceInfo } from '../gpu/device.js';
import { GPUFailureError } from '../gpu/errors.js';
import { getKernel } from '../gpu/kernel.js';
import { normalizeSpec } from '../spec/normalize.js';
import type { ExperimentSpec } from '../spec/types.js';
import { RunPicture } from './read/picture.js';
import { requireDouble } from './run/df64-probe.js';
import { expandTables, hyperWords, ownerMasks, paramWords } from './plan/init-tables.js';
import { MOVED_BY } from './plan/lanes.js';
import {
  classifyOverrides,
  makePlan,
  SOFTWARE_GROUP_SIZE,
  WORKGROUP_SIZE,
  type Plan,
  type PlanOptions,
} from './plan/plan.js';
import { emptyResult, storeTile, type RunResult } from './read/result.js';
import type { TileData } from './read/result-types.js';
import { eigsProgram, shaderFile, stepProgram } from './plan/sources.js';
import { hasLightSteps, hasPlainSteps } from './run/variants.js';
import { TileRunner, type InitTables, type Pacing, type TileKernels } from './run/tile.js';
import { defaultQuietWait, StepPacer } from './run/waits.js';
import { defaultBudgetMs, needsFinalSharpness, needsLaneRows, type RunOptions } from './run-options.js';

export type { Progress, RunOptions } from './run-options.js';

/**
 * On a software GPU (the CPU's caches stand in for GPU memory) a workgroup-family tile keeps its lanes' scratch
 * within this many bytes: a dispatch walks every lane's scratch, and past the last-level cache the MLP bench
 * case fell from ~600 to ~300 lane-steps/s (tiles of 8-64 lanes against 128-256; bench/RESULTS.md).
 */
export const SOFTWARE_SCRATCH_BYTES = 8 * 2 ** 20;

export class Engine {
  /** Set once the device is lost or destroyed; every later run rejects with it. */
  private lost: string | undefined;

  private constructor(
    readonly device: GPUDevice,
    readonly info: DeviceInfo,
    /** True when the engine acquired the device (then `destroy` destroys it); false for a caller's. */
    readonly ownsDevice: boolean,
  ) {
    void device.lost.then((l) => {
      this.lost ??=
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
      return new Engine(options.device, info, false);
    }
    const { device, info } = await acquireDevice(options);
    return new Engine(device, info, true);
  }

  /** Validates without running: returns the plan (lanes, tiles, recorded steps). Throws SpecError. */
  plan(spec: ExperimentSpec, options: PlanOptions = {}): Plan {
    const normal = normalizeSpec(spec);
    if (this.info.isFallback) options = { ...options, groupSize: options.groupSize ?? SOFTWARE_GROUP_SIZE };
    const plan = makePlan(normal, this.device.limits, options);
    if (!this.info.isFallback || plan.family !== 'workgroup' || options.maxTileLanes !== undefined)
      return plan;
    const cap = Math.max(8, Math.floor(SOFTWARE_SCRATCH_BYTES / plan.bytesPerLane.scratch));
    if (plan.tiles.every((t) => t.count <= cap)) return plan;
    return makePlan(normal, this.device.limits, { ...options, maxTileLanes: cap });
  }

  private async kernels(
    plan: Plan,
    o: { lean: boolean; sharp: boolean; rows: boolean },
  ): Promise<Omit<TileKernels, 'expand'>> {
    // The step kernel, and its lean variants where the run has such dispatches (run/variants.ts): a pipeline
    // each, cached per device like every kernel. SHARP: whether the run may evaluate the sharpness at all.
    const stepKernel = (variant: 'step' | 'plainStep' | 'lightStep') =>
      getKernel(this.device, {
        label: `${plan.model.name}.${variant}`,
        files: stepProgram(plan.model, plan.spec.model, plan.precision),
        entry: 'step',
        overrides: {
          ...plan.overrides,
          // The lean variants are the lane family's (common/step.wgsl; common/step_wg.wgsl has none).
          ...(plan.family === 'lane'
            ? { PLAIN: variant === 'plainStep', LIGHT: variant === 'lightStep' }
            : {}),
          // The workgroup family keeps one step pipeline whatever is read (its compile takes 25-50 s on the
          // software GPU: an export's re-run reading every lane must not pay it again).
          SHARP: plan.family === 'workgroup' || o.sharp || plan.spec.sharpness.every > 0,
        },
        layoutConstants: plan.layout,
      });
    const step = stepKernel('step');
    const plainStep = o.lean && hasPlainSteps(plan) ? stepKernel('plainStep') : undefined;
    const lightStep = o.lean && hasLightSteps(plan) ? stepKernel('lightStep') : undefined;
    const common = (name: string, constants: Record<string, number>) =>
      getKernel(this.device, {
        label: `${plan.model.name}.${name}`,
        files: [shaderFile(`common/${name}.wgsl`)],
        entry: name,
        layoutConstants: constants,
      });
    const eigs = plan.eigs
      ? getKernel(this.device, {
          label: `${plan.model.name}.eigs`,
          files: eigsProgram(plan.model, plan.spec.model),
          entry: 'eigs_step',
          overrides: { ...plan.overrides, ...plan.eigs.overrides },
          layoutConstants: plan.layout,
        })
      : undefined;
    const s = await step;
    const opt = s.bindingStruct('optHyper');
    const word = (name: string) => (opt.fields.find((f) => f.name === name)?.offset ?? 0) / 4;
    const classify = await common('classify', {
      ...classifyOverrides(word('lossMin'), opt.size / 4),
      LYAPUNOV: Number(plan.overrides.LYAPUNOV),
      MEASURE: Number(plan.overrides.MEASURE),
      ROWS: Number(o.rows),
    });
    return { step: s, plainStep: await plainStep, lightStep: await lightStep, classify, eigs: await eigs };
  }

  /** The init pass for each lane buffer the GPU fills: expand.wgsl with the buffer's words and layout. */
  private async expandKernels(plan: Plan, init: InitTables): Promise<TileKernels['expand']> {
    const names = (['state', 'optHyper', 'modelHyper'] as const).filter((n) => init[n]);
    const kernels = await Promise.all(
      names.map((name) =>
        getKernel(this.device, {
          label: `${plan.model.name}.expand.${name}`, // a pipeline per lane buffer
          files: [shaderFile('common/expand.wgsl')],
          entry: 'expand',
          overrides: {
            WG: WORKGROUP_SIZE,
            WORDS: init[name]!.words,
            LANE_MINOR: name === 'state' && plan.family === 'lane',
            ...ownerMasks(init[name]!),
          },
        }),
      ),
    );
    return Object.fromEntries(names.map((n, i) => [n, kernels[i]]));
  }

  /**
   * Runs a spec: every lane of the sweep, `steps` updates each, then classifies every lane on the GPU.
   * @example
   * const r = await engine.run(spec, { onProgress: (p) => console.log(p.fraction) });
   * r.final.sharpness[0]; // sharpness of lane 0 at the final iterate
   * CLASSES[r.kind[0]]; // 'converged' | 'periodic' | 'chaotic' | 'aperiodic' | 'diverged' | 'collapsed'
   */
  async run(spec: ExperimentSpec, options: RunOptions = {}): Promise<RunResult> {
    if (this.lost) throw new GPUFailureError(`cannot run: ${this.lost}; create a new Engine`);
    const started = performance.now();
    const plan = this.plan(spec, options.plan);
    await plan.model.load?.();
    if (plan.precision === 'double') await requireDouble(this.device);
    const read = options.read ?? 'lanes';
    const finalSharpness = needsFinalSharpness(plan.spec, read);
    const kernels = await this.kernels(plan, {
      lean: options.plan?.leanSteps ?? true,
      sharp: finalSharpness,
      rows: needsLaneRows(plan.spec, read),
    });
    const lanesBack = read === 'lanes';
    const keep = {
      lanes: lanesBack && (options.keep?.lanes ?? true),
      record: lanesBack && (options.keep?.record ?? true),
      params: lanesBack && (options.keep?.params ?? false),
    };
    const result = emptyResult(plan, this.info, keep);
    const opt = kernels.step.bindingStruct('optHyper');
    const gpuInit = !options.plan?.hostInit;
    const init: InitTables = {
      state: gpuInit ? expandTables(plan, paramWords(plan), MOVED_BY.state) : null,
      optHyper: gpuInit ? expandTables(plan, hyperWords(plan, 'opt', opt), MOVED_BY.optHyper) : null,
      modelHyper: gpuInit
        ? expandTables(
            plan,
            hyperWords(plan, 'model', kernels.step.bindingStruct('modelHyper')),
            MOVED_BY.modelHyper,
          )
        : null,
    };
    let picture: RunPicture | undefined;
    let runner: TileRunner | undefined;
    let failed = true;
    try {
      const lrWord = (opt.fields.find((f) => f.name === 'lr')?.offset ?? 0) / 4;
      const retain = options.retain ?? false;
      picture = await RunPicture.create(this.device, plan, { words: opt.size / 4, lrWord }, read, retain);
      const reads = { ...keep, lanes: lanesBack, finalSharpness };
      const all = { ...kernels, expand: await this.expandKernels(plan, init) };
      runner = new TileRunner(this.device, all, plan, init, reads, picture.endPasses);
      const steps = plan.spec.steps;
      const span = plan.range.end - plan.range.first;
      const pacing: Pacing = {
        budgetMs: options.budgetMs ?? defaultBudgetMs(this.info.isFallback),
        quiet: options.quietWait ?? defaultQuietWait(this.info.isFallback),
        plain: new StepPacer(),
        window: new StepPacer(),
        signal: options.signal,
      };
      for (const [i, tile] of plan.tiles.entries()) {
        pacing.onSteps = (step) =>
          options.onProgress?.({
            fraction: (tile.offset - plan.range.first + (tile.count * step) / (steps + 1)) / span,
            tile: i + 1,
            tiles: plan.tiles.length,
            step,
            steps: steps + 1,
            lanes: span,
          });
        const data: TileData = await runner.run(tile, pacing, plan.tiles[i + 1]);
        if (options.densityPerTile) data.density = await picture.densitySoFar();
        if (picture.gpu && options.onTile) {
          await picture.afterTile();
          data.gpu = picture.gpu;
        }
        if (lanesBack) storeTile(result, plan, data);
        await options.onTile?.(data, plan);
      }
      await picture.finish(result);
      failed = false;
    } finally {
      runner?.destroy();
      picture?.destroy(failed);
    }
    result.elapsedMs = performance.now() - started;
    return result;
  }

  /** Releases the device if the engine acquired it; the engine cannot run afterwards either way. */
  destroy(): void {
    // Marked now, not when the device's lost promise settles: a run called right after gets this message.
    this.lost ??= this.ownsDevice
      ? 'the engine was destroyed'
      : 'the engine was destroyed (the caller owns the device)';
    if (this.ownsDevice) this.device.destroy();
  }
}
