// The valley of Arora et al. (ICML 2022, Figure 1): minimisers y = 0 with sharpness 2 (1 + x^2).
import { checkKeys } from '../../spec/errors.js';
import { normalizePointInit, pointInit } from '../init.js';
import type { ModelDefinition } from '../types.js';
import { reference } from './reference.js';

export const valley: ModelDefinition = {
  name: 'valley',
  summary: 'Arora et al. 2022: L(x, y) = (1 + x^2) y^2; output y, balance slot = x (drift along the valley)',
  shaders: ['common/vec2.wgsl', 'common/descend.wgsl', 'valley/model.wgsl', 'valley/loss.wgsl'],
  double: [
    'common/vec2.wgsl',
    'common/descend.wgsl',
    'common/updates_double.wgsl',
    'valley/model.wgsl',
    'valley/loss_double.wgsl',
  ],
  normalize(model) {
    checkKeys('model', model, ['name']);
    return { name: 'valley' };
  },
  normalizeInit: (init) => normalizePointInit(init, { x: 1, y: 0.5 }),
  paramCount: () => 2,
  overrides: () => ({}),
  laneFields: [],
  initFields: ['x', 'y'],
  hyper: () => ({}),
  initParams: (lane, _model, out) => pointInit(lane, out),
  bounds: { largest: {}, beyond: null },
  reference: () => reference,
};
