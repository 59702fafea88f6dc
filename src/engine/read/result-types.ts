// The result's types (what every consumer reads: CLI writers, views, components), apart from how tiles fill
// it (result.ts), so that the modules result.ts uses can name them without importing it back.
import type { DeviceInfo } from '../../gpu/device.js';
import { OBSERVABLES, type NormalSpec, type Observable, type VectorObservable } from '../../spec/types.js';
import type { TileRows } from '../run/tile-data.js';

/** Per-lane end-of-run values: the observables at w_S, the Lyapunov exponent and the convergence measure. */
export type FinalField = Observable | 'lyapunov' | 'measure';
export const FINAL_FIELDS: readonly FinalField[] = [...OBSERVABLES, 'lyapunov', 'measure'];

/** A bifurcation density: counts[bin * columns + column], bin 0 at `lo`. */
export interface Density {
  observable: Observable | 'kappa';
  columns: number;
  bins: number;
  /** Bin edges (log10 units when `log`). */
  lo: number;
  hi: number;
  log: boolean;
  counts: Uint32Array;
  /** Samples outside [lo, hi] (or <= 0 on a log scale), non-finite, and from lanes that diverged. */
  outOfRange: number;
  nonFinite: number;
  diverged: number;
}

/** One recorded vector observable: `shape` per slot (row-major), values for every lane and slot. */
export interface RecordedVector {
  shape: number[];
  values: Float32Array;
}

/**
 * A run's picture kept on the GPU (RunOptions.retain): what a WebGPU canvas draws from, and one-lane or
 * whole readbacks on demand (hover, data table, export). `release()` frees it; the engine never does.
 */
export interface RetainedPicture {
  readonly device: GPUDevice;
  /** Lanes of the run (its range). */
  readonly lanes: number;
  /** Colour indices, four lanes a u32 word in lane order (src/engine/read/colors.ts), when coloured. */
  readonly colors?: GPUBuffer;
  /** The density image, u32 counts[bin * columns + column] (bifurcation figures). */
  readonly density?: GPUBuffer;
  readonly columns: number;
  readonly bins: number;
  /** The density's bin range (log10 units when log). */
  readonly densityRange?: { lo: number; hi: number; log: boolean };
  /** One lane's class word, colouring value and Lyapunov exponent, read back alone (a hover readout). */
  lane(lane: number): Promise<{ kind: number; period: number; value: number; lyapunov: number }>;
  /** Every lane's class word (kind | period << 8): the data table, exports. */
  codes(): Promise<Uint32Array>;
  /** Every lane's colour index (exports of a coloured map). */
  colorIndices(): Promise<Uint8Array>;
  release(): void;
}

export interface RunResult {
  spec: NormalSpec;
  /** The lanes' arithmetic: the spec's precision with 'auto' resolved (src/spec/precision.ts). */
  precision: 'single' | 'double';
  lanes: number;
  /** Lanes this run computed: [first, end) (all unless sharded). Per-lane arrays cover all lanes. */
  range: { first: number; end: number };
  /** Sweep axes with their values; lane = i0 + n0 * i1 (first axis fastest). */
  axes: { path: string; values: Float64Array }[];
  /** Per lane (empty arrays when the run kept no lane arrays); NaN where the lane diverged. */
  final: Record<FinalField, Float32Array>;
  /** 1 where the lane diverged. */
  diverged: Uint8Array;
  /** Escape step: the iterate at which the loss became non-finite or exceeded maxLoss; -1 if never. */
  divergedAt: Int32Array;
  /** Class code per lane (index into CLASSES of src/engine/plan/lane-rows.ts). */
  kind: Uint8Array;
  /** Period per lane: 1 converged/collapsed, p periodic, 0 otherwise. */
  period: Uint8Array;
  record: {
    /** Iterate index of each recorded slot. */
    steps: Int32Array;
    /** values[o][lane * steps.length + slot]; NaN from the divergence step on. */
    values: Partial<Record<Observable, Float32Array>>;
    /**
     * Recorded vectors (spec.record.vectors): `values[(lane * steps.length + slot) * width + i]`, width = the
     * product of `shape`, NaN from the divergence step on. `eigs` (shape [k]) comes with `eigsResidual`
     * (shape []), the relative residual of its slot.
     */
    vectors: Partial<Record<VectorObservable | 'eigsResidual', RecordedVector>>;
  };
  density?: Density;
  /** One colour index a lane (RunOptions.read 'color'): src/views/palette.ts colorIndexRGB gives its colour. */
  colors?: Uint8Array;
  /** What the colour indices mean: the colouring and the value range of indices 0..253 (from GPU reductions). */
  colorScale?: { by: import('../../spec/types.js').ColorBy; lo: number; hi: number };
  /**
   * Lanes per class and period, counted on the GPU when the run colours or retains its picture:
   * classCounts[kind * (MAX_PERIOD + 1) + period] (kind the index into CLASSES, period 0..64).
   */
  classCounts?: Uint32Array;
  /** The picture kept on the GPU (RunOptions.retain). */
  gpu?: RetainedPicture;
  /**
   * Final parameters, params[lane * P + k] (P = paramCount), with RunOptions.keep.params; empty otherwise. A
   * diverged lane holds its parameters as they were when it stopped. With optimizer.lrs the MLP's are stored
   * rescaled (W_l / sqrt(lr_l), docs/equations.md).
   */
  params: Float32Array;
  /**
   * Precision double with keep.params: each parameter's low word, so params[i] + paramsLo[i] (in float64) is
   * the lane's double-single value; empty otherwise.
   */
  paramsLo: Float32Array;
  device: DeviceInfo;
  /** Wall time of the run in milliseconds, set-up included. */
  elapsedMs: number;
}

/**
 * What a finished tile hands to the run's sink (RunOptions.onTile): the runner's rows, and what the run's
 * picture adds; arrays are the tile's own to keep (lane i = tile.offset + i).
 */
export interface TileData extends TileRows {
  /** The density so far (all tiles up to this one), with RunOptions.densityPerTile. */
  density?: Density;
  /** The retained picture with every lane so far (RunOptions.retain): a canvas draws it as the tiles arrive. */
  gpu?: RetainedPicture;
}
