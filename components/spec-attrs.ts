// Element attributes -> the experiment spec. A scalar attribute that is present wins over the same field of
// the `spec` property; the spec supplies everything else; built-in defaults fill what neither gives.
// Values arrive as strings from HTML and are parsed and validated here, never evaluated or put into markup.
import { SpecError } from '../src/spec/errors.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import { setPath } from '../src/spec/path.js';
import type { ExperimentSpec, NormalSpec } from '../src/spec/types.js';

/** One attribute: its name, the spec path it sets, and how its string value is read. */
export interface AttrField {
  attr: string;
  path: string;
  kind: 'number' | 'integer' | 'string';
}

/** Parses an attribute value; a malformed number is a SpecError naming the attribute. */
export function parseAttr(field: AttrField, raw: string): number | string {
  if (field.kind === 'string') return raw.trim();
  const v = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(v) || (field.kind === 'integer' && !Number.isInteger(v)))
    throw new SpecError(
      field.path,
      `(attribute ${field.attr}) must be ${field.kind === 'integer' ? 'an integer' : 'a number'}, got ${JSON.stringify(raw)}`,
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
  return defaults.model.name;
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
): NormalSpec {
  const name = elementModel(attrs, spec, defaults);
  const base = name === defaults.model.name ? defaults : forOtherModel(defaults, name);
  let out: unknown = structuredClone(spec ? { ...base, ...spec } : base);
  if (spec?.model && spec.model.name !== name) (out as ExperimentSpec).model = { name };
  for (const f of fields) {
    const raw = attrs[f.attr];
    if (raw === null || raw === undefined) continue;
    out = setPath(out, f.path, parseAttr(f, raw));
  }
  return normalizeSpec(out);
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
    record: { observables: ['loss', 'sharpness'], last, every: Math.max(1, Math.ceil((steps + 1) / last)) },
    sharpness: { every: 1, iterations: 100, tolerance: 1e-3 },
  };
}
