// Diagonal quadratic L = 1/2 sum_i a_i x_i^2: the control case (GD stable iff eta < 2 / max a_i).
import { SpecError, checkKeys, checkNumber } from '../../spec/errors.js';
import { gaussianInit, normalizeGaussianInit } from '../init.js';
import type { ModelDefinition } from '../types.js';
import { reference } from './reference.js';

const MAX_DIM = 8;

export const quadratic: ModelDefinition = {
  name: 'quadratic',
  summary: 'L = 1/2 sum_i a_i x_i^2 (up to 8 dims); output x_0',
  shaders: [
    'common/vec8.wgsl',
    'common/vecn.wgsl',
    'common/descend.wgsl',
    'quadratic/model.wgsl',
    'quadratic/loss.wgsl',
  ],
  double: [
    'common/vec8.wgsl',
    'common/vecn.wgsl',
    'common/descend.wgsl',
    'common/updates_double.wgsl',
    'quadratic/model.wgsl',
    'quadratic/loss_double.wgsl',
  ],
  normalize(model) {
    checkKeys('model', model, ['name', 'curvatures']);
    const curvatures = model.curvatures ?? [1, 4];
    if (!Array.isArray(curvatures) || curvatures.length < 1 || curvatures.length > MAX_DIM) {
      throw new SpecError(
        'model.curvatures',
        `must be an array of 1 to ${MAX_DIM} finite numbers, got ${JSON.stringify(curvatures)}`,
      );
    }
    curvatures.forEach((a, i) => checkNumber(`model.curvatures.${i}`, a));
    return { name: 'quadratic', curvatures: [...curvatures] };
  },
  normalizeInit: (init, model) =>
    normalizeGaussianInit(init, (model.curvatures as number[]).length, { seed: 0, scale: 0, value: 1 }),
  paramCount: (model) => (model.curvatures as number[]).length,
  overrides: (model) => ({ PARAMS: (model.curvatures as number[]).length }),
  laneFields: ['curvatures'],
  initFields: ['seed', 'scale', 'value'],
  hyper: (lane) => {
    const a = [...lane.list('model.curvatures')];
    while (a.length < MAX_DIM) a.push(0);
    return { curvatures: a };
  },
  initParams: (lane, _model, out) => gaussianInit(lane, out),
  bounds: {
    largest: { curvatures: Array(MAX_DIM).fill(1) },
    beyond: { curvatures: Array(MAX_DIM + 1).fill(1) },
  },
  reference: () => reference,
};
