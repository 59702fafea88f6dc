// The page's one engine: a controller that owns the GPU device and runs the elements' specs one at a time,
// so figures never share a run (or its errors), and that re-creates the engine after a device loss.
// Elements import `pageController()`; they never create or destroy a device.
import { Engine, type RunOptions } from '../src/engine/engine.js';
import type { RunResult } from '../src/engine/read/result.js';
import type { DeviceInfo } from '../src/gpu/device.js';
import { GPUFailureError, WebGPUUnavailableError } from '../src/gpu/errors.js';
import type { ExperimentSpec } from '../src/spec/types.js';

export class EngineController {
  private engine: Promise<Engine> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** The adapter of the page's engine, once it exists. */
  adapter: DeviceInfo | undefined;
  /** Lane-steps per second of the largest recent run (elements size 'auto' figures from it). */
  laneStepsPerSecond: number | undefined;

  constructor(private readonly create: () => Promise<Engine> = () => Engine.create()) {}

  /** The engine, created on first use; rejects with WebGPUUnavailableError where there is no WebGPU. */
  async ready(): Promise<Engine> {
    const nav = (globalThis as { navigator?: { gpu?: unknown } }).navigator;
    if (!nav?.gpu) throw new WebGPUUnavailableError('this browser has no WebGPU (navigator.gpu is missing)');
    if (!this.engine) {
      const created = this.create();
      this.engine = created;
      created.then(
        (e) => {
          this.adapter = e.info;
          void e.device.lost.then(() => this.engine === created && (this.engine = undefined));
        },
        () => this.engine === created && (this.engine = undefined),
      );
    }
    return this.engine;
  }

  /**
   * Runs a spec after every run queued before it. An aborted signal rejects at once (and stops a running
   * spec within two submits); a lost device is replaced and the run retried once.
   * @example
   * const result = await pageController().run(spec, { signal, onProgress });
   */
  /** Notes a run's speed (runs of under 50 ms say more about set-up than speed, and are skipped). */
  private measured(r: RunResult): RunResult {
    if (r.range && r.spec && r.elapsedMs > 50)
      this.laneStepsPerSecond = ((r.range.end - r.range.first) * r.spec.steps) / (r.elapsedMs / 1000);
    return r;
  }

  run(spec: ExperimentSpec, options: RunOptions = {}): Promise<RunResult> {
    const go = async (): Promise<RunResult> => {
      options.signal?.throwIfAborted();
      try {
        return this.measured(await (await this.ready()).run(spec, options));
      } catch (e) {
        if (!(e instanceof GPUFailureError) || !/lost|destroyed/.test(e.message)) throw e;
        this.engine = undefined;
        return (await this.ready()).run(spec, options);
      }
    };
    const next = this.queue.then(go, go);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

const KEY = Symbol.for('eos-lab.controller');

/** The controller of this page (one per page, also when the bundle is loaded twice). */
export function pageController(): EngineController {
  const g = globalThis as { [KEY]?: EngineController };
  g[KEY] ??= new EngineController();
  return g[KEY];
}
