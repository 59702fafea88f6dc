// UV model of Kalra, He, Barkeshli (ICLR 2025): 2-layer linear net of width n on one example.
import { checkChoice, checkKeys, checkNumber } from '../../spec/errors.js';
import { gaussianInit, normalizeGaussianInit } from '../init.js';
import type { ModelDefinition } from '../types.js';
import { uvReference } from './reference.js';

export const uv: ModelDefinition = {
  name: 'uv',
  summary: 'Kalra et al. 2025: f = v.u x / sqrt(n) (ntk) or v.u x (standard), width n <= 256; output f',
  shaders: ['uv/vec.wgsl', 'uv/model.wgsl'],
  normalize(model) {
    checkKeys('model', model, ['name', 'width', 'target', 'input', 'parameterization']);
    return {
      name: 'uv',
      width: checkNumber('model.width', model.width ?? 16, { min: 1, max: 256, integer: true }),
      target: checkNumber('model.target', model.target ?? 1),
      input: checkNumber('model.input', model.input ?? 1),
      parameterization: checkChoice('model.parameterization', model.parameterization ?? 'ntk', [
        'ntk',
        'standard',
      ]),
    };
  },
  normalizeInit: (init, model) =>
    normalizeGaussianInit(init, 2 * (model.width as number), { seed: 0, scale: 1, value: 0 }),
  paramCount: (model) => 2 * (model.width as number),
  overrides: (model) => ({ WIDTH: model.width as number, STANDARD: model.parameterization === 'standard' }),
  laneFields: ['target', 'input'],
  initFields: ['seed', 'scale', 'value'],
  hyper: (lane) => ({
    y: lane.num('model.target'),
    x: lane.num('model.input'),
  }),
  // u_i, v_i ~ value + N(0, scale^2) (NTK) or N(0, scale^2 / n) (standard, init variance 1/n at scale 1).
  initParams: (lane, model, out) =>
    gaussianInit(lane, out, model.parameterization === 'standard' ? 1 / Math.sqrt(model.width as number) : 1),
  reference: (model) => uvReference(model.parameterization === 'standard'),
};
