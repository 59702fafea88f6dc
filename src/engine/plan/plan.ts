// The plan of a run: lanes, state blocks, recorded window, classification window, overrides and tiles.
import { findModel } from '../../models/registry.js';
import type { KernelFamily, ModelDefinition } from '../../models/types.js';
import { optimizerFlags } from '../../optim/index.js';
import { resolvePrecision } from '../../spec/precision.js';
import type { NormalSpec } from '../../spec/types.js';
import { LATEST_ROWS, classOverrides, latestOverrides, recordOverrides } from './lane-rows.js';
import { expandAxes, type Axis } from './lanes.js';
import { kernelFamily } from './sources.js';

export const WORKGROUP_SIZE = 64;

/**
 * Invocations per workgroup of the workgroup family on a software GPU. SwiftShader runs a workgroup on one CPU
 * thread, 4 invocations to a SIMD group, and every barrier switches between the groups; with 4 invocations there
 * is one group and a lane's products run as one stream. Measured on the MLP and DLN bench networks (d = 32):
 * 1.6-1.8x the lane-steps/s of 64 invocations, 8 and 16 close behind (bench/RESULTS.md). A real GPU keeps
 * WORKGROUP_SIZE (Engine.plan picks by the adapter).
 */
export const SOFTWARE_GROUP_SIZE = 4;

/**
 * Whether mm() (common/wg_matmul.wgsl) computes 8 x 8 blocks of C rather than 8 x 4: when even a 32 x 32
 * product has a block for every invocation (16 blocks), so the larger blocks' fewer loads per multiply-add
 * cost no idle invocations (at 4 invocations on the software GPU: 8-15 % more lane-steps/s, bench/RESULTS.md).
 */
export function wideBlocks(groupSize: number): boolean {
  return groupSize <= 16;
}

export interface Tile {
  /** Global index of the tile's first lane. */
  offset: number;
  count: number;
}

/** A contiguous part of the lanes, fixed by the lane count and `count` alone (never by a device). */
export interface Shard {
  index: number;
  count: number;
}

export interface Plan {
  spec: NormalSpec;
  model: ModelDefinition;
  lanes: number;
  axes: Axis[];
  params: number;
  /** The step kernel's family (src/models/types.ts). */
  family: KernelFamily;
  /**
   * The lanes' arithmetic ('auto' resolved, src/spec/precision.ts). Double: the lane family with each
   * parameter's low word in state block 1 (LO_BLOCK) and the velocity's after it (common/family_double.wgsl).
   */
  precision: 'single' | 'double';
  /**
   * State blocks per lane: parameters, velocity (momentum), eigenvector, tangent (Lyapunov); the workgroup
   * family keeps all six of its vectors there (w, m, e, g, hv, tangent).
   */
  blocks: number;
  /**
   * The spectrum pass (src/engine/run/spectrum.ts), when `eigs` is recorded or exp-euler has a stiff dimension
   * k >= 2: `report` eigenvalues in the record (0: none), `stiff` = that k (0: none), `k` resolved (the larger
   * of report and stiff + 1), m = k + guards basis vectors, its state blocks from `block` (basis, work
   * vectors, one scratch: 2m + 1), and the overrides of its own kernel.
   */
  eigs: {
    report: number;
    stiff: number;
    k: number;
    m: number;
    block: number;
    overrides: Record<string, number | boolean>;
  } | null;
  /**
   * Parameter snapshots at the recorded iterates (state block 0 copied on the GPU, read back per tile), when a
   * host-computed vector observable or `params` is recorded (src/engine/run/snapshots.ts).
   */
  snapshots: boolean;
  /** Lanes per workgroup of the step kernel: WORKGROUP_SIZE (lane family) or 1 (workgroup family). */
  lanesPerGroup: number;
  /** Invocations per workgroup of the step and spectrum kernels (the WGSL override WG). */
  groupSize: number;
  /** Iterate indices t of the recorded slots (empty when nothing is recorded). */
  recordSteps: Int32Array;
  /** First iterate of the classification window (S - W + 1). */
  windowFirst: number;
  /** Overrides of the step kernel. */
  overrides: Record<string, number | boolean>;
  /** Layout constants of the step kernel (rows of latest and record; src/engine/plan/lane-rows.ts). */
  layout: Record<string, number>;
  /** Bytes per lane of each per-lane GPU buffer (for sizing tiles). */
  bytesPerLane: Record<
    | 'state'
    | 'record'
    | 'eigs'
    | 'stiff'
    | 'snapshots'
    | 'eigvecs'
    | 'latest'
    | 'status'
    | 'orbit'
    | 'classes'
    | 'scratch',
    number
  >;
  /** The lanes this plan runs: [first, end) (all lanes unless sharded). */
  range: { first: number; end: number };
  tileLanes: number;
  tiles: Tile[];
}

export interface DeviceLimits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  /** WebGPU's guaranteed 256 when absent. */
  maxComputeInvocationsPerWorkgroup?: number;
}

export interface PlanOptions {
  /** Upper bound on lanes per tile (default 4,194,304), below what the device limits allow. */
  maxTileLanes?: number;
  /**
   * Upper bound on the GPU memory of one tile, readback copies included (default 512 MiB): a browser tab
   * or a small GPU gets several tiles rather than an out-of-memory error.
   */
  maxTileBytes?: number;
  /** Run only part `index` of `count` equal contiguous lane ranges. */
  shard?: Shard;
  /** Run only lanes [first, end) (resuming a run; overrides `shard`). */
  laneRange?: { first: number; end: number };
  /** Pack every lane's initial values on the host instead of the GPU init pass (tests and debugging). */
  hostInit?: boolean;
  /**
   * false: every step dispatch runs the general step kernel, never a lean variant (PLAIN, LIGHT:
   * src/engine/run/variants.ts; tests compare them, which give the same bits).
   */
  leanSteps?: boolean;
  /**
   * Invocations per workgroup of the workgroup family's kernels (one workgroup per lane; default
   * WORKGROUP_SIZE = 64). Engine.plan picks SOFTWARE_GROUP_SIZE on a software adapter.
   * Any size gives the same products; only the order of the workgroup sums (and so f32 rounding) changes.
   */
  groupSize?: number;
}

/** A workgroup-family group size (default WORKGROUP_SIZE), checked against the device's limit; `field` names it. */
export function checkGroupSize(size: number | undefined, limits: DeviceLimits, field: string): number {
  if (size === undefined) return WORKGROUP_SIZE;
  const most = limits.maxComputeInvocationsPerWorkgroup ?? 256;
  if (!Number.isInteger(size) || size < 1 || size > most)
    throw new RangeError(
      `[eos-lab] ${field} must be an integer in [1, ${most}], got ${size} (this device's maxComputeInvocationsPerWorkgroup)`,
    );
  return size;
}

/** Lanes [first, end) of shard `index` of `count`: floor(i L / N) .. floor((i + 1) L / N). */
export function shardRange(lanes: number, shard?: Shard): { first: number; end: number } {
  if (!shard) return { first: 0, end: lanes };
  const at = (i: number) => Math.floor((i * lanes) / shard.count);
  return { first: at(shard.index), end: at(shard.index + 1) };
}

export function makePlan(spec: NormalSpec, limits: DeviceLimits, options: PlanOptions = {}): Plan {
  const model = findModel(spec.model.name);
  if (!model) throw new Error(`[eos-lab] unknown model ${spec.model.name}`);
  const axes = expandAxes(spec);
  const lanes = axes.reduce((n, a) => n * a.values.length, 1);
  const params = model.paramCount(spec.model);
  const flags = optimizerFlags(spec.optimizer.name);
  const { lyapunov, measure, window } = spec.classify;
  const family = kernelFamily(model, spec.model);
  const precision = resolvePrecision(spec).precision;
  const double = precision === 'double';
  const groupSize =
    family === 'workgroup' ? checkGroupSize(options.groupSize, limits, 'plan.groupSize') : WORKGROUP_SIZE;
  let blocks = 1;
  const loBlock = double ? blocks++ : 0;
  const velBlock = flags.MOMENTUM || family === 'workgroup' ? blocks++ : 0;
  const velLoBlock = double && flags.MOMENTUM ? blocks++ : 0;
  const eigBlock = blocks++;
  const gBlock = family === 'workgroup' ? blocks++ : 0;
  const hvBlock = family === 'workgroup' ? blocks++ : 0;
  const tanBlock = lyapunov || family === 'workgroup' ? blocks++ : 0;
  const scratch = family === 'workgroup' ? model.scratch!(spec.model) : null;
  const { last, every, observables, vectors } = spec.record;
  const snapshots = vectors.some((v) => v !== 'eigs' && v !== 'eigvecs');
  let eigs: Plan['eigs'] = null;
  const report = vectors.includes('eigs') ? spec.sharpness.k : 0;
  const stiff = flags.EXP_EULER && spec.optimizer.stiff >= 2 ? spec.optimizer.stiff : 0;
  if (report || stiff) {
    const k = Math.max(report, stiff ? stiff + 1 : 0);
    const m = Math.min(k + 2, params);
    const overrides = { EIGS_K: k, EIGS_M: m, EIGS_RECORD: report > 0 };
    eigs = { report, stiff, k, m, block: blocks, overrides };
    blocks += 2 * m + 1;
  }
  const first = spec.steps - (last - 1) * every;
  const recordSteps = Int32Array.from({ length: last }, (_, s) => first + s * every);

  const overrides: Record<string, number | boolean> = {
    ...model.overrides(spec.model),
    ...flags,
    WG: groupSize,
    VEL_BLOCK: velBlock,
    EIG_BLOCK: eigBlock,
    TAN_BLOCK: tanBlock,
    ...(scratch ? { ...scratch, G_BLOCK: gBlock, HV_BLOCK: hvBlock, MM_WIDE: wideBlocks(groupSize) } : {}),
    MEASURE: measure,
    LYAPUNOV: lyapunov,
    EIGS_BLOCK: eigs?.block ?? 0,
    STIFF_K: stiff,
    ...(double ? { LO_BLOCK: loBlock, VEL_LO_BLOCK: velLoBlock } : {}),
  };

  const bytesPerLane = {
    state: 4 * params * blocks,
    record: 4 * Math.max(1, observables.length) * last,
    eigs: eigs?.report ? 4 * (eigs.k + 1) * last : 0,
    stiff: 4 * (eigs?.k ?? 1),
    snapshots: snapshots ? 4 * params * last : 0,
    eigvecs: vectors.includes('eigvecs') && eigs ? 4 * params * eigs.report * last : 0,
    latest: 4 * LATEST_ROWS,
    status: 4,
    orbit: 8 * window,
    classes: 4,
    scratch: 4 * (scratch?.SCRATCH ?? 0),
  };
  const widest = Math.max(...Object.values(bytesPerLane), 64);
  const byLimit = Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / widest);
  // Per lane: every buffer once, MAP_READ copies of what is read back, hyper structs <= 64 bytes.
  const b = bytesPerLane;
  const tileBytesPerLane =
    b.state +
    b.scratch +
    b.orbit +
    b.stiff +
    2 * (b.record + b.eigs + b.snapshots + b.eigvecs + b.latest + b.status + b.classes) +
    64 +
    4 * params;
  const byMemory = Math.floor((options.maxTileBytes ?? 512 * 2 ** 20) / tileBytesPerLane);
  const cap = Math.min(byLimit, byMemory, options.maxTileLanes ?? 1 << 22);
  if (cap < 1) {
    const [buffer] = Object.entries(bytesPerLane).sort((x, y) => y[1] - x[1])[0]!;
    const cause =
      buffer === 'state' || buffer === 'scratch'
        ? `the model's size (model fields ${Object.keys(model.bounds.largest).join(', ')})`
        : `classify.window (${window}) or record.last (${last})`;
    throw new Error(
      `[eos-lab] one lane needs ${widest} bytes in its largest GPU buffer (${buffer}) and ${tileBytesPerLane} ` +
        `in all; this device binds at most ${Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize)} ` +
        `bytes per buffer and the tile budget is ${options.maxTileBytes ?? 512 * 2 ** 20} bytes: lower ${cause}`,
    );
  }
  const range = options.laneRange ?? shardRange(lanes, options.shard);
  if (range.first < 0 || range.end > lanes || range.first > range.end)
    throw new Error(`[eos-lab] lane range [${range.first}, ${range.end}) is not inside [0, ${lanes})`);
  const span = range.end - range.first;
  const tileLanes = Math.max(1, Math.min(span, cap >= WORKGROUP_SIZE ? cap - (cap % WORKGROUP_SIZE) : cap));
  const tiles: Tile[] = [];
  for (let offset = range.first; offset < range.end; offset += tileLanes) {
    tiles.push({ offset, count: Math.min(tileLanes, range.end - offset) });
  }
  return {
    spec,
    model,
    lanes,
    axes,
    params,
    family,
    precision,
    blocks,
    eigs,
    snapshots,
    lanesPerGroup: family === 'workgroup' ? 1 : WORKGROUP_SIZE,
    groupSize,
    recordSteps,
    windowFirst: spec.steps - window + 1,
    overrides,
    layout: { ...latestOverrides(), ...recordOverrides(observables) },
    bytesPerLane,
    range,
    tileLanes,
    tiles,
  };
}

/** Overrides of the classify kernel (class codes, rows, OptHyper word of lossMin). */
export function classifyOverrides(lossMinWord: number, hyperWords: number): Record<string, number> {
  return {
    ...latestOverrides(),
    ...classOverrides(),
    WG: WORKGROUP_SIZE,
    HYPER_WORDS: hyperWords,
    LOSS_MIN_WORD: lossMinWord,
  };
}
