// What a run is asked for (RunOptions: progress, tiles, what is read back, pacing) and what follows from it: which
// rows and sharpness a run must produce for its reader, and the default budget per submit. engine.ts runs it.
import type { NormalSpec } from '../spec/types.js';
import type { ReadMode } from './read/picture.js';
import type { PlanOptions, Plan } from './plan/plan.js';
import type { TileData } from './read/result-types.js';
import { inBrowser } from './run/waits.js';

export interface Progress {
  /** Fraction of this run's lane-steps done, in [0, 1]. */
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
  /**
   * Called with each finished tile's arrays (status, latest rows, classes, and the recorded window when
   * kept), in lane order: stream them to disk or a canvas instead of keeping per-lane arrays.
   */
  onTile?: (data: TileData, plan: Plan) => void | Promise<void>;
  /**
   * Which per-lane arrays the result holds: `lanes` = final values, classes, escape steps (default true);
   * `record` = the recorded windows (default true; also not read back from the GPU when false); `params` =
   * the final parameters, `result.params` (default false: P words a lane).
   */
  keep?: { lanes?: boolean; record?: boolean; params?: boolean };
  /** Bifurcation figures: read the density image back after every tile into `TileData.density` (progressive drawing). */
  densityPerTile?: boolean;
  /**
   * What comes back to the host per lane. 'lanes' (default): status, final rows and class words (and the record
   * and parameters when kept). 'color': one byte a lane, the colour index of the spec's basin colouring
   * (figure.colorBy, class by default), in `result.colors`, with `result.colorScale` from GPU reductions.
   * 'none': nothing per lane (a bifurcation figure's density image alone). With 'color' and 'none' `keep` is
   * ignored and onTile sees each tile without per-lane arrays (empty).
   * @example
   * const r = await engine.run(basinSpec, { read: 'color' }); // r.colors[lane]: CLASSES index for 'class'
   */
  read?: ReadMode;
  /**
   * Keep the picture on the GPU (`result.gpu`: colour indices or the density image, and per-lane classes for
   * one-lane readbacks) instead of reading it back to draw it; `result.gpu.release()` frees it.
   */
  retain?: boolean;
  /**
   * Target milliseconds of GPU work per submit: default 50 in a browser (the tab stays responsive), 500 in
   * Node (no page to keep responsive), 2000 in Node on a software GPU (each dispatch costs ~0.2 us a lane
   * whatever its steps there; bench/RESULTS.md). Cancelling waits for the submits in flight.
   */
  budgetMs?: number;
  /**
   * Check now and then whether each submit is done (a 1 ms map, cancelled when not) instead of awaiting
   * it (default: true in Node on a software GPU). Node's `webgpu` bindings poll on every event-loop turn
   * while a GPU promise is pending, which on a software GPU takes a CPU core from the GPU's workers.
   */
  quietWait?: boolean;
  plan?: PlanOptions;
}

/**
 * Whether anyone reads the sharpness at the last iterate: every 'lanes' run (result.final.sharpness), a map
 * coloured by kappa, and a run that records the sharpness (a density of it). A basin map's classes and a
 * density of the output do not: there the final power iteration (up to sharpness.iterations HVPs a lane,
 * ~100 steps' worth) is skipped.
 */
export function needsFinalSharpness(spec: NormalSpec, read: ReadMode): boolean {
  if (read === 'lanes') return true;
  const recorded = spec.record.observables;
  return (
    (read === 'color' && spec.figure?.colorBy === 'kappa') ||
    recorded.includes('sharpness') ||
    recorded.includes('residual') ||
    spec.figure?.observable === 'kappa'
  );
}

/**
 * Whether anyone reads the lanes' OBS_* rows after classification (classify.wgsl ROWS: the NaN rows of diverged
 * lanes): every 'lanes' run, and a map coloured by kappa (the final sharpness, NaN where diverged). A map of
 * classes, periods, escape steps or the measure, and a density, do not.
 */
export function needsLaneRows(spec: NormalSpec, read: ReadMode): boolean {
  return (
    read === 'lanes' || (read === 'color' && spec.figure?.kind === 'basin' && spec.figure.colorBy === 'kappa')
  );
}

/**
 * 50 ms of GPU work per submit where a page must stay responsive; 500 ms in Node; 2000 ms in Node on a
 * software GPU, where each dispatch's fixed part is ~0.2 us a lane (StepPacer) and no watchdog or page waits.
 */
export function defaultBudgetMs(softwareGpu = false): number {
  return inBrowser() ? 50 : softwareGpu ? 2000 : 500;
}
