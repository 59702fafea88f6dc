// Optimisers: the table that matches shaders/common/optimizer.wgsl, validation, and the float64 update.
import { checkChoice, checkKeys, checkNumber, checkObject } from '../spec/errors.js';
import { OPTIMIZER_NAMES, type OptimizerName, type OptimizerSpec } from '../spec/types.js';

/** The WGSL overrides of shaders/common/optimizer.wgsl that select an update (none has a default there). */
export interface OptimizerFlags {
  MOMENTUM: boolean;
  NORMALIZED: boolean;
  SQRT_LOSS: boolean;
  /** eta_t = min(lr, 1 / sharpness), the sharpness held between evaluations. */
  ADAPTIVE: boolean;
}

export interface OptimizerDefinition {
  name: OptimizerName;
  flags: OptimizerFlags;
  summary: string;
}

const PLAIN: OptimizerFlags = { MOMENTUM: false, NORMALIZED: false, SQRT_LOSS: false, ADAPTIVE: false };

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
    summary: 'w <- w - min(lr, 1 / sharpness) g (sharpness every sharpness.every steps, held between)',
  },
];

/** The step size adaptive-gd uses: min(lr, 1 / sharpness) while the sharpness is positive, else lr. */
export function adaptiveLr(lr: number, sharpness: number): number {
  return sharpness > 0 ? Math.min(lr, 1 / sharpness) : lr;
}

export function optimizerFlags(name: OptimizerName): OptimizerFlags {
  return (OPTIMIZERS.find((o) => o.name === name) as OptimizerDefinition).flags;
}

export function normalizeOptimizer(value: unknown): Required<OptimizerSpec> {
  const opt = checkObject('optimizer', value);
  checkKeys('optimizer', opt, ['name', 'lr', 'beta', 'lossMin']);
  const name = checkChoice('optimizer.name', opt.name ?? 'gd', OPTIMIZER_NAMES);
  const lr = checkNumber('optimizer.lr', opt.lr, { min: 0, exclusiveMin: true });
  const beta =
    name === 'momentum' ? checkNumber('optimizer.beta', opt.beta ?? 0.9, { min: 0, max: 0.999999 }) : 0;
  if (name !== 'momentum' && opt.beta !== undefined && opt.beta !== 0) {
    checkNumber('optimizer.beta', opt.beta, { min: 0, max: 0 });
  }
  const lossMin = checkNumber('optimizer.lossMin', opt.lossMin ?? 0);
  return { name, lr, beta, lossMin };
}

/** The gradient scale s of optimizer.wgsl, in float64. */
export function stepScale(opt: Required<OptimizerSpec>, loss: number, gradNormSq: number): number {
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
  opt: Required<OptimizerSpec>,
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
