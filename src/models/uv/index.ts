// UV model of Kalra, He, Barkeshli (ICLR 2025): 2-layer linear net of width n on one example.
import { checkChoice, checkKeys, checkNumber } from '../../spec/errors.js';
import { gaussianInit, normalizeGaussianInit } from '../init.js';
import type { ModelDefinition } from '../types.js';

/**
 * Widest UV model: a lane's u and v live in private memory as vec4 blocks, and the step kernel holds six such
 * vectors; WGSL guarantees 8 KiB of function-scope memory per invocation, so 6 x 2 x 128 x 4 B = 6 KiB fits.
 * shaders/uv/vec.wgsl sizes its arrays as MAX_BLOCKS = UV_MAX_WIDTH / 4 (tests/limits.test.ts ties the two).
 */
export const UV_MAX_WIDTH = 128;
import { uvReference } from './reference.js';

export const uv: ModelDefinition = {
  name: 'uv',
  summary: `Kalra et al. 2025: f = v.u x / sqrt(n) (ntk) or v.u x (standard), width n <= ${UV_MAX_WIDTH}; output f`,
  shaders: ['uv/vec.wgsl', 'uv/model.wgsl', 'uv/step.wgsl'],
  double: ['uv/vec.wgsl', 'uv/model.wgsl', 'uv/step_double.wgsl'],
  normalize(model) {
    checkKeys('model', model, ['name', 'width', 'target', 'input', 'parameterization']);
    return {
      name: 'uv',
      width: checkNumber('model.width', model.width ?? 16, { min: 1, max: UV_MAX_WIDTH, integer: true }),
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
  bounds: { largest: { width: UV_MAX_WIDTH }, beyond: { width: UV_MAX_WIDTH + 1 } },
  reference: (model) => uvReference(model.parameterization === 'standard'),
};
