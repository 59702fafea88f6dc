// What a model is to the engine: its spec fields, its WGSL files, its per-lane constants and its f64 reference.
import type { SourceFile } from '../gpu/kernel.js';
import type { InitSpec, ModelSpec } from '../spec/types.js';

/** Values seen by one lane: the spec's value at a dotted path, or the lane's sweep value when swept. */
export interface LaneValues {
  num(path: string): number;
  list(path: string): readonly number[];
}

/** Per-lane model constants by WGSL member name of `ModelHyper` (arrays for array members). */
export type Hyper = Record<string, number | readonly number[]>;

/** float64 reference of a model: the truth the GPU kernels are tested against. */
export interface ModelReference {
  /** Returns the loss and writes the gradient. */
  lossGrad(w: Float64Array, h: Hyper, grad: Float64Array): number;
  /** Writes the Hessian-vector product H(w) v. */
  hvp(w: Float64Array, h: Hyper, v: Float64Array, out: Float64Array): void;
  /**
   * [output, balance] as documented in the model's WGSL header; `e` is the lane's power-iteration vector (unit
   * once the sharpness has been evaluated), for models whose balance reads it (the MLP's Gauss-Newton part).
   */
  observe(w: Float64Array, h: Hyper, e?: Float64Array): [number, number];
  /** Closed-form Hessian, row-major P x P: the test oracle for `hvp` and the power iteration. */
  hessian(w: Float64Array, h: Hyper): Float64Array;
  /** The power iteration's start vector without a warm start (the same as the model's WGSL `vstart`). */
  start(e: Float64Array): void;
}

/**
 * How a model's step kernel maps lanes to the GPU: `lane` = one invocation per lane, its vectors in function
 * memory (small models); `workgroup` = one workgroup per lane, its vectors in storage (matrix models).
 */
export type KernelFamily = 'lane' | 'workgroup';

export interface ModelDefinition {
  name: string;
  /** One line for the README table and `--help`. */
  summary: string;
  /**
   * Kernel family for this model's size (default 'lane'); it picks the common files, the state layout and the
   * dispatch shape.
   */
  family?(model: ModelSpec): KernelFamily;
  /**
   * Workgroup family: words of per-lane scratch (SCRATCH) and the offsets of its regions, all passed to the
   * WGSL as overrides (the one place they are computed).
   */
  scratch?(model: ModelSpec): Record<string, number> & { SCRATCH: number };
  /** Workgroup family: constants every lane reads (the WGSL `data` binding), e.g. a target or a dataset. */
  data?(model: ModelSpec): Float32Array<ArrayBuffer>;
  /**
   * Layered models: the number of layers, i.e. the length `optimizer.lrs` must have. The model applies the
   * rates itself (hyper and initParams read `optimizer.lrs`); models without it refuse `lrs`.
   */
  layers?(model: ModelSpec): number;
  /**
   * WGSL files under shaders/ (or generated or registered sources, as SourceFile), joined in this order before
   * the common kernel files (per size when a function).
   */
  shaders: readonly (string | SourceFile)[] | ((model: ModelSpec) => readonly (string | SourceFile)[]);
  /**
   * Precision "double": the model's files for the double family (common/df64.wgsl + family_double.wgsl), a loss_grad in
   * double-single arithmetic reading the low words wLo and writing gLo (e.g. minimalist/loss_double.wgsl).
   * Absent: the model runs in single only. A function for models whose files depend on the spec (formula).
   */
  double?: readonly (string | SourceFile)[] | ((model: ModelSpec) => readonly (string | SourceFile)[]);
  /** Why this model spec cannot run in double (formula models: a function double lacks), or undefined. */
  doubleRefusal?(model: ModelSpec): string | undefined;
  /** Asynchronous set-up before the model's first run (formula models: the compiler, loaded on demand). */
  load?(): Promise<void>;
  /** Validates the model fields and fills defaults; throws SpecError naming the field. */
  normalize(model: ModelSpec): ModelSpec;
  /**
   * Validates the init fields this model reads and fills defaults; `swept` lists the sweep's paths (a value a
   * sweep sets need not be given).
   */
  normalizeInit(init: InitSpec, model: ModelSpec, swept?: readonly string[]): InitSpec;
  /** The loss's minimum value (default 0): the default `optimizer.lossMin`, which tells converged from collapsed. */
  lossMin?(model: ModelSpec): number;
  /** Model fields that make the smallest valid spec when the model has required fields (tests, docs). */
  example?: Partial<ModelSpec>;
  /** A valid `init` for any size of the model, where it has no default (tests). */
  testInit?(model: ModelSpec): InitSpec;
  paramCount(model: ModelSpec): number;
  /** Override constants of the model's WGSL (shapes, parameterisation). */
  overrides(model: ModelSpec): Record<string, number | boolean>;
  /**
   * Model fields that may differ per lane (dotted under `model.`); for built-in models the same names as the
   * WGSL `ModelHyper` members.
   */
  laneFields: readonly string[] | ((model: ModelSpec) => readonly string[]);
  /** Init fields that may be swept. */
  initFields: readonly string[] | ((model: ModelSpec) => readonly string[]);
  hyper(lane: LaneValues, model: ModelSpec): Hyper;
  /** Writes the lane's initial parameters (float64; the GPU receives them rounded to f32). */
  initParams(lane: LaneValues, model: ModelSpec, out: Float64Array): void;
  /**
   * The largest model the validator accepts and one just past it (null for fixed-size models):
   * tests/limits.test.ts checks that the WGSL vector holds the largest and that the validator refuses the other.
   */
  bounds: {
    largest: Partial<ModelSpec>;
    beyond: Partial<ModelSpec> | null;
    /** The largest size of each other kernel the model switches to below `largest` (tested the same way). */
    kernels?: Partial<ModelSpec>[];
  };
  /** The float64 reference for this model's shape and parameterisation. */
  reference(model: ModelSpec): ModelReference;
  /**
   * Vector observables the model computes on the host, in float64, from f32 parameter snapshots taken on the
   * GPU at the recorded iterates (src/engine/run/snapshots.ts): `singular`, `gap` and `modes` (dln), `alignment` (mlp).
   */
  observables?: Partial<Record<HostObservableName, HostObservable>>;
}

export type HostObservableName = 'singular' | 'gap' | 'modes' | 'alignment';

/** A per-lane, per-slot quantity computed on the host from the lane's parameters. */
export interface HostObservable {
  /** Shape of one slot's value ([] for a scalar); the JSON nests it so: record.<name>[lane][slot][...]. */
  shape(model: ModelSpec): number[];
  /** Builds the function for a model (set-up such as a dataset or a target done once): values row-major. */
  prepare(model: ModelSpec): (w: Float64Array, h: Hyper) => number[];
}

/** A model's per-lane model fields for this spec (laneFields, whichever form it has). */
export function laneFieldsOf(def: ModelDefinition, model: ModelSpec): readonly string[] {
  return typeof def.laneFields === 'function' ? def.laneFields(model) : def.laneFields;
}

/** A model's sweepable init fields for this spec (initFields, whichever form it has). */
export function initFieldsOf(def: ModelDefinition, model: ModelSpec): readonly string[] {
  return typeof def.initFields === 'function' ? def.initFields(model) : def.initFields;
}
