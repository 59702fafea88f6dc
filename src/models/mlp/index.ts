// Multilayer perceptron on a small dataset every lane shares (Cohen et al.'s MLP runs, Sohl-Dickstein's
// per-layer learning rates, Lowell & Kastner's alignment): a workgroup per lane (shaders/mlp/).
import { SpecError, checkChoice, checkKeys, checkNumber } from '../../spec/errors.js';
import { gaussian, normalizeGaussianInit } from '../init.js';
import type { ModelSpec } from '../../spec/types.js';
import type { LaneValues, ModelDefinition } from '../types.js';
import { jacobianAlignment } from './alignment.js';
import { DATASETS, IRIS_EXAMPLES, makeData, type DataFields } from './data.js';
import { ACTIVATIONS, fan, mlpParams, mlpReference, weightAt, type MlpShape } from './reference.js';

/**
 * Bounds: the per-layer scale array of ModelHyper has 8 entries; mm() covers any width (64 keeps a lane small).
 * Examples: a lane's scratch grows with N (58 MiB at the largest network and N = 4096, within WebGPU's default
 * 128 MiB binding; the plan refuses a lane the device cannot bind); N in the thousands is Lowell & Kastner's range.
 */
export const MLP_MAX_DEPTH = 8;
export const MLP_MAX_WIDTH = 64;
export const MLP_MAX_EXAMPLES = 4096;
export const MLP_MAX_INPUTS = 64;
export const MLP_MAX_OUTPUTS = 16;
export const PARAMETERIZATIONS = ['standard', 'ntk', 'mean-field'] as const;

/** sqrt(lr_l) per layer from optimizer.lrs (all 1 without it: lr then applies to every layer). */
function lrRoots(lane: LaneValues, depth: number): number[] {
  const lrs = lane.list('optimizer.lrs');
  return Array.from({ length: depth }, (_, l) => (lrs.length ? Math.sqrt(lrs[l]!) : 1));
}

export function mlpShape(model: ModelSpec): MlpShape {
  return {
    depth: model.depth as number,
    width: model.width as number,
    dIn: (model.inputs as number) + 1,
    dOut: model.outputs as number,
    examples: model.examples as number,
    activation: model.activation as MlpShape['activation'],
    ce: model.loss === 'ce',
  };
}

export const mlpData = (model: ModelSpec) =>
  makeData({ ...(model as unknown as DataFields), classes: model.loss === 'ce' });

/**
 * The forward multipliers c_l (Z_l = c_l W_l A_{l-1}) and the init standard deviations of W_l:
 * standard c = 1, W ~ N(0, 1/fan_in); ntk c = 1/sqrt(fan_in), W ~ N(0, 1); mean-field as ntk with an extra
 * 1/sqrt(width) on the output layer (science.md section 2).
 */
export function layerScales(model: ModelSpec): { c: number[]; std: number[] } {
  const s = mlpShape(model);
  const c: number[] = [];
  const std: number[] = [];
  for (let l = 1; l <= s.depth; l++) {
    const root = Math.sqrt(fan(s, l - 1));
    const standard = model.parameterization === 'standard';
    const extra = model.parameterization === 'mean-field' && l === s.depth ? Math.sqrt(s.width) : 1;
    c.push(standard ? 1 : 1 / (root * extra));
    std.push(standard ? 1 / root : 1);
  }
  return { c, std };
}

const DEFAULTS: Record<(typeof DATASETS)[number], { examples: number; inputs: number; outputs: number }> = {
  chebyshev: { examples: 20, inputs: 1, outputs: 1 },
  teacher: { examples: 64, inputs: 8, outputs: 1 },
  iris: { examples: IRIS_EXAMPLES, inputs: 4, outputs: 3 },
};

/** Scratch regions of shaders/mlp/layers.wgsl: [name, words per unit, units]. */
function regions(model: ModelSpec): [string, number][] {
  const s = mlpShape(model);
  const P = mlpParams(s);
  const SLOT = Math.max(s.dIn, s.width, s.dOut) * s.examples;
  const L = s.depth;
  return [
    ['SCR_WC', P],
    ['SCR_VC', P],
    ['SCR_R', P],
    ['SCR_A', L * SLOT],
    ['SCR_Z', L * SLOT],
    ['SCR_DA', L * SLOT],
    ['SCR_DZ', L * SLOT],
    ['SCR_D', L * SLOT],
    ['SCR_B', L * SLOT],
    ['SCR_DD', 2 * SLOT],
    ['SCR_T', SLOT],
    ['SCR_P', (L - 1) * SLOT],
    ['SCR_OK', 3],
  ];
}

function normalizeMlp(model: ModelSpec): ModelSpec {
  checkKeys('model', model, [
    'name',
    'depth',
    'width',
    'activation',
    'parameterization',
    'loss',
    'dataset',
    'examples',
    'inputs',
    'outputs',
    'degree',
    'seed',
  ]);
  const dataset = checkChoice('model.dataset', model.dataset ?? 'chebyshev', DATASETS);
  const d = DEFAULTS[dataset];
  const fixed = (field: 'inputs' | 'outputs') => {
    if (dataset === 'teacher' || model[field] === undefined || model[field] === d[field]) return d[field];
    throw new SpecError(
      `model.${field}`,
      `is ${d[field]} for dataset '${dataset}', got ${JSON.stringify(model[field])}`,
    );
  };
  const maxExamples = dataset === 'iris' ? IRIS_EXAMPLES : MLP_MAX_EXAMPLES;
  const loss = checkChoice('model.loss', model.loss ?? 'mse', ['mse', 'ce']);
  const outputs =
    dataset === 'teacher'
      ? checkNumber('model.outputs', model.outputs ?? d.outputs, {
          min: 1,
          max: MLP_MAX_OUTPUTS,
          integer: true,
        })
      : fixed('outputs');
  if (loss === 'ce' && outputs < 2)
    throw new SpecError(
      'model.loss',
      `'ce' needs 2 or more classes (dataset 'iris', or 'teacher' with outputs >= 2)`,
    );
  return {
    name: 'mlp',
    depth: checkNumber('model.depth', model.depth ?? 3, { min: 2, max: MLP_MAX_DEPTH, integer: true }),
    width: checkNumber('model.width', model.width ?? 32, { min: 1, max: MLP_MAX_WIDTH, integer: true }),
    activation: checkChoice('model.activation', model.activation ?? 'tanh', ACTIVATIONS),
    parameterization: checkChoice(
      'model.parameterization',
      model.parameterization ?? 'standard',
      PARAMETERIZATIONS,
    ),
    loss,
    dataset,
    examples: checkNumber('model.examples', model.examples ?? d.examples, {
      min: 1,
      max: maxExamples,
      integer: true,
    }),
    inputs:
      dataset === 'teacher'
        ? checkNumber('model.inputs', model.inputs ?? d.inputs, {
            min: 1,
            max: MLP_MAX_INPUTS,
            integer: true,
          })
        : fixed('inputs'),
    outputs,
    degree: checkNumber('model.degree', model.degree ?? 4, { min: 0, max: 32, integer: true }),
    seed: checkNumber('model.seed', model.seed ?? 0, { min: 0, max: 2 ** 32 - 1, integer: true }),
  };
}

export const mlp: ModelDefinition = {
  name: 'mlp',
  summary: `MLP (depth <= ${MLP_MAX_DEPTH}, width <= ${MLP_MAX_WIDTH}) on teacher / chebyshev / iris data; output F_11, balance = Gauss-Newton part of e.He`,
  family: () => 'workgroup',
  shaders: ['common/wg_matmul.wgsl', 'mlp/act.wgsl', 'mlp/layers.wgsl', 'mlp/model.wgsl'],
  normalize: normalizeMlp,
  normalizeInit: (init, model) =>
    normalizeGaussianInit(init, mlpParams(mlpShape(model)), { seed: 0, scale: 1, value: 0 }),
  paramCount: (model) => mlpParams(mlpShape(model)),
  overrides(model) {
    const s = mlpShape(model);
    return {
      DEPTH: s.depth,
      WIDTH: s.width,
      D_IN: s.dIn,
      D_OUT: s.dOut,
      EXAMPLES: s.examples,
      CE: s.ce,
      ACT: ACTIVATIONS.indexOf(s.activation),
      PARAMS: mlpParams(s),
    };
  },
  scratch(model) {
    const s = mlpShape(model);
    const out: Record<string, number> = { SLOT: Math.max(s.dIn, s.width, s.dOut) * s.examples };
    let at = 0;
    for (const [name, words] of regions(model)) {
      out[name] = at;
      at += words;
    }
    return { ...out, SCRATCH: at };
  },
  data(model) {
    const d = mlpData(model);
    const out = new Float32Array(d.x.length + d.y.length);
    out.set(d.x);
    out.set(d.y, d.x.length);
    return out;
  },
  laneFields: [],
  initFields: ['seed', 'scale', 'value'],
  layers: (model) => model.depth as number,
  // Per-layer learning rates: c_l sqrt(lr_l) here, W_l / sqrt(lr_l) in initParams (docs/equations.md).
  hyper: (lane, model) => {
    const { c } = layerScales(model);
    const root = lrRoots(lane, c.length);
    const scale = c.map((x, l) => x * root[l]!);
    while (scale.length < MLP_MAX_DEPTH) scale.push(0);
    return { scale };
  },
  initParams(lane, model, out) {
    const s = mlpShape(model);
    const root = lrRoots(lane, s.depth);
    const params = lane.list('init.params');
    const { std } = layerScales(model);
    const seed = params.length ? 0 : lane.num('init.seed') >>> 0;
    const scale = params.length ? 0 : lane.num('init.scale');
    const value = params.length ? 0 : lane.num('init.value');
    for (let l = 1; l <= s.depth; l++)
      for (let k = weightAt(s, l); k < weightAt(s, l + 1); k++)
        out[k] =
          (params.length ? params[k]! : value + scale * std[l - 1]! * gaussian(seed, k)) / root[l - 1]!;
  },
  bounds: {
    largest: {
      depth: MLP_MAX_DEPTH,
      width: MLP_MAX_WIDTH,
      dataset: 'teacher',
      inputs: MLP_MAX_INPUTS,
      outputs: MLP_MAX_OUTPUTS,
      examples: MLP_MAX_EXAMPLES,
    },
    beyond: { depth: MLP_MAX_DEPTH + 1 },
  },
  reference: (model) => {
    const d = mlpData(model);
    return mlpReference(mlpShape(model), d);
  },
  observables: {
    // The layerwise Jacobian alignment at each recorded iterate (docs/equations.md, "Jacobian alignment").
    alignment: {
      shape: () => [],
      prepare: (model) => {
        const shape = mlpShape(model);
        const data = mlpData(model);
        return (w, h) => [jacobianAlignment(shape, data, h, w)];
      },
    },
  },
};
