// A lane-family model from a WGSL model file and a float64 reference: what formula models (generated) and
// users' registered modules (registerModel) share. Named parameters (init.<name> or init.params, each
// sweepable), named constants (model.constants.<name>, each sweepable, a ModelHyper member each), and the Vec
// file chosen by the parameter count. The model file's interface: docs/equations.md, "WGSL model modules".
import type { SourceFile } from '../gpu/kernel.js';
import { SpecError, checkKeys, checkNumber, checkObject } from '../spec/errors.js';
import type { InitSpec, ModelSpec } from '../spec/types.js';
import type { Hyper, LaneValues, ModelDefinition, ModelReference } from './types.js';

/** Most parameters of a module (common/vec16.wgsl). */
export const MODULE_MAX_PARAMS = 16;

/** What a lane-family model module gives. */
export interface LaneModule {
  /** Parameter names in Vec order (1-16). */
  params: readonly string[];
  /** Constant names in ModelHyper order; their WGSL members are `members[j]` (default: the names). */
  constants: readonly string[];
  members?: readonly string[];
  /** The model file: struct ModelHyper, loss_grad, hvp, observe over Vec (docs/equations.md); made when needed. */
  wgsl: () => SourceFile;
  /** The float64 reference; made when needed. */
  reference: () => ModuleReference;
}

/** What a module's float64 reference must give (hessian and start are derived when absent). */
export type ModuleReference = Pick<ModelReference, 'lossGrad' | 'hvp' | 'observe'> & Partial<ModelReference>;

/** The Vec file for `n` parameters and whether it takes the PARAMS override. */
export function vecFiles(n: number): { files: string[]; params: boolean } {
  if (n === 2) return { files: ['common/vec2.wgsl'], params: false };
  if (n <= 8) return { files: ['common/vec8.wgsl', 'common/vecn.wgsl'], params: true };
  return { files: ['common/vec16.wgsl', 'common/vecn.wgsl'], params: true };
}

/** The power iteration's start vector of the Vec file for `n` parameters (its WGSL vstart). */
export function vecStart(n: number, e: Float64Array): void {
  for (let k = 0; k < n; k++) e[k] = n === 2 ? (k === 0 ? 1 : 0.618034) : 1 / (k + 1);
}

/** Validates `model.constants` against the names (defaults fill the missing ones); returns a fresh object. */
export function normalizeConstants(
  value: unknown,
  names: readonly string[],
  defaults: Readonly<Record<string, number>> = {},
): Record<string, number> {
  const given = checkObject('model.constants', value ?? {});
  checkKeys('model.constants', given, names);
  return Object.fromEntries(
    names.map((n) => {
      const v = given[n] ?? defaults[n];
      if (v === undefined) throw new SpecError(`model.constants.${n}`, 'is needed: give it a finite number');
      return [n, checkNumber(`model.constants.${n}`, v)];
    }),
  );
}

/**
 * The start values: `init.<param>` for each parameter, or `init.params` (all, in order), never both. A
 * parameter missing from both must be swept (`swept` holds the sweep's paths); `defaults` fill the rest.
 */
export function normalizeNamedInit(
  init: InitSpec,
  params: readonly string[],
  swept: readonly string[],
  defaults: Readonly<Record<string, number>> = {},
): InitSpec {
  checkKeys('init', init, [...params, 'params']);
  if (init.params !== undefined) {
    const named = params.find((p) => init[p] !== undefined);
    if (named) throw new SpecError('init.params', `is given with init.${named}: give one or the other`);
    if (!Array.isArray(init.params) || init.params.length !== params.length)
      throw new SpecError(
        'init.params',
        `must be an array of ${params.length} finite numbers (${params.join(', ')}), got ${JSON.stringify(init.params)}`,
      );
    return Object.fromEntries(params.map((p, k) => [p, checkNumber(`init.params.${k}`, init.params![k])]));
  }
  const out: InitSpec = {};
  for (const p of params) {
    const v = init[p] ?? defaults[p];
    if (v !== undefined) out[p] = checkNumber(`init.${p}`, v);
    else if (!swept.includes(`init.${p}`))
      throw new SpecError(`init.${p}`, `is needed: give init.${p}, init.params, or a sweep over init.${p}`);
  }
  return out;
}

/** The parts of a ModelDefinition that a lane module determines. */
export function moduleParts(m: LaneModule): Pick<
  ModelDefinition,
  'paramCount' | 'overrides' | 'hyper' | 'initParams' | 'reference'
> & {
  shaders: () => (string | SourceFile)[];
  laneFields: string[];
  initFields: string[];
} {
  const vec = vecFiles(m.params.length);
  const members = m.members ?? m.constants;
  const reference = (): ModelReference => {
    const given = m.reference();
    return {
      hessian(w, h) {
        const P = m.params.length;
        const H = new Float64Array(P * P);
        const e = new Float64Array(P);
        const col = new Float64Array(P);
        for (let c = 0; c < P; c++) {
          e.fill(0);
          e[c] = 1;
          given.hvp(w, h, e, col);
          for (let r = 0; r < P; r++) H[r * P + c] = col[r]!;
        }
        return H;
      },
      start: (e) => vecStart(m.params.length, e),
      ...given,
    };
  };
  return {
    shaders: () => [...vec.files, 'common/descend.wgsl', m.wgsl()],
    paramCount: () => m.params.length,
    overrides: (): Record<string, number> => (vec.params ? { PARAMS: m.params.length } : {}),
    laneFields: m.constants.map((c) => `constants.${c}`),
    initFields: [...m.params],
    hyper: (lane: LaneValues): Hyper =>
      Object.fromEntries(m.constants.map((c, j) => [members[j]!, lane.num(`model.constants.${c}`)])),
    initParams: (lane: LaneValues, _model: ModelSpec, out: Float64Array) =>
      m.params.forEach((p, k) => (out[k] = lane.num(`init.${p}`))),
    reference,
  };
}

/** A user's lane-family model: a WGSL model file and its float64 reference (registerModel). */
export interface ModelModule {
  /** The model's name in specs (lower-case letters, digits and '-'; never a built-in model's). */
  name: string;
  /** One line for `eos-lab models`. */
  summary?: string;
  /** Parameter names in Vec order (1-16): start values `init.<name>` or `init.params`, each sweepable. */
  params: readonly string[];
  /**
   * Constants and their defaults: `model.constants.<name>` in specs (each sweepable), the WGSL `ModelHyper`
   * members of the same names in this order.
   */
  constants?: Readonly<Record<string, number>>;
  /** Default start values by parameter name (parameters without one must be given or swept). */
  init?: Readonly<Record<string, number>>;
  /** The loss's minimum (default 0): tells `converged` from `collapsed`. */
  minimum?: number;
  /** The model file's text: ModelHyper, loss_grad, hvp, observe over Vec (docs/equations.md). */
  wgsl: string;
  /** The file's name in compile errors (default `<name>/model.wgsl`). */
  file?: string;
  /** float64 lossGrad, hvp and observe over the same parameters and constants (ModelReference). */
  reference: ModuleReference;
}

/** The ModelDefinition of a user's module (validated by registerModel). */
export function moduleDefinition(m: ModelModule): ModelDefinition {
  const defaults = { ...(m.constants ?? {}) };
  const constants = Object.keys(defaults);
  const parts = moduleParts({
    params: m.params,
    constants,
    wgsl: () => ({ name: m.file ?? `${m.name}/model.wgsl`, code: m.wgsl }),
    reference: () => m.reference,
  });
  const shaders = parts.shaders();
  return {
    name: m.name,
    summary: m.summary ?? `registered model (${m.params.length} parameters)`,
    shaders,
    normalize(model) {
      checkKeys('model', model, constants.length ? ['name', 'constants'] : ['name']);
      return constants.length
        ? { name: m.name, constants: normalizeConstants(model.constants, constants, defaults) }
        : { name: m.name };
    },
    normalizeInit: (init, _model, swept) => normalizeNamedInit(init, m.params, swept ?? [], m.init),
    paramCount: parts.paramCount,
    overrides: parts.overrides,
    laneFields: parts.laneFields,
    initFields: parts.initFields,
    hyper: parts.hyper,
    initParams: parts.initParams,
    lossMin: () => m.minimum ?? 0,
    testInit: () => ({ params: m.params.map((_, k) => 0.5 + 0.1 * k) }),
    bounds: { largest: {}, beyond: null },
    reference: parts.reference,
  };
}
