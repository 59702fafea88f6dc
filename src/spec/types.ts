// The experiment spec: one JSON-serialisable object that drives the API, the CLI, the components and the URL.

/**
 * Per-lane quantities the engine can record and always reports at the final step. `residual` is the power
 * iteration's relative residual ||H e - lambda e|| / |lambda| of the sharpness estimate; `time` the physical
 * time of the gradient flow the run follows, sum_t eta_t (t eta for fixed-step optimisers).
 */
export const OBSERVABLES = [
  'loss',
  'gradNorm',
  'output',
  'balance',
  'sharpness',
  'residual',
  'time',
] as const;
export type Observable = (typeof OBSERVABLES)[number];

/**
 * Per-lane vectors (or host-computed values) the engine can record at the recorded iterates. On the GPU:
 * `eigs` = the top `sharpness.k` Hessian eigenvalues (descending), by block power iteration, and `eigvecs` = their
 * unit eigenvectors (`record.eigvecs[lane][slot][i][p]`; implies `eigs`). From f32 parameter
 * snapshots the GPU takes at those iterates: `params` (any model), and in float64 on the host the model's own:
 * `singular`, `gap`, `modes` (dln) and `alignment` (mlp). They go in `record.observables` with the scalars;
 * the JSON nests them as `record.<name>[lane][slot][...]`, e.g. `record.singular[lane][slot][layer][i]`.
 */
export const VECTOR_OBSERVABLES = [
  'eigs',
  'eigvecs',
  'params',
  'singular',
  'gap',
  'modes',
  'alignment',
] as const;
export type VectorObservable = (typeof VECTOR_OBSERVABLES)[number];

export const OPTIMIZER_NAMES = [
  'gd',
  'momentum',
  'normalized-gd',
  'sqrt-loss-gd',
  'adaptive-gd',
  'flow',
  'exp-euler',
] as const;
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
  /** Learning rate (required unless `lrs` is given). */
  lr?: number;
  /** Heavy-ball momentum coefficient (optimizer `momentum`). */
  beta?: number;
  /** L_min of GD on sqrt(L - L_min) (optimizer `sqrt-loss-gd`). */
  lossMin?: number;
  /** adaptive-gd and flow: the step is min(lr, alpha / sharpness). */
  alpha?: number;
  /**
   * Per-layer learning rates of a layered model (mlp), one per layer; replaces `lr` (which is then 1): the run
   * rescales layer l by sqrt(lrs[l]), so the sharpness is the top eigenvalue of P^1/2 H P^1/2, P = diag(lrs),
   * and the edge of stability is at 2 (docs/equations.md, "Per-layer learning rates"). Sweep `optimizer.lrs.0`, ...
   */
  lrs?: number[];
  /**
   * exp-euler: the stiff dimension k (1..7, default 1), the number of top eigendirections integrated exactly.
   * k = 1 holds the power iteration's eigenpair and steps lr; k >= 2 takes the top k + 1 eigenpairs from the
   * block power iteration (at every sharpness evaluation) and steps dt = min(lr, 1 / |lambda_{k+1}|).
   */
  stiff?: number;
}

/** The optimiser section after validation: every scalar present, `lrs` only when given. */
export type NormalOptimizer = Required<Omit<OptimizerSpec, 'lrs'>> & Pick<OptimizerSpec, 'lrs'>;

export interface RecordSpec {
  /** Scalar observables (after validation; the input may list vector observables here too). */
  observables: Observable[];
  /** Vector observables (after validation: those of the input's `observables`, or given here). */
  vectors: VectorObservable[];
  /** How many recorded iterates per lane (the last ones, ending at the final iterate). */
  last: number;
  /** Stride between recorded iterates. */
  every: number;
}

export interface SharpnessSpec {
  /** Most power iterations per evaluation (plus up to 6 to bound the spectrum). */
  iterations: number;
  /** Stop once the relative residual ||H e - lambda e|| / |lambda| is at most this. */
  tolerance: number;
  /** Evaluate every this many steps; 0 = only at the final iterate. */
  every: number;
  /** Eigenvalues in the `eigs` record (1..8, at most the parameter count): block size k + 2 guards. */
  k: number;
}

export interface DivergenceSpec {
  /** A lane whose loss is non-finite or above this bound is marked diverged at that step. */
  maxLoss: number;
}

/** End-of-run classification of every lane on the GPU (docs/equations.md, "Classification"). */
export interface ClassifySpec {
  /** Last iterates kept on the GPU for the period test (and the Lyapunov exponent). */
  window: number;
  /** Longest period searched (at most window / 2). */
  maxPeriod: number;
  /** Relative tolerance of the period test. */
  rtol: number;
  /** A settled lane whose final loss - lossMin exceeds this is `collapsed`, not `converged`. */
  lossTol: number;
  /** Finite-time Lyapunov exponent from the tangent map (plain GD only). */
  lyapunov: boolean;
  /** Exponents above this make a bounded aperiodic lane `chaotic`. */
  lyapTol: number;
  /** Sohl-Dickstein's signed convergence measure (running sums over every step). */
  measure: boolean;
}

export const FIGURE_KINDS = ['bifurcation', 'basin'] as const;
export const COLOR_BY = ['class', 'period', 'escape', 'measure', 'kappa'] as const;
export type ColorBy = (typeof COLOR_BY)[number];

/** What a figure draws; the CLI's bifurcation / basin commands and the components read it. */
export interface FigureSpec {
  kind: (typeof FIGURE_KINDS)[number];
  /** Bifurcation: the sampled quantity (an observable, or kappa = lr * sharpness). */
  observable: Observable | 'kappa';
  /** Bifurcation: last iterates sampled per lane. */
  window: number;
  /** Bifurcation: rows of the density image. */
  bins: number;
  /** Bifurcation: [lo, hi] of the bins, or 'auto' (from the samples; needs the sweep in one tile). */
  range: [number, number] | 'auto';
  scale: 'linear' | 'log';
  /** Basin: what colours a lane. */
  colorBy: ColorBy;
}

/**
 * Arithmetic of the lanes: 'single' (f32), 'double' (double-single, ~46 bits: deep zoom), 'auto' (double where
 * a sweep axis steps below float32's resolution, else single; src/spec/precision.ts).
 */
export type Precision = 'auto' | 'single' | 'double';

export interface ExperimentSpec {
  model: ModelSpec;
  init?: InitSpec;
  optimizer: OptimizerSpec;
  sweep?: AxisSpec[];
  steps: number;
  record?: Partial<Omit<RecordSpec, 'observables'>> & { observables?: (Observable | VectorObservable)[] };
  sharpness?: Partial<SharpnessSpec>;
  divergence?: Partial<DivergenceSpec>;
  classify?: Partial<ClassifySpec>;
  figure?: Partial<FigureSpec>;
  precision?: Precision;
}

/** A spec after validation: every field present, model fields normalised by the model. */
export interface NormalSpec {
  model: ModelSpec;
  init: InitSpec;
  optimizer: NormalOptimizer;
  sweep: AxisSpec[];
  steps: number;
  record: RecordSpec;
  sharpness: SharpnessSpec;
  divergence: DivergenceSpec;
  classify: ClassifySpec;
  /** Present when the input had a figure section. */
  figure?: FigureSpec;
  precision: Precision;
}
