// The explicit list of models: adding a model means its shaders/<name>/ folder, its src/models/<name>/
// folder and one line here (tests/registry.test.ts checks the three agree). Users' WGSL model modules join at
// run time through registerModel (never through a spec field, so no URL or attribute can load code).
import { chain } from './chain/index.js';
import { dln } from './dln/index.js';
import { formula } from './formula/index.js';
import { moduleDefinition, MODULE_MAX_PARAMS, type ModelModule } from './lane-module.js';
import { checkNames } from '../formula/parse.js';
import { mlp } from './mlp/index.js';
import { minimalist } from './minimalist/index.js';
import { quadratic } from './quadratic/index.js';
import type { ModelDefinition } from './types.js';
import { uv } from './uv/index.js';
import { valley } from './valley/index.js';

export const MODELS: readonly ModelDefinition[] = [
  quadratic,
  chain,
  minimalist,
  valley,
  uv,
  dln,
  mlp,
  formula,
];

const registered = new Map<string, ModelDefinition>();

/** The built-in models, then the registered ones. */
export function allModels(): ModelDefinition[] {
  return [...MODELS, ...registered.values()];
}

export function findModel(name: string): ModelDefinition | undefined {
  return MODELS.find((m) => m.name === name) ?? registered.get(name);
}

/**
 * Adds a user's lane-family model: its WGSL model file (struct ModelHyper, loss_grad, hvp, observe over Vec;
 * docs/equations.md, "WGSL model modules") and its float64 reference. Specs then name it like a built-in model.
 * A built-in model's name is refused; registering a name again replaces the earlier module.
 * @example
 * registerModel({ name: 'double-well', params: ['x'], constants: { a: 1 }, wgsl, reference });
 * await engine.run({ model: { name: 'double-well' }, init: { x: 0.5 }, optimizer: { name: 'gd', lr: 0.1 }, steps: 100 });
 */
export function registerModel(module: ModelModule): ModelDefinition {
  const fail = (msg: string): never => {
    throw new Error(`[eos-lab] registerModel: ${msg}`);
  };
  if (typeof module?.name !== 'string' || !/^[a-z][a-z0-9-]{0,39}$/.test(module.name))
    fail(`name must be lower-case letters, digits and '-' (at most 40), got ${JSON.stringify(module?.name)}`);
  if (MODELS.some((m) => m.name === module.name))
    fail(`'${module.name}' is a built-in model; give yours another name`);
  if (!Array.isArray(module.params) || module.params.length < 1 || module.params.length > MODULE_MAX_PARAMS)
    fail(`params must list 1 to ${MODULE_MAX_PARAMS} parameter names`);
  checkNames('params', module.params, []);
  checkNames('constants', Object.keys(module.constants ?? {}), module.params, true);
  if (typeof module.wgsl !== 'string' || !module.wgsl.includes('fn loss_grad'))
    fail('wgsl must be the model file text (struct ModelHyper, fn loss_grad, fn hvp, fn observe)');
  for (const f of ['lossGrad', 'hvp', 'observe'] as const)
    if (typeof module.reference?.[f] !== 'function')
      fail(`reference.${f} must be a function (the float64 reference)`);
  const def = moduleDefinition(module);
  registered.set(module.name, def);
  return def;
}
