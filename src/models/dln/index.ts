// Deep linear network (deep matrix factorisation, Ghosh et al. 2025), one lane per invocation for small widths:
// L(W) = 1/2 ||W_L ... W_1 - M||_F^2 with M = U diag(spectrum) V^T drawn from model.seed (shaders/dln/).
import { SpecError, checkChoice, checkKeys, checkNumber } from '../../spec/errors.js';
import { gaussian, normalizeGaussianInit } from '../init.js';
import type { ModelSpec } from '../../spec/types.js';
import type { ModelDefinition } from '../types.js';
import { dlnReference } from './reference.js';

/** Lane family bounds: L <= 4 matrices of d <= 4 (6 state vectors of 64 floats in the 8 KiB WGSL allows). */
export const DLN_MAX_DEPTH = 4;
export const DLN_MAX_WIDTH = 4;
export const DLN_INITS = ['identity', 'ghosh', 'gaussian', 'orthogonal'] as const;

/** d orthonormal columns (padded 4 x 4, column c at [i * 4 + c]) by Gram-Schmidt on seeded Gaussian draws. */
export function orthonormal(d: number, seed: number, offset: number): Float64Array {
  const q = new Float64Array(16);
  for (let c = 0; c < d; c++) {
    const col = Array.from({ length: d }, (_, i) => gaussian(seed, offset + c * 4 + i));
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += col[i]! * q[i * 4 + p]!;
      for (let i = 0; i < d; i++) col[i] = col[i]! - dot * q[i * 4 + p]!;
    }
    const n = Math.hypot(...col);
    for (let i = 0; i < d; i++) q[i * 4 + c] = col[i]! / n;
  }
  return q;
}

/** The target M (padded) and its top singular pair, from the model fields. */
export function dlnTarget(model: ModelSpec): { m: number[]; u1: number[]; v1: number[] } {
  const d = model.width as number;
  const spectrum = model.spectrum as number[];
  const U = orthonormal(d, model.seed as number, 0);
  const V = orthonormal(d, model.seed as number, 1000);
  const m = new Array<number>(16).fill(0);
  spectrum.forEach((s, r) => {
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) m[i * 4 + j] = m[i * 4 + j]! + s * U[i * 4 + r]! * V[j * 4 + r]!;
  });
  const top = spectrum.indexOf(Math.max(...spectrum));
  const column = (Q: Float64Array) => [0, 1, 2, 3].map((i) => (i < d ? Q[i * 4 + top]! : 0));
  return { m, u1: column(U), v1: column(V) };
}

export const dln: ModelDefinition = {
  name: 'dln',
  summary: `deep linear network 1/2 ||W_L...W_1 - M||^2, L <= ${DLN_MAX_DEPTH}, d <= ${DLN_MAX_WIDTH}; output u1.P v1, balance ||D_1||`,
  shaders: ['dln/vec.wgsl', 'common/vecn.wgsl', 'common/descend.wgsl', 'dln/model.wgsl'],
  normalize(model) {
    checkKeys('model', model, ['name', 'depth', 'width', 'spectrum', 'seed', 'init', 'alpha']);
    const width = checkNumber('model.width', model.width ?? 3, { min: 1, max: DLN_MAX_WIDTH, integer: true });
    const spectrum = (model.spectrum ?? [1, 0.5].slice(0, width)) as unknown;
    if (!Array.isArray(spectrum) || spectrum.length < 1 || spectrum.length > width)
      throw new SpecError(
        'model.spectrum',
        `must be an array of 1 to ${width} (model.width) singular values, got ${JSON.stringify(spectrum)}`,
      );
    spectrum.forEach((s, i) => checkNumber(`model.spectrum.${i}`, s, { min: 0, exclusiveMin: true }));
    return {
      name: 'dln',
      depth: checkNumber('model.depth', model.depth ?? 2, { min: 2, max: DLN_MAX_DEPTH, integer: true }),
      width,
      spectrum: [...(spectrum as number[])],
      seed: checkNumber('model.seed', model.seed ?? 0, { min: 0, max: 2 ** 32 - 1, integer: true }),
      init: checkChoice('model.init', model.init ?? 'identity', DLN_INITS),
      alpha: checkNumber('model.alpha', model.alpha ?? 0.5, { min: 0 }),
    };
  },
  normalizeInit: (init, model) =>
    normalizeGaussianInit(init, 16 * (model.depth as number), { seed: 0, scale: 1, value: 0 }),
  paramCount: (model) => 16 * (model.depth as number),
  overrides: (model) => ({ DEPTH: model.depth as number, WIDTH: model.width as number }),
  laneFields: [],
  initFields: ['seed', 'scale'],
  hyper: (lane) =>
    dlnTarget({
      name: 'dln',
      width: lane.num('model.width'),
      seed: lane.num('model.seed'),
      spectrum: [...lane.list('model.spectrum')],
    }),
  initParams(lane, model, out) {
    const params = lane.list('init.params');
    if (params.length) {
      out.set(params);
      return;
    }
    const depth = model.depth as number;
    const d = model.width as number;
    const alpha = model.alpha as number;
    const seed = lane.num('init.seed') >>> 0;
    const scale = lane.num('init.scale');
    out.fill(0);
    for (let l = 0; l < depth; l++) {
      const at = 16 * l;
      if (model.init === 'gaussian') {
        for (let i = 0; i < d; i++)
          for (let j = 0; j < d; j++)
            out[at + i * 4 + j] = (scale / Math.sqrt(d)) * gaussian(seed, at + i * 4 + j);
      } else if (model.init === 'orthogonal') {
        const q = orthonormal(d, seed, 5000 + at);
        for (let k = 0; k < 16; k++) out[at + k] = alpha * q[k]!;
      } else if (!(model.init === 'ghosh' && l === depth - 1)) {
        for (let i = 0; i < d; i++) out[at + i * 5] = alpha;
      }
    }
  },
  bounds: { largest: { depth: DLN_MAX_DEPTH, width: DLN_MAX_WIDTH }, beyond: { depth: DLN_MAX_DEPTH + 1 } },
  reference: (model) => dlnReference(model.depth as number, model.width as number),
};
