// Validation and defaults: every error names the field, the value and what is allowed.
import { PRECISIONS, resolvePrecision } from './precision.js';
import { allModels, findModel } from '../models/registry.js';
import { normalizeOptimizer } from '../optim/index.js';
import { laneCount } from './axes.js';
import { SpecError, checkChoice, checkKeys, checkNumber, checkObject } from './errors.js';
import { getPath, setPath } from './path.js';
import { initFieldsOf, laneFieldsOf } from '../models/types.js';
import { normalizeClassify, normalizeFigure, normalizeSharpness, recordForFigure } from './sections.js';
import {
  OBSERVABLES,
  VECTOR_OBSERVABLES,
  type VectorObservable,
  type RecordSpec,
  type AxisSpec,
  type ExperimentSpec,
  type NormalSpec,
  type Observable,
} from './types.js';

/** Most lanes in one run (a 8192 x 8192 map); tiles split them to fit the device. */
export const MAX_LANES = 2 ** 26;
export const MAX_STEPS = 10_000_000;
export const MAX_RECORD = 4096;

const TOP_KEYS = [
  'model',
  'init',
  'optimizer',
  'sweep',
  'steps',
  'record',
  'sharpness',
  'divergence',
  'classify',
  'figure',
  'precision',
];

/**
 * Validates a spec and fills every default. Throws SpecError naming the first bad field.
 * @example
 * normalizeSpec({ model: { name: 'uv' }, optimizer: { name: 'gd', lr: 1 }, steps: 100 }).model.width; // 16
 * normalizeSpec({ model: { name: 'uv' }, optimizer: { name: 'gd', lr: -1 }, steps: 100 });
 * // SpecError: [eos-lab] spec: optimizer.lr must be a finite number in (0, Infinity], got -1
 */
export function normalizeSpec(input: unknown): NormalSpec {
  const spec = checkObject('spec', input) as unknown as ExperimentSpec;
  checkKeys('', spec, TOP_KEYS);
  const rawModel = checkObject('model', spec.model);
  const def = findModel(String(rawModel.name));
  if (!def)
    checkChoice(
      'model.name',
      rawModel.name,
      allModels().map((m) => m.name),
    );
  const model = def!.normalize(rawModel as ExperimentSpec['model']);
  const swept = Array.isArray(spec.sweep) ? spec.sweep.map((a) => String((a as AxisSpec)?.path)) : [];
  const init = def!.normalizeInit(checkObject('init', spec.init ?? {}), model, swept);
  const optimizer = normalizeOptimizer(spec.optimizer, def!.lossMin?.(model) ?? 0);
  if (optimizer.lrs) {
    const layers = def!.layers?.(model);
    if (layers === undefined)
      throw new SpecError(
        'optimizer.lrs',
        `applies to layered models (mlp), not '${model.name}'; use optimizer.lr`,
      );
    if (optimizer.lrs.length !== layers)
      throw new SpecError(
        'optimizer.lrs',
        `must have ${layers} entries, one per layer (model.depth), got ${optimizer.lrs.length}`,
      );
  }
  const steps = checkNumber('steps', spec.steps, { min: 1, max: MAX_STEPS, integer: true });

  const record = normalizeRecord(spec.record, steps);
  const dv = checkObject('divergence', spec.divergence ?? {});
  checkKeys('divergence', dv, ['maxLoss']);
  const divergence = {
    maxLoss: checkNumber('divergence.maxLoss', dv.maxLoss ?? 1e10, { min: 0, max: 1e30, exclusiveMin: true }),
  };
  const figure =
    spec.figure === undefined
      ? undefined
      : normalizeFigure(spec.figure, Array.isArray(spec.sweep) ? spec.sweep.length : 0, steps);
  const recorded =
    figure?.kind === 'bifurcation'
      ? recordForFigure(figure, record)
      : (record ?? { observables: [], vectors: [], last: 0, every: 1 });
  const normal: NormalSpec = {
    model,
    init,
    optimizer,
    sweep: [],
    steps,
    record: recorded,
    sharpness: normalizeSharpness(spec.sharpness, recorded, optimizer.name),
    divergence,
    classify: normalizeClassify(spec.classify, steps, optimizer.name),
    ...(figure ? { figure } : {}),
    precision: checkChoice('precision', spec.precision ?? 'auto', PRECISIONS),
  };
  const params = def!.paramCount(model);
  if (optimizer.stiff >= 2 && optimizer.stiff + 1 > params)
    throw new SpecError(
      'optimizer.stiff',
      `must be below the model's parameter count (${params}): exp-euler takes the top stiff + 1 eigenpairs, got ${optimizer.stiff}`,
    );
  recorded.vectors.forEach((v) => {
    if (v !== 'eigs' && v !== 'eigvecs' && v !== 'params' && !def!.observables?.[v]) {
      const has = Object.keys(def!.observables ?? {});
      throw new SpecError(
        'record.observables',
        `'${v}' is not defined for model '${model.name}' (its own: ${has.length ? has.join(', ') : 'none'}; any model: eigs, eigvecs, params)`,
      );
    }
  });
  if (recorded.vectors.includes('eigs') && normal.sharpness.k > params)
    throw new SpecError(
      'sharpness.k',
      `must be at most the model's parameter count (${params}) to record 'eigs', got ${normal.sharpness.k}`,
    );
  normal.sweep = normalizeSweep(spec.sweep ?? [], normal);
  resolvePrecision(normal); // throws where double is asked for and cannot run, or the window is too narrow
  return normal;
}

/** The record section; undefined when the input has none (so a figure may choose it). */
function normalizeRecord(value: unknown, steps: number): RecordSpec | undefined {
  if (value === undefined) return undefined;
  const rec = checkObject('record', value);
  checkKeys('record', rec, ['observables', 'vectors', 'last', 'every']);
  const observables = (rec.observables ?? ['loss', 'sharpness', 'output']) as unknown;
  const vectors = (rec.vectors ?? []) as unknown;
  if (!Array.isArray(observables))
    throw new SpecError('record.observables', 'must be an array of observable names');
  if (!Array.isArray(vectors))
    throw new SpecError('record.vectors', 'must be an array of vector observable names');
  const names = [...OBSERVABLES, ...VECTOR_OBSERVABLES];
  observables.forEach((o, i) => checkChoice(`record.observables.${i}`, o, names));
  vectors.forEach((o, i) => checkChoice(`record.vectors.${i}`, o, VECTOR_OBSERVABLES));
  const isVector = (o: unknown): o is VectorObservable =>
    (VECTOR_OBSERVABLES as readonly unknown[]).includes(o);
  const every = checkNumber('record.every', rec.every ?? 1, { min: 1, max: MAX_STEPS, integer: true });
  const maxLast = Math.min(MAX_RECORD, Math.floor(steps / every) + 1);
  const last = checkNumber('record.last', rec.last ?? Math.min(64, maxLast), {
    min: 0,
    max: maxLast,
    integer: true,
  });
  const scalars = observables.filter((o) => !isVector(o)) as Observable[];
  const vecs = [...observables.filter(isVector), ...(vectors as VectorObservable[])];
  if (vecs.includes('eigvecs') && !vecs.includes('eigs')) vecs.unshift('eigs'); // the vectors of those values
  return {
    observables: last === 0 ? [] : [...new Set(scalars)],
    vectors: last === 0 ? [] : [...new Set(vecs)],
    last,
    every,
  };
}

/**
 * The dotted paths a sweep may vary: per-lane optimizer and model constants, and the init fields.
 * @example
 * sweepablePaths(normalizeSpec({ model: { name: 'minimalist' }, optimizer: { name: 'gd', lr: 0.1 }, steps: 10 }));
 * // ['optimizer.lr', 'optimizer.beta', 'optimizer.lossMin', 'init.x', 'init.y']
 */
export function sweepablePaths(spec: NormalSpec): string[] {
  const def = findModel(spec.model.name)!;
  const lrs = spec.optimizer.lrs;
  const paths = [
    ...(lrs ? lrs.map((_, i) => `optimizer.lrs.${i}`) : ['optimizer.lr']),
    'optimizer.beta',
    'optimizer.lossMin',
  ];
  if (spec.optimizer.name === 'adaptive-gd' || spec.optimizer.name === 'flow') paths.push('optimizer.alpha');
  for (const f of laneFieldsOf(def, spec.model)) {
    const v = getPath(spec.model, f);
    if (Array.isArray(v)) v.forEach((_, i) => paths.push(`model.${f}.${i}`));
    else paths.push(`model.${f}`);
  }
  // Init fields move nothing once explicit `init.params` are given.
  if (spec.init.params === undefined) for (const f of initFieldsOf(def, spec.model)) paths.push(`init.${f}`);
  return paths;
}

function normalizeSweep(value: unknown, spec: NormalSpec): AxisSpec[] {
  if (!Array.isArray(value) || value.length > 2) {
    throw new SpecError('sweep', `must be an array of at most 2 axes, got ${JSON.stringify(value)}`);
  }
  const allowed = sweepablePaths(spec);
  const axes = value.map((raw, k) => {
    const field = `sweep.${k}`;
    const a = checkObject(field, raw);
    checkKeys(field, a, ['path', 'min', 'max', 'count', 'spacing', 'values']);
    const path = checkChoice(`${field}.path`, a.path, allowed);
    let axis: AxisSpec;
    if (a.values !== undefined) {
      if (!Array.isArray(a.values) || a.values.length < 1) {
        throw new SpecError(`${field}.values`, 'must be a non-empty array of finite numbers');
      }
      a.values.forEach((v, i) => checkNumber(`${field}.values.${i}`, v));
      axis = { path, values: [...(a.values as number[])] };
    } else {
      const spacing = checkChoice(`${field}.spacing`, a.spacing ?? 'linear', ['linear', 'log']);
      const min = checkNumber(`${field}.min`, a.min, spacing === 'log' ? { min: 0, exclusiveMin: true } : {});
      const max = checkNumber(`${field}.max`, a.max, spacing === 'log' ? { min: 0, exclusiveMin: true } : {});
      const count = checkNumber(`${field}.count`, a.count ?? 1, { min: 1, max: MAX_LANES, integer: true });
      axis = { path, min, max, count, spacing };
    }
    // Each end (every value of a list) must itself be a valid setting of the field; the ranges allowed are
    // intervals, so linear and log spacing between valid ends stay valid.
    const probes = axis.values ?? [axis.min as number, axis.max as number];
    // The other axes set their paths too (at a value of theirs), so a value only a sweep gives is present.
    let others = denormal(spec);
    value.forEach((o: unknown, j: number) => {
      const a = o as AxisSpec;
      const at = Array.isArray(a?.values) ? a.values[0] : a?.min;
      if (j !== k && typeof a?.path === 'string' && typeof at === 'number')
        others = setPath(others, a.path, at);
    });
    for (const v of probes) {
      try {
        normalizeSpec({ ...setPath(others, path, v), sweep: [] });
      } catch (e) {
        if (e instanceof SpecError)
          throw new SpecError(field, `sets ${path} = ${v}, but ${e.message.replace(/^.*?spec: /, '')}`);
        throw e;
      }
    }
    return axis;
  });
  if (new Set(axes.map((a) => a.path)).size !== axes.length)
    throw new SpecError('sweep', 'names the same path twice');
  const lanes = laneCount(axes);
  if (lanes > MAX_LANES)
    throw new SpecError('sweep', `gives ${lanes} lanes; at most ${MAX_LANES} are allowed`);
  return axes;
}

/** A NormalSpec as an input spec (for re-validation of swept values). */
function denormal(spec: NormalSpec): ExperimentSpec {
  const rest: Partial<NormalSpec> = { ...spec, sweep: [] };
  delete rest.figure; // the figure is checked against the whole sweep, not one probe of it
  return rest as ExperimentSpec;
}
