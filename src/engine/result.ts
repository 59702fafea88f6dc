// The one result type every consumer reads (CLI writers, views, components).
import type { DeviceInfo } from '../gpu/device.js';
import type { NormalSpec, Observable } from '../spec/types.js';

export interface RunResult {
  spec: NormalSpec;
  lanes: number;
  /** Sweep axes with their values; lane = i0 + n0 * i1 (first axis fastest). */
  axes: { path: string; values: Float64Array }[];
  /** Observables at the final iterate w_S, per lane; NaN where the lane diverged. */
  final: Record<Observable, Float32Array>;
  /** 1 where the lane diverged. */
  diverged: Uint8Array;
  /** Iterate index t at which the lane's loss became non-finite or exceeded maxLoss; -1 if never. */
  divergedAt: Int32Array;
  record: {
    /** Iterate index of each recorded slot. */
    steps: Int32Array;
    /** values[o][lane * steps.length + slot]; NaN from the divergence step on. */
    values: Partial<Record<Observable, Float32Array>>;
  };
  device: DeviceInfo;
  /** Wall time of the run in milliseconds, set-up included. */
  elapsedMs: number;
}
