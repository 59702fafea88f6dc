// The experiment spec: one JSON-serialisable object that drives the API, the CLI, the components and the URL.

/** Per-lane quantities the engine can record and always reports at the final step. */
export const OBSERVABLES = ['loss', 'gradNorm', 'output', 'balance', 'sharpness'] as const;
export type Observable = (typeof OBSERVABLES)[number];

export const OPTIMIZER_NAMES = ['gd', 'momentum', 'normalized-gd', 'sqrt-loss-gd'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** One sweep axis: a numeric spec field (dotted path) taking `count` values in [min, max], or explicit values. */
export interface AxisSpec {
  path: string;
  min?: number;
  max?: number;
  count?: number;
  spacing?: 'linear' | 'log';
  values?: number[];
}

export interface ModelSpec {
  name: string;
  [field: string]: unknown;
}

export interface InitSpec {
  /** Seed of the Gaussian initialisation (models with many parameters). */
  seed?: number;
  /** Standard deviation scale of the Gaussian initialisation. */
  scale?: number;
  /** Explicit starting point: all parameters, in the model's order. */
  params?: number[];
  /** 2-D models: the starting point. */
  x?: number;
  y?: number;
  [field: string]: unknown;
}

export interface OptimizerSpec {
  name: OptimizerName;
  lr: number;
  /** Heavy-ball momentum coefficient (optimizer `momentum`). */
  beta?: number;
  /** L_min of GD on sqrt(L - L_min) (optimizer `sqrt-loss-gd`). */
  lossMin?: number;
}

export interface RecordSpec {
  observables: Observable[];
  /** How many recorded iterates per lane (the last ones, ending at the final iterate). */
  last: number;
  /** Stride between recorded iterates. */
  every: number;
}

export interface SharpnessSpec {
  /** Power iterations per evaluation (plus a quarter as many to bound the spectrum). */
  iterations: number;
  /** Evaluate every this many steps; 0 = only at the final iterate. */
  every: number;
}

export interface DivergenceSpec {
  /** A lane whose loss is non-finite or above this bound is marked diverged at that step. */
  maxLoss: number;
}

export interface ExperimentSpec {
  model: ModelSpec;
  init?: InitSpec;
  optimizer: OptimizerSpec;
  sweep?: AxisSpec[];
  steps: number;
  record?: Partial<RecordSpec>;
  sharpness?: Partial<SharpnessSpec>;
  divergence?: Partial<DivergenceSpec>;
}

/** A spec after validation: every field present, model fields normalised by the model. */
export interface NormalSpec {
  model: ModelSpec;
  init: InitSpec;
  optimizer: Required<OptimizerSpec>;
  sweep: AxisSpec[];
  steps: number;
  record: RecordSpec;
  sharpness: SharpnessSpec;
  divergence: DivergenceSpec;
}
