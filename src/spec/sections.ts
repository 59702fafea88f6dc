// Validation of the spec's analysis sections: sharpness, classify and figure (each error names the field).
import { readsSharpness } from '../optim/index.js';
import { SpecError, checkChoice, checkKeys, checkNumber, checkObject } from './errors.js';
import {
  COLOR_BY,
  FIGURE_KINDS,
  OBSERVABLES,
  type ClassifySpec,
  type FigureSpec,
  type Observable,
  type OptimizerName,
  type RecordSpec,
  type SharpnessSpec,
} from './types.js';

/** Most iterates the classification window keeps per lane on the GPU. */
export const MAX_WINDOW = 1024;
/** Longest period the classifier searches. */
export const MAX_PERIOD = 64;
/** Most eigenvalues in the `eigs` record (the block adds 2 guards: 10 vectors, common/spectrum.wgsl). */
export const MAX_EIGS = 8;
/** Most rows of a density image. */
export const MAX_BINS = 8192;

export function normalizeSharpness(
  value: unknown,
  record: RecordSpec,
  optimizer: OptimizerName,
): SharpnessSpec {
  const sh = checkObject('sharpness', value ?? {});
  checkKeys('sharpness', sh, ['iterations', 'tolerance', 'every', 'k']);
  const recorded = record.observables.includes('sharpness') || record.observables.includes('residual');
  const adaptive = readsSharpness(optimizer);
  // Every 10 steps (or the record stride, if larger) when recorded: every step costs ~10x for little.
  // adaptive-gd, flow and exp-euler set their step from the sharpness, so they evaluate it every step unless
  // told otherwise.
  const fallback = adaptive ? 1 : recorded ? Math.max(10, record.every) : 0;
  const every = checkNumber('sharpness.every', sh.every ?? fallback, {
    min: 0,
    max: 10_000_000,
    integer: true,
  });
  if (adaptive && every === 0) {
    throw new SpecError(
      'sharpness.every',
      `must be >= 1 for optimizer '${optimizer}' (its step reads the sharpness)`,
    );
  }
  if (recorded && every === 0) {
    throw new SpecError(
      'sharpness.every',
      'must be >= 1 when recording sharpness (0 evaluates only the final iterate)',
    );
  }
  return {
    iterations: checkNumber('sharpness.iterations', sh.iterations ?? 100, {
      min: 1,
      max: 1000,
      integer: true,
    }),
    tolerance: checkNumber('sharpness.tolerance', sh.tolerance ?? 1e-3, { min: 0, max: 1 }),
    every,
    k: checkNumber('sharpness.k', sh.k ?? 4, { min: 1, max: MAX_EIGS, integer: true }),
  };
}

export function normalizeClassify(value: unknown, steps: number, optimizer: OptimizerName): ClassifySpec {
  const c = checkObject('classify', value ?? {});
  checkKeys('classify', c, ['window', 'maxPeriod', 'rtol', 'lossTol', 'lyapunov', 'lyapTol', 'measure']);
  const maxWindow = Math.min(MAX_WINDOW, steps + 1);
  const window = checkNumber('classify.window', c.window ?? Math.min(128, maxWindow), {
    min: 2,
    max: maxWindow,
    integer: true,
  });
  const maxPeriod = checkNumber('classify.maxPeriod', c.maxPeriod ?? Math.min(MAX_PERIOD, window >> 1), {
    min: 1,
    max: Math.min(MAX_PERIOD, window >> 1),
    integer: true,
  });
  const flag = (name: 'lyapunov' | 'measure', fallback: boolean): boolean => {
    const v = c[name] ?? fallback;
    if (typeof v !== 'boolean')
      throw new SpecError(`classify.${name}`, `must be true or false, got ${JSON.stringify(v)}`);
    return v;
  };
  const lyapunov = flag('lyapunov', optimizer === 'gd');
  if (lyapunov && optimizer !== 'gd') {
    throw new SpecError(
      'classify.lyapunov',
      `needs optimizer 'gd' (the tangent map I - lr H), got '${optimizer}'`,
    );
  }
  return {
    window,
    maxPeriod,
    rtol: checkNumber('classify.rtol', c.rtol ?? 1e-4, { min: 0, max: 1 }),
    lossTol: checkNumber('classify.lossTol', c.lossTol ?? 1e-4, { min: 0 }),
    lyapunov,
    lyapTol: checkNumber('classify.lyapTol', c.lyapTol ?? 0.01, { min: 0 }),
    measure: flag('measure', false),
  };
}

/** The figure section; `axes` is the number of sweep axes (bifurcation: 1 or 2, basin: 2). */
export function normalizeFigure(value: unknown, axes: number, steps: number): FigureSpec {
  const f = checkObject('figure', value);
  checkKeys('figure', f, ['kind', 'observable', 'window', 'bins', 'range', 'scale', 'colorBy']);
  const kind = checkChoice('figure.kind', f.kind ?? (axes === 2 ? 'basin' : 'bifurcation'), FIGURE_KINDS);
  if (kind === 'basin' && axes !== 2)
    throw new SpecError('figure.kind', `'basin' needs a sweep of 2 axes, got ${axes}`);
  if (kind === 'bifurcation' && axes < 1)
    throw new SpecError('figure.kind', `'bifurcation' needs a sweep of 1 or 2 axes, got ${axes}`);
  const observable = checkChoice('figure.observable', f.observable ?? 'output', [
    ...OBSERVABLES,
    'kappa',
  ] as const);
  const window = checkNumber('figure.window', f.window ?? Math.min(256, steps + 1), {
    min: 1,
    max: Math.min(4096, steps + 1),
    integer: true,
  });
  let range: FigureSpec['range'] = 'auto';
  if (f.range !== undefined && f.range !== 'auto') {
    if (!Array.isArray(f.range) || f.range.length !== 2)
      throw new SpecError('figure.range', `must be 'auto' or [lo, hi], got ${JSON.stringify(f.range)}`);
    const lo = checkNumber('figure.range.0', f.range[0]);
    const hi = checkNumber('figure.range.1', f.range[1]);
    if (!(hi > lo)) throw new SpecError('figure.range', `must have hi > lo, got [${lo}, ${hi}]`);
    range = [lo, hi];
  }
  const scale = checkChoice('figure.scale', f.scale ?? 'linear', ['linear', 'log'] as const);
  if (scale === 'log' && Array.isArray(range) && !(range[0] > 0))
    throw new SpecError('figure.range', `must be positive on a log scale, got [${range[0]}, ${range[1]}]`);
  return {
    kind,
    observable,
    window,
    bins: checkNumber('figure.bins', f.bins ?? 512, { min: 1, max: MAX_BINS, integer: true }),
    range,
    scale,
    colorBy: checkChoice('figure.colorBy', f.colorBy ?? 'class', COLOR_BY),
  };
}

/** The record observable a bifurcation density samples (kappa samples the sharpness, times lr). */
export function figureObservable(figure: FigureSpec): Observable {
  return figure.observable === 'kappa' ? 'sharpness' : figure.observable;
}

/**
 * The record a bifurcation figure needs: its observable at every step over the last `window` iterates.
 * A record section given by the user must already include that, else the error says what to change.
 */
export function recordForFigure(figure: FigureSpec, given: RecordSpec | undefined): RecordSpec {
  const obs = figureObservable(figure);
  if (!given) return { observables: [obs], vectors: [], last: figure.window, every: 1 };
  if (!given.observables.includes(obs) || given.every !== 1 || given.last < figure.window) {
    throw new SpecError(
      'record',
      `must record '${obs}' every step over at least the last ${figure.window} iterates for the bifurcation ` +
        `figure (figure.window), got ${JSON.stringify(given)}; or leave record out`,
    );
  }
  return given;
}

export type { Observable };
