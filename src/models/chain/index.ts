// Scalar chain l = 1/2 (w_1 ... w_L - sigma)^2: each singular mode of a deep linear network (docs/equations.md).
import { checkKeys, checkNumber } from '../../spec/errors.js';
import { gaussianInit, normalizeGaussianInit } from '../init.js';
import type { ModelDefinition } from '../types.js';
import { reference } from './reference.js';

export const chain: ModelDefinition = {
  name: 'chain',
  summary: 'l = 1/2 (w_1...w_L - sigma)^2, depth L <= 8; output P = prod w, balance w_1^2 - w_L^2',
  shaders: [
    'common/vec8.wgsl',
    'common/vecn.wgsl',
    'common/descend.wgsl',
    'chain/model.wgsl',
    'chain/loss.wgsl',
  ],
  double: [
    'common/vec8.wgsl',
    'common/vecn.wgsl',
    'common/descend.wgsl',
    'common/updates_double.wgsl',
    'chain/model.wgsl',
    'chain/loss_double.wgsl',
  ],
  normalize(model) {
    checkKeys('model', model, ['name', 'depth', 'target']);
    return {
      name: 'chain',
      depth: checkNumber('model.depth', model.depth ?? 2, { min: 1, max: 8, integer: true }),
      target: checkNumber('model.target', model.target ?? 1),
    };
  },
  normalizeInit: (init, model) =>
    normalizeGaussianInit(init, model.depth as number, { seed: 0, scale: 0, value: 0.5 }),
  paramCount: (model) => model.depth as number,
  overrides: (model) => ({ PARAMS: model.depth as number }),
  laneFields: ['target'],
  initFields: ['seed', 'scale', 'value'],
  hyper: (lane) => ({ sigma: lane.num('model.target') }),
  initParams: (lane, _model, out) => gaussianInit(lane, out),
  bounds: { largest: { depth: 8 }, beyond: { depth: 9 } },
  reference: () => reference,
};
