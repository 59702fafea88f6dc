// What the tile runner (src/engine/run/tile.ts) takes and hands back: the kernels, the init tables, the pacing
// of submits, and the arrays of a finished tile.
import type { Kernel } from '../../gpu/kernel.js';
import type { ExpandTables } from '../plan/init-tables.js';
import type { Tile } from '../plan/plan.js';
import type { StepPacer } from './waits.js';

/**
 * What the tile runner reads back from a finished tile (the engine hands it on as a TileData,
 * src/engine/read/result-types.ts); arrays are the tile's own to keep (lane i = tile.offset + i).
 * status, latest and classes are empty unless the run reads lanes (RunOptions.read 'lanes', the default).
 */
export interface TileRows {
  tile: Tile;
  /** 0, or 1 + the iterate at which the lane diverged. */
  status: Uint32Array;
  /** latest[row * tile.count + i], rows 0..READBACK_ROWS-1 of src/engine/plan/lane-rows.ts (NaN where diverged). */
  latest: Float32Array;
  /** kind | period << 8 (src/engine/plan/lane-rows.ts CLASSES). */
  classes: Uint32Array;
  /** record[(slot * NREC + r) * tile.count + i], when the run reads windows back. */
  record?: Float32Array;
  /** eigs[(slot * (k + 1) + i) * tile.count + lane] when `eigs` is recorded (src/engine/run/spectrum.ts). */
  eigs?: Float32Array;
  /** Parameters at each recorded iterate, [slot][block 0 of state], when the run snapshots them. */
  snapshots?: Float32Array;
  /** The spectrum pass's eigenvectors at each recorded iterate, [slot][k blocks of state], with `eigvecs`. */
  eigvecs?: Float32Array;
  /** Final parameters, params[i * P + k] (lane-major), when the run keeps them. */
  params?: Float32Array;
  /** Precision double: the parameters' low words, laid out as params. */
  paramsLo?: Float32Array;
}

export interface Pacing {
  budgetMs: number;
  /** Probe each submit's end instead of awaiting it (src/engine/run/waits.ts). */
  quiet: boolean;
  /** Steps before the classification window, and steps in it (kept across tiles). */
  plain: StepPacer;
  window: StepPacer;
  signal?: AbortSignal;
  /** Called after every completed submit with the iterates done in this tile. */
  onSteps?: (done: number) => void;
}

export interface TileKernels {
  step: Kernel;
  /** The step kernel compiled with PLAIN (common/advance.wgsl), for dispatches of plain steps alone (variants.ts). */
  plainStep?: Kernel;
  /** The step kernel compiled with LIGHT, for dispatches of light steps alone but S (variants.ts). */
  lightStep?: Kernel;
  classify: Kernel;
  /** The init pass per lane buffer it fills (common/expand.wgsl compiled for the buffer's words and layout). */
  expand: Partial<Record<keyof InitTables, Kernel>>;
  /** The top-k spectrum pass, when `eigs` is recorded. */
  eigs?: Kernel;
}

/** The init pass's tables per lane buffer; null where the host packs lanes instead. */
export interface InitTables {
  state: ExpandTables | null;
  optHyper: ExpandTables | null;
  modelHyper: ExpandTables | null;
}

/**
 * A pass the run adds after classification (e.g. the density). It submits its work and hands the error scope
 * of that work to `later` rather than awaiting it (Dawn settles a scope once the GPU is done, and the host
 * would poll for it): the tile runner waits for the GPU quietly once, then checks them. It may still read back
 * and await where it must (an automatic density range).
 */
export type EndPass = (
  tile: Tile,
  buffers: Record<string, GPUBuffer>,
  later: Promise<void>[],
) => Promise<void>;
