// The plan of a run: lanes, which state blocks exist, the recorded window, overrides and the tiles.
import { findModel } from '../models/registry.js';
import type { ModelDefinition } from '../models/types.js';
import { optimizerId } from '../optim/index.js';
import { OBSERVABLES, type NormalSpec, type Observable } from '../spec/types.js';
import { expandAxes, type Axis } from './lanes.js';

/** WGSL override that holds each observable's record row (see shaders/common/lanes.wgsl). */
export const RECORD_OVERRIDES: Record<Observable, string> = {
  loss: 'REC_LOSS',
  gradNorm: 'REC_GRAD_NORM',
  output: 'REC_OUTPUT',
  balance: 'REC_BALANCE',
  sharpness: 'REC_SHARPNESS',
};

export const WORKGROUP_SIZE = 64;

export interface Tile {
  offset: number;
  count: number;
}

export interface Plan {
  spec: NormalSpec;
  model: ModelDefinition;
  lanes: number;
  axes: Axis[];
  params: number;
  /** State blocks per lane: parameters, velocity (momentum only), eigenvector. */
  blocks: number;
  velBlock: number;
  eigBlock: number;
  /** Iterate indices t of the recorded slots. */
  recordSteps: Int32Array;
  overrides: Record<string, number | boolean>;
  /** Bytes per lane of each per-lane buffer (for sizing tiles). */
  bytesPerLane: { state: number; record: number; latest: number; status: number };
  tileLanes: number;
  tiles: Tile[];
}

export interface DeviceLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
}

export interface PlanOptions {
  /** Upper bound on lanes per tile (default 4,194,304), below what the device limits allow. */
  maxTileLanes?: number;
  /**
   * Upper bound on the GPU memory of one tile, readback copies included (default 512 MiB): a browser tab
   * or a small GPU gets several tiles rather than an out-of-memory error.
   */
  maxTileBytes?: number;
}

export function makePlan(spec: NormalSpec, limits: DeviceLimits, options: PlanOptions = {}): Plan {
  const model = findModel(spec.model.name);
  if (!model) throw new Error(`[eos-lab] unknown model ${spec.model.name}`);
  const axes = expandAxes(spec);
  const lanes = axes.reduce((n, a) => n * a.values.length, 1);
  const params = model.paramCount(spec.model);
  const momentum = spec.optimizer.name === 'momentum';
  const velBlock = momentum ? 1 : 0;
  const eigBlock = momentum ? 2 : 1;
  const blocks = eigBlock + 1;
  const { last, every } = spec.record;
  const first = spec.steps - (last - 1) * every;
  const recordSteps = Int32Array.from({ length: last }, (_, s) => first + s * every);

  const overrides: Record<string, number | boolean> = {
    ...model.overrides(spec.model),
    WG: WORKGROUP_SIZE,
    OPTIMIZER: optimizerId(spec.optimizer.name),
    VEL_BLOCK: velBlock,
    EIG_BLOCK: eigBlock,
    NREC: Math.max(1, spec.record.observables.length),
  };
  for (const o of OBSERVABLES) overrides[RECORD_OVERRIDES[o]] = spec.record.observables.indexOf(o);

  const bytesPerLane = {
    state: 4 * params * blocks,
    record: 4 * Math.max(1, spec.record.observables.length) * last,
    latest: 4 * OBSERVABLES.length,
    status: 4,
  };
  const widest = Math.max(...Object.values(bytesPerLane), 64);
  const byLimit = Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / widest);
  // Per lane: every buffer once, plus MAP_READ copies of status, latest and record; hyper structs <= 64 bytes.
  const b = bytesPerLane;
  const tileBytesPerLane = b.state + 2 * (b.record + b.latest + b.status) + 64;
  const byMemory = Math.floor((options.maxTileBytes ?? 512 * 2 ** 20) / tileBytesPerLane);
  const cap = Math.min(byLimit, byMemory, options.maxTileLanes ?? 1 << 22);
  if (cap < 1)
    throw new Error(`[eos-lab] one lane needs ${widest} bytes, more than this device's buffer limit`);
  const tileLanes = Math.min(lanes, cap >= WORKGROUP_SIZE ? cap - (cap % WORKGROUP_SIZE) : cap);
  const tiles: Tile[] = [];
  for (let offset = 0; offset < lanes; offset += tileLanes) {
    tiles.push({ offset, count: Math.min(tileLanes, lanes - offset) });
  }
  return {
    spec,
    model,
    lanes,
    axes,
    params,
    blocks,
    velBlock,
    eigBlock,
    recordSteps,
    overrides,
    bytesPerLane,
    tileLanes,
    tiles,
  };
}
