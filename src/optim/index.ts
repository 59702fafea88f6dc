// Optimisers: the table that matches shaders/common/optimizer.wgsl, validation, and the float64 update.
import { SpecError, checkChoice, checkKeys, checkNumber, checkObject } from '../spec/errors.js';
import { OPTIMIZER_NAMES, type NormalOptimizer, type OptimizerName } from '../spec/types.js';

/** The WGSL overrides of shaders/common/optimizer.wgsl that select an update (none has a default there). */
export interface OptimizerFlags {
  MOMENTUM: boolean;
  NORMALIZED: boolean;
  SQRT_LOSS: boolean;
  /** eta_t = min(lr, alpha / sharpness), the sharpness held between evaluations. */
  ADAPTIVE: boolean;
  /** A fourth-order Runge-Kutta step of the gradient flow w' = -grad L instead of a gradient step. */
  FLOW: boolean;
  /** Exponential Euler: the flow integrated exactly along the held top eigenpair, a gradient step elsewhere. */
  EXP_EULER: boolean;
}

export interface OptimizerDefinition {
  name: OptimizerName;
  flags: OptimizerFlags;
  summary: string;
}

const PLAIN: OptimizerFlags = {
  MOMENTUM: false,
  NORMALIZED: false,
  SQRT_LOSS: false,
  ADAPTIVE: false,
  FLOW: false,
  EXP_EULER: false,
};

export const OPTIMIZERS: readonly OptimizerDefinition[] = [
  { name: 'gd', flags: PLAIN, summary: 'w <- w - lr g' },
  {
    name: 'momentum',
    flags: { ...PLAIN, MOMENTUM: true },
    summary: 'heavy ball: m <- beta m + lr g, w <- w - m (stable for lr s < 2 (1 + beta))',
  },
  { name: 'normalized-gd', flags: { ...PLAIN, NORMALIZED: true }, summary: 'w <- w - lr g / ||g||' },
  {
    name: 'sqrt-loss-gd',
    flags: { ...PLAIN, SQRT_LOSS: true },
    summary: 'GD on sqrt(L - lossMin): w <- w - lr g / (2 sqrt(L - lossMin))',
  },
  {
    name: 'adaptive-gd',
    flags: { ...PLAIN, ADAPTIVE: true },
    summary:
      'w <- w - min(lr, alpha / sharpness) g (alpha 1; sharpness every sharpness.every steps, held between)',
  },
  {
    name: 'flow',
    flags: { ...PLAIN, ADAPTIVE: true, FLOW: true },
    summary: 'gradient flow by RK4 with step min(lr, alpha / sharpness) (alpha 0.5); time = sum of steps',
  },
  {
    name: 'exp-euler',
    flags: { ...PLAIN, EXP_EULER: true },
    summary:
      'exponential Euler (Lowell & Kastner), stiff dimension k (optimizer.stiff, 1): the flow solved exactly along the top k eigenvectors, a step dt elsewhere (k = 1: dt = lr; k >= 2: dt = min(lr, 1/|lambda_{k+1}|))',
  },
];

/** Optimisers whose step reads the held sharpness (they evaluate it every step unless told otherwise). */
export function readsSharpness(name: OptimizerName): boolean {
  const f = optimizerFlags(name);
  return f.ADAPTIVE || f.EXP_EULER;
}

/** One exp-euler update in float64 (the twin of stepping.wgsl): e unit, or 0 before the first evaluation. */
export function expEulerUpdate(
  w: Float64Array,
  g: Float64Array,
  e: Float64Array,
  sharp: number,
  lr: number,
): void {
  let a = 0;
  for (let k = 0; k < w.length; k++) a += e[k]! * g[k]!;
  const c = (lr - expEulerStep(sharp, lr)) * a;
  for (let k = 0; k < w.length; k++) w[k] = w[k]! - lr * g[k]! + c * e[k]!;
}

/** exp-euler's step for stiff dimension k >= 2: min(lr, 1 / |lambda_{k+1}|) (lr when it is 0). */
export function stiffDt(lr: number, next: number): number {
  return Math.abs(next) > 0 ? Math.min(lr, 1 / Math.abs(next)) : lr;
}

/**
 * One exp-euler update with k >= 2 stiff directions in float64 (the twin of stepping.wgsl stiff_update):
 * w <- w - dt g + sum_m (dt - phi_m) (q_m.g) q_m over the unit eigenvectors q_m with eigenvalues lambda_m.
 */
export function stiffUpdate(
  w: Float64Array,
  g: Float64Array,
  q: readonly Float64Array[],
  lambda: readonly number[],
  dt: number,
): void {
  q.forEach((v, m) => {
    let c = 0;
    for (let k = 0; k < w.length; k++) c += v[k]! * g[k]!;
    const coef = (dt - expEulerStep(lambda[m]!, dt)) * c;
    for (let k = 0; k < w.length; k++) w[k] = w[k]! + coef * v[k]!;
  });
  for (let k = 0; k < w.length; k++) w[k] = w[k]! - dt * g[k]!;
}

/** The step of exp-euler along an eigenvector of eigenvalue s > 0: (1 - exp(-s h)) / s (h otherwise). */
export function expEulerStep(s: number, h: number): number {
  return s * h > 0 ? -Math.expm1(-s * h) / s : h;
}

/** The step of adaptive-gd and flow: min(lr, alpha / sharpness) while the sharpness is positive, else lr. */
export function adaptiveLr(lr: number, sharpness: number, alpha: number): number {
  return sharpness > 0 ? Math.min(lr, alpha / sharpness) : lr;
}

/** One RK4 step of w' = -grad L(w) with step h (k1..k4 from `lossGrad`); the float64 twin of stepping.wgsl. */
export function rk4Step(
  lossGrad: (w: Float64Array, g: Float64Array) => number,
  w: Float64Array,
  h: number,
): void {
  const n = w.length;
  const g = new Float64Array(n);
  const acc = new Float64Array(n);
  const tmp = new Float64Array(n);
  lossGrad(w, g);
  acc.set(g);
  for (const [c, weight] of [
    [0.5, 2],
    [0.5, 2],
    [1, 1],
  ] as const) {
    for (let k = 0; k < n; k++) tmp[k] = w[k]! - c * h * g[k]!;
    lossGrad(tmp, g);
    for (let k = 0; k < n; k++) acc[k] = acc[k]! + weight * g[k]!;
  }
  for (let k = 0; k < n; k++) w[k] = w[k]! - (h / 6) * acc[k]!;
}

export function optimizerFlags(name: OptimizerName): OptimizerFlags {
  return (OPTIMIZERS.find((o) => o.name === name) as OptimizerDefinition).flags;
}

/** Validates the optimiser section; `lossMin` is the model's loss minimum (the default of optimizer.lossMin). */
export function normalizeOptimizer(value: unknown, lossMin0 = 0): NormalOptimizer {
  const opt = checkObject('optimizer', value);
  checkKeys('optimizer', opt, ['name', 'lr', 'lrs', 'beta', 'lossMin', 'alpha', 'stiff']);
  const name = checkChoice('optimizer.name', opt.name ?? 'gd', OPTIMIZER_NAMES);
  const lrs = opt.lrs === undefined ? undefined : checkLrs(opt.lrs);
  if (lrs && opt.lr !== undefined && opt.lr !== 1)
    throw new SpecError(
      'optimizer.lr',
      `is 1 when optimizer.lrs is given (the rates are in lrs), got ${String(opt.lr)}`,
    );
  const lr = lrs ? 1 : checkNumber('optimizer.lr', opt.lr, { min: 0, exclusiveMin: true });
  const beta =
    name === 'momentum' ? checkNumber('optimizer.beta', opt.beta ?? 0.9, { min: 0, max: 0.999999 }) : 0;
  if (name !== 'momentum' && opt.beta !== undefined && opt.beta !== 0) {
    checkNumber('optimizer.beta', opt.beta, { min: 0, max: 0 });
  }
  const lossMin = checkNumber('optimizer.lossMin', opt.lossMin ?? lossMin0);
  const stepped = name === 'adaptive-gd' || name === 'flow';
  if (!stepped && opt.alpha !== undefined && opt.alpha !== 0)
    throw new SpecError('optimizer.alpha', `applies to 'adaptive-gd' and 'flow' only, not '${name}'`);
  // RK4 on a quadratic is stable for h lambda < 2.78, so alpha stays below that.
  const alpha = stepped
    ? checkNumber('optimizer.alpha', opt.alpha ?? (name === 'flow' ? 0.5 : 1), {
        min: 0,
        max: 2.5,
        exclusiveMin: true,
      })
    : 0;
  if (name !== 'exp-euler' && opt.stiff !== undefined && opt.stiff !== 1)
    throw new SpecError('optimizer.stiff', `applies to 'exp-euler' only, not '${name}'`);
  const stiff = checkNumber('optimizer.stiff', opt.stiff ?? 1, { min: 1, max: MAX_STIFF, integer: true });
  return { name, lr, beta, lossMin, alpha, stiff, ...(lrs ? { lrs } : {}) };
}

/** Largest exp-euler stiff dimension: k + 1 eigenpairs come from the block iteration, which resolves 8. */
export const MAX_STIFF = 7;

/** Most per-layer learning rates (the MLP's deepest network). */
export const MAX_LRS = 8;

function checkLrs(value: unknown): number[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_LRS)
    throw new SpecError(
      'optimizer.lrs',
      `must be an array of 1 to ${MAX_LRS} learning rates (one per layer), got ${JSON.stringify(value)}`,
    );
  return value.map((x, i) => checkNumber(`optimizer.lrs.${i}`, x, { min: 0, exclusiveMin: true }));
}

/** The gradient scale s of optimizer.wgsl, in float64. */
export function stepScale(opt: NormalOptimizer, loss: number, gradNormSq: number): number {
  switch (opt.name) {
    case 'normalized-gd':
      return gradNormSq > 0 ? opt.lr / Math.sqrt(gradNormSq) : 0;
    case 'sqrt-loss-gd': {
      const gap = loss - opt.lossMin;
      return gap > 0 ? (0.5 * opt.lr) / Math.sqrt(gap) : 0;
    }
    default:
      return opt.lr;
  }
}

/** One update in float64: m <- beta m + s g; w <- w - m (m is scratch when beta = 0). */
export function applyUpdate(
  opt: NormalOptimizer,
  w: Float64Array,
  m: Float64Array,
  g: Float64Array,
  loss: number,
): void {
  let gradNormSq = 0;
  for (const gk of g) gradNormSq += gk * gk;
  const s = stepScale(opt, loss, gradNormSq);
  for (let k = 0; k < w.length; k++) {
    const mk = opt.beta * (m[k] as number) + s * (g[k] as number);
    m[k] = mk;
    w[k] = (w[k] as number) - mk;
  }
}
