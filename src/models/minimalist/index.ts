// Minimalist example of Zhu et al. (ICLR 2023): two parameters, millions of lanes, basin maps over (x0, y0).
import { checkKeys } from '../../spec/errors.js';
import { normalizePointInit, pointInit } from '../init.js';
import type { ModelDefinition } from '../types.js';
import { reference } from './reference.js';

export const minimalist: ModelDefinition = {
  name: 'minimalist',
  summary: 'Zhu et al. 2023: L(x, y) = 1/4 (x^2 y^2 - 1)^2; output xy, balance x^2 - y^2',
  shaders: ['common/vec2.wgsl', 'common/descend.wgsl', 'minimalist/model.wgsl', 'minimalist/loss.wgsl'],
  double: [
    'common/vec2.wgsl',
    'common/descend.wgsl',
    'common/updates_double.wgsl',
    'minimalist/model.wgsl',
    'minimalist/loss_double.wgsl',
  ],
  normalize(model) {
    checkKeys('model', model, ['name']);
    return { name: 'minimalist' };
  },
  normalizeInit: (init) => normalizePointInit(init, { x: 4, y: 0.2625 }),
  paramCount: () => 2,
  overrides: () => ({}),
  laneFields: [],
  initFields: ['x', 'y'],
  hyper: () => ({}),
  initParams: (lane, _model, out) => pointInit(lane, out),
  bounds: { largest: {}, beyond: null },
  reference: () => reference,
};
