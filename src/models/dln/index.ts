// Deep linear network (deep matrix factorisation, Ghosh et al. 2025), a workgroup per lane:
// L(W) = 1/2 ||W_L ... W_1 - M||_F^2 with M = U diag(spectrum) V^T drawn from model.seed (shaders/dln/).
import { SpecError, checkChoice, checkKeys, checkNumber } from '../../spec/errors.js';
import { gaussian, normalizeGaussianInit } from '../init.js';
import type { ModelSpec } from '../../spec/types.js';
import type { ModelDefinition } from '../types.js';
import { dlnObservables } from './analysis.js';
import { dlnReference } from './reference.js';
import { orthonormal, targetBases } from './target.js';

export { orthonormal, targetBases };

const paramCount = (model: ModelSpec): number => (model.depth as number) * (model.width as number) ** 2;

/** Bounds of the workgroup kernel: the sizes issue 7 asks for (L 2-8, d up to 64). */
export const DLN_MAX_DEPTH = 8;
export const DLN_MAX_WIDTH = 64;
/**
 * Up to L = 4, d = 4 a lane's six 64-entry vectors fit one invocation's 8 KiB (shaders/dln/lane.wgsl); there the
 * lane family runs 100x faster than a workgroup per lane on the software GPU (512 lanes x 500 steps at d = 3:
 * 3 s against over 10 minutes, barrier-bound), so it takes those sizes.
 */
export const DLN_LANE_MAX = 4;
const inLane = (model: ModelSpec) =>
  (model.depth as number) <= DLN_LANE_MAX && (model.width as number) <= DLN_LANE_MAX;
export const DLN_INITS = ['identity', 'ghosh', 'gaussian', 'orthogonal'] as const;

/** The target M = U diag(spectrum) V^T and its top singular pair, from the model fields (d x d row-major). */
export function dlnTarget(model: ModelSpec): { m: Float64Array; u1: number[]; v1: number[] } {
  const d = model.width as number;
  const spectrum = model.spectrum as number[];
  const { U, V } = targetBases(model);
  const m = new Float64Array(d * d);
  spectrum.forEach((s, r) => {
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) m[i * d + j]! += s * U[i * d + r]! * V[j * d + r]!;
  });
  const top = spectrum.indexOf(Math.max(...spectrum));
  const column = (Q: Float64Array) => Array.from({ length: d }, (_, i) => Q[i * d + top]!);
  return { m, u1: column(U), v1: column(V) };
}

/** Scratch regions of shaders/dln/model.wgsl, in d x d matrices: [name, count]. */
const REGIONS = (L: number): [string, number][] => [
  ['SCR_WC', L],
  ['SCR_VC', L],
  ['SCR_P', L + 1],
  ['SCR_DP', L + 1],
  ['SCR_E', 1],
  ['SCR_T1', 1],
  ['SCR_T2', 1],
  ['SCR_U', L - 1],
  ['SCR_DU', L - 1],
  ['SCR_R', L],
];

export const dln: ModelDefinition = {
  name: 'dln',
  summary: `deep linear network 1/2 ||W_L...W_1 - M||^2, L <= ${DLN_MAX_DEPTH}, d <= ${DLN_MAX_WIDTH}; output u1.P v1, balance ||D_1||`,
  family: (model) => (inLane(model) ? 'lane' : 'workgroup'),
  shaders: (model) =>
    inLane(model)
      ? ['dln/vec.wgsl', 'common/vecn.wgsl', 'common/descend.wgsl', 'dln/lane.wgsl', 'dln/lane_loss.wgsl']
      : ['common/wg_matmul.wgsl', 'dln/scratch.wgsl', 'dln/model.wgsl'],
  // Double: the lane family's files with the loss in double-single (the small networks only).
  double: [
    'dln/vec.wgsl',
    'common/vecn.wgsl',
    'common/descend.wgsl',
    'common/updates_double.wgsl',
    'dln/lane.wgsl',
    'dln/lane_loss_double.wgsl',
  ],
  doubleRefusal: (model) =>
    inLane(model)
      ? undefined
      : `runs double in the lane family only (depth and width <= ${DLN_LANE_MAX}; this one runs a workgroup per lane)`,
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
    normalizeGaussianInit(init, paramCount(model), { seed: 0, scale: 1, value: 0 }),
  paramCount,
  overrides: (model) => ({ DEPTH: model.depth as number, WIDTH: model.width as number }),
  scratch(model) {
    const L = model.depth as number;
    const D = (model.width as number) ** 2;
    const out: Record<string, number> = {};
    let at = 0;
    for (const [name, count] of REGIONS(L)) {
      out[name] = at;
      at += count * D;
    }
    return { ...out, SCR_OK: at, SCRATCH: at + 2 }; // SCR_OK: the validity word and the loss
  },
  data(model) {
    const t = dlnTarget(model);
    // M's low words last (precision double reads them: dln/lane_loss_double.wgsl).
    return Float32Array.from([...t.m, ...t.u1, ...t.v1, ...Array.from(t.m, (x) => x - Math.fround(x))]);
  },
  laneFields: [],
  initFields: ['seed', 'scale'],
  hyper: () => ({}),
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
      const at = d * d * l;
      if (model.init === 'gaussian') {
        for (let k = 0; k < d * d; k++) out[at + k] = (scale / Math.sqrt(d)) * gaussian(seed, at + k);
      } else if (model.init === 'orthogonal') {
        const q = orthonormal(d, seed, (1 << 21) + at);
        for (let k = 0; k < d * d; k++) out[at + k] = alpha * q[k]!;
      } else if (!(model.init === 'ghosh' && l === depth - 1)) {
        for (let i = 0; i < d; i++) out[at + i * (d + 1)] = alpha;
      }
    }
  },
  bounds: {
    largest: { depth: DLN_MAX_DEPTH, width: DLN_MAX_WIDTH },
    beyond: { depth: DLN_MAX_DEPTH + 1 },
    kernels: [{ depth: DLN_LANE_MAX, width: DLN_LANE_MAX }],
  },
  reference: (model) => dlnReference(model.depth as number, model.width as number, dlnTarget(model)),
  observables: dlnObservables,
};
