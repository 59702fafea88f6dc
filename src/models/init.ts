// Initialisations shared by models: explicit parameters, 2-D points, and seeded Gaussians.
import { SpecError, checkKeys, checkNumber } from '../spec/errors.js';
import type { InitSpec } from '../spec/types.js';
import type { LaneValues } from './types.js';

/** 32-bit integer hash (lowbias32, Chris Wellons): counter-based, so any lane can draw any index. */
function hash32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Standard normal draw number `index` of stream `seed` (Box-Muller on two hashed uniforms in (0, 1)). */
export function gaussian(seed: number, index: number): number {
  const a = hash32(hash32(seed ^ 0x9e3779b9) ^ (Math.imul(index, 2) + 1));
  const b = hash32(hash32(seed ^ 0x85ebca6b) ^ (Math.imul(index, 2) + 2));
  const u1 = (a + 0.5) / 4294967296;
  const u2 = (b + 0.5) / 4294967296;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function checkParams(init: InitSpec, count: number): number[] | undefined {
  if (init.params === undefined) return undefined;
  if (!Array.isArray(init.params) || init.params.length !== count) {
    throw new SpecError(
      'init.params',
      `must be an array of ${count} finite numbers, got ${JSON.stringify(init.params)}`,
    );
  }
  init.params.forEach((v, i) => checkNumber(`init.params.${i}`, v));
  return init.params;
}

/** 2-D models: `{ x, y }` or `{ params: [x, y] }`. */
export function normalizePointInit(init: InitSpec, defaults: { x: number; y: number }): InitSpec {
  checkKeys('init', init, ['x', 'y', 'params']);
  const params = checkParams(init, 2);
  if (params) return { params };
  return {
    x: init.x === undefined ? defaults.x : checkNumber('init.x', init.x),
    y: init.y === undefined ? defaults.y : checkNumber('init.y', init.y),
  };
}

export function pointInit(lane: LaneValues, out: Float64Array): void {
  const params = lane.list('init.params');
  out[0] = params.length ? (params[0] as number) : lane.num('init.x');
  out[1] = params.length ? (params[1] as number) : lane.num('init.y');
}

/** Many-parameter models: `{ params }` or w_k = value + scale * N(seed, k). */
export function normalizeGaussianInit(
  init: InitSpec,
  count: number,
  defaults: { seed: number; scale: number; value: number },
): InitSpec {
  checkKeys('init', init, ['seed', 'scale', 'value', 'params']);
  const params = checkParams(init, count);
  if (params) return { params };
  return {
    seed: checkNumber('init.seed', init.seed ?? defaults.seed, { min: 0, max: 2 ** 32 - 1, integer: true }),
    scale: checkNumber('init.scale', init.scale ?? defaults.scale, { min: 0 }),
    value: checkNumber('init.value', init.value ?? defaults.value),
  };
}

/** Writes value + scale * N(seed, k) for k < out.length, or the explicit params. */
export function gaussianInit(lane: LaneValues, out: Float64Array, scaleFactor = 1): void {
  const params = lane.list('init.params');
  if (params.length) {
    out.set(params);
    return;
  }
  const seed = lane.num('init.seed') >>> 0;
  const scale = lane.num('init.scale') * scaleFactor;
  const value = lane.num('init.value');
  for (let k = 0; k < out.length; k++) out[k] = value + scale * gaussian(seed, k);
}
