// Element attributes -> the experiment spec. A scalar attribute that is present wins over the same field of
// the `spec` property; the spec supplies everything else; built-in defaults fill what neither gives.
// Values arrive as strings from HTML and are parsed and validated here, never evaluated or put into markup.
import { SpecError } from '../src/spec/errors.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import { setPath } from '../src/spec/path.js';
import { resolvePrecision } from '../src/spec/precision.js';
import type { ExperimentSpec, NormalSpec } from '../src/spec/types.js';

/**
 * One attribute: its name, the spec path it sets, and how its string value is read: a number, an integer, a
 * string (trimmed), a formula (as written, so error positions count from its first character), a comma list
 * of names, or a comma list of numbers.
 */
export interface AttrField {
  attr: string;
  path: string;
  kind: 'number' | 'integer' | 'string' | 'formula' | 'names' | 'numbers' | 'lanes';
}

/** A lane count that fits the element: its size in device pixels, capped by the GPU's speed (base.ts autoCount). */
export const AUTO = 'auto';

/** The formula model's attributes, shared by the figure elements (`loss` alone implies model="formula"). */
export const FORMULA_FIELDS: readonly AttrField[] = [
  { attr: 'params', path: 'model.params', kind: 'names' },
  { attr: 'loss', path: 'model.loss', kind: 'formula' },
  { attr: 'output', path: 'model.output', kind: 'formula' },
  { attr: 'init', path: 'init.params', kind: 'numbers' },
];

/** Parses an attribute value; a malformed number is a SpecError naming the attribute. */
export function parseAttr(field: AttrField, raw: string): number | string | (number | string)[] {
  if (field.kind === 'string') return raw.trim();
  if (field.kind === 'lanes' && raw.trim() === AUTO) return AUTO;
  if (field.kind === 'formula') return raw;
  if (field.kind === 'names') return raw.split(',').map((n) => n.trim());
  if (field.kind === 'numbers')
    return raw
      .split(',')
      .map((n, i) => parseAttr({ ...field, path: `${field.path}.${i}`, kind: 'number' }, n) as number);
  const v = Number(raw.trim());
  const integer = field.kind === 'integer' || field.kind === 'lanes';
  if (raw.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v)))
    throw new SpecError(
      field.path,
      `(attribute ${field.attr}) must be ${field.kind === 'lanes' ? "an integer or 'auto'" : integer ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`,
    );
  return v;
}

/** Parses the `spec` attribute (JSON text) into an object, or a SpecError. */
export function parseSpecAttr(raw: string | null): Partial<ExperimentSpec> | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (e) {
    throw new SpecError('spec', `(attribute spec) is not JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new SpecError('spec', 'must be a JSON object');
  return v as Partial<ExperimentSpec>;
}

/**
 * The sections of an element's defaults that belong to its own model: the model's fields, the starting point
 * and any sweep axis over them. For another model they are dropped (that model's own defaults apply), so an
 * element's defaults for one model never leak into another model's spec.
 * @example
 * forOtherModel(TRAJECTORY_DEFAULTS, 'dln'); // { model: { name: 'dln' }, optimizer, steps, record, ... } (no init)
 */
export function forOtherModel(defaults: ExperimentSpec, name: string): ExperimentSpec {
  const out: Partial<ExperimentSpec> = { ...defaults, model: { name } };
  delete out.init;
  const sweep = defaults.sweep?.filter((a) => !/^(model|init)\./.test(a.path));
  if (sweep?.length) out.sweep = sweep;
  else delete out.sweep;
  return out as ExperimentSpec;
}

/**
 * The model an element runs: its `model` attribute, else the spec's model, else the element's default.
 * @example
 * elementModel({ model: null }, { model: { name: 'dln' } }, TRAJECTORY_DEFAULTS); // 'dln'
 */
export function elementModel(
  attrs: Record<string, string | null | undefined>,
  spec: Partial<ExperimentSpec> | undefined,
  defaults: ExperimentSpec,
): string {
  const attr = attrs.model?.trim();
  if (attr) return attr;
  if (spec?.model && typeof spec.model === 'object') return String(spec.model.name);
  // A loss attribute with no model named: a formula (the mlp's model.loss, mse or ce, comes with its model).
  if (attrs.loss !== null && attrs.loss !== undefined) return 'formula';
  return defaults.model.name;
}

/**
 * The start of a formula model's runs where neither the spec nor the attributes give one: every parameter at 1,
 * except those a sweep sets (a basin map sweeps the first two by default: `basinFormula`).
 */
export function formulaStart(spec: ExperimentSpec): ExperimentSpec {
  const params = spec.model.params;
  if (spec.model.name !== 'formula' || spec.init || !Array.isArray(params)) return spec;
  const swept = new Set((spec.sweep ?? []).map((a) => a.path));
  const init = Object.fromEntries(
    (params as string[]).filter((p) => !swept.has(`init.${p}`)).map((p) => [p, 1]),
  );
  return { ...spec, init };
}

/**
 * Lays the present attributes over `spec`, over `defaults`, and validates the result. The defaults' model
 * sections (model fields, init, sweeps over them) apply only when the element runs the defaults' model.
 * @example
 * elementSpec(BIFURCATION_FIELDS, { 'lr-min': '4' }, undefined, BIFURCATION_DEFAULTS).sweep[0].min; // 4
 */
export function elementSpec(
  fields: readonly AttrField[],
  attrs: Record<string, string | null | undefined>,
  spec: Partial<ExperimentSpec> | undefined,
  defaults: ExperimentSpec,
  options: ElementOptions = {},
): NormalSpec {
  const forModel = options.forModel ?? formulaStart;
  const name = elementModel(attrs, spec, defaults);
  const base = name === defaults.model.name ? defaults : forOtherModel(defaults, name);
  let out: unknown = structuredClone(spec ? { ...base, ...spec } : base);
  if (spec?.model && spec.model.name !== name) (out as ExperimentSpec).model = { name };
  const lay = (which: (f: AttrField) => boolean) => {
    for (const f of fields.filter(which)) {
      const raw = attrs[f.attr];
      if (raw === null || raw === undefined) continue;
      out = setPath(out, f.path, parseAttr(f, raw));
    }
  };
  // The model's own attributes first, so the element's defaults for that model (forModel) can read them.
  const ofModel = (f: AttrField) => f.path.startsWith('model.') || f.path.startsWith('init.');
  lay(ofModel);
  out = forModel(out as ExperimentSpec);
  lay((f) => !ofModel(f));
  // 'auto' lane counts: what fits the element (or, without a resolver, a clear error).
  const sweep = (out as ExperimentSpec).sweep ?? [];
  sweep.forEach((a, k) => {
    if ((a.count as unknown) !== AUTO) return;
    if (!options.auto) throw new SpecError(`sweep.${k}.count`, "'auto' needs an element to size it");
    a.count = options.auto(sweep.length, (out as ExperimentSpec).steps);
  });
  return normalizeSpec(out);
}

/** How an element completes its spec: its defaults for the model it runs, and its 'auto' lane counts. */
export interface ElementOptions {
  /** The element's defaults for the chosen model (formulaStart: a formula's start values). */
  forModel?: (spec: ExperimentSpec) => ExperimentSpec;
  /** Lanes per axis for an 'auto' count, given the number of axes and the steps. */
  auto?: (axes: number, steps: number) => number;
}

/** The one-lane spec of lane `lane` of a sweep (each axis path set to the lane's value), recording every step. */
export function laneSpec(
  spec: NormalSpec,
  values: Record<string, number>,
  steps = spec.steps,
): ExperimentSpec {
  let out: unknown = { ...structuredClone(spec), sweep: [], figure: undefined, record: undefined };
  delete (out as { figure?: unknown }).figure;
  for (const [path, v] of Object.entries(values)) out = setPath(out, path, v);
  const last = Math.min(4096, steps + 1);
  return {
    ...(out as ExperimentSpec),
    steps,
    // The clicked lane runs in the precision its figure ran in ('auto' would see no axis and pick single).
    precision: resolvePrecision(spec).precision,
    record: { observables: ['loss', 'sharpness'], last, every: Math.max(1, Math.ceil((steps + 1) / last)) },
    sharpness: { every: 1, iterations: 100, tolerance: 1e-3 },
  };
}
