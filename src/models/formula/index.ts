// Your own model: a loss typed as a formula in 1-16 named parameters, compiled to a WGSL model file that the
// handwritten lane-family kernels call, with a float64 reference evaluating the same program (src/formula/).
// docs/equations.md, "Your own model".
import { compiledFormula, parsedFormula } from '../../formula/model.js';
import { loadFormulaCompiler } from '../../formula/loader.js';
import { FORMULA_LIMITS } from '../../formula/parse.js';
import { checkKeys, checkNumber } from '../../spec/errors.js';
import type { ModelSpec } from '../../spec/types.js';
import { moduleParts, normalizeNamedInit, type LaneModule } from '../lane-module.js';
import type { ModelDefinition } from '../types.js';

/**
 * The lane module of a normalised formula model: names from the parsed formula (synchronous), the WGSL file
 * and the float64 reference from the compiled program (the compiler must be loaded).
 */
function module(model: ModelSpec): LaneModule {
  const f = parsedFormula(model);
  return {
    params: f.params,
    constants: f.constants,
    members: f.constants.map((_, j) => `k${j}`),
    wgsl: () => ({ name: 'formula/model.wgsl (generated)', code: compiledFormula(model).wgsl }),
    reference: () => compiledFormula(model).reference,
  };
}

const parts = (model: ModelSpec) => moduleParts(module(model));
const names = (n: number, prefix = 'p') => Array.from({ length: n }, (_, k) => `${prefix}${k}`);

export const formula: ModelDefinition = {
  name: 'formula',
  summary:
    'your own loss: model.loss, a formula in the names of model.params (1-16), e.g. (x^2*y^2 - 1)^2/4; output, balance, constants, minimum optional',
  shaders: (model) => {
    const files = parts(model).shaders();
    return [...files.slice(0, -1), 'formula/functions.wgsl', ...files.slice(-1)];
  },
  // Double: the same files with the generated model's double form, df64 and the indexed double updates.
  double: (model) => {
    const files = parts(model).shaders();
    const wgsl = compiledFormula(model).wgslDouble!;
    return [
      ...files.slice(0, -1),
      'formula/functions.wgsl',
      'formula/functions_double.wgsl',
      'common/updates_double.wgsl',
      { name: 'formula/model_double.wgsl (generated)', code: wgsl },
    ];
  },
  load: async () => void (await loadFormulaCompiler()),
  normalize(model) {
    checkKeys('model', model, ['name', 'params', 'loss', 'output', 'balance', 'constants', 'minimum']);
    const f = parsedFormula(model);
    return {
      name: 'formula',
      params: [...f.params],
      loss: f.text.loss,
      output: f.text.output,
      balance: f.text.balance,
      constants: { ...f.values },
      minimum: checkNumber('model.minimum', model.minimum ?? 0),
    };
  },
  normalizeInit: (init, model, swept) => normalizeNamedInit(init, model.params as string[], swept ?? []),
  paramCount: (model) => (model.params as string[]).length,
  overrides: (model) => parts(model).overrides(model),
  laneFields: (model) => Object.keys(model.constants as object).map((c) => `constants.${c}`),
  initFields: (model) => model.params as string[],
  hyper: (lane, model) => parts(model).hyper(lane, model),
  initParams: (lane, model, out) => parts(model).initParams(lane, model, out),
  lossMin: (model) => model.minimum as number,
  example: { params: ['x', 'y'], loss: '(x^2*y^2 - 1)^2/4', output: 'x*y' },
  testInit: (model) => ({ params: (model.params as string[]).map((_, k) => 0.5 + 0.1 * k) }),
  bounds: {
    largest: {
      params: names(FORMULA_LIMITS.params),
      loss: names(FORMULA_LIMITS.params)
        .map((p, k) => `${p}^2*(1 + ${p}^2)/${k + 1}`)
        .join(' + '),
    },
    beyond: { params: names(FORMULA_LIMITS.params + 1), loss: 'p0^2' },
  },
  reference: (model) => parts(model).reference(model),
};
