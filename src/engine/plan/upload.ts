// Host-side data of one tile: initial parameters (float64 rounded to f32) and per-lane constants packed
// by the reflected layouts of OptHyper and ModelHyper.
import { packStruct, type StructLayout, type StructValues } from '../../gpu/layout.js';
import { LaneView, MOVED_BY } from './lanes.js';
import type { Plan, Tile } from './plan.js';

/**
 * Block 0 holds the initial parameters, the rest start at 0. Lane family: state[(block * P + k) * count + lane]
 * (lane-minor); workgroup family: state[(block * count + lane) * P + k] (lane-major).
 */
export function initialState(plan: Plan, tile: Tile): Float32Array<ArrayBuffer> {
  const { params: P, model, spec } = plan;
  const out = new Float32Array(plan.blocks * P * tile.count);
  const view = new LaneView(spec, plan.axes);
  const w = new Float64Array(P);
  const words = new Float32Array(plan.precision === 'double' ? 2 * P : P); // double: hi, then lo (block 1)
  const constant = !view.varies(MOVED_BY.state);
  if (constant) model.initParams(view.at(0), spec.model, w);
  for (let lane = 0; lane < tile.count; lane++) {
    if (!constant) model.initParams(view.at(tile.offset + lane), spec.model, w);
    splitWords(w, words);
    if (plan.family === 'workgroup') out.set(words, lane * P);
    else for (let k = 0; k < words.length; k++) out[k * tile.count + lane] = words[k] as number;
  }
  return out;
}

/**
 * The f64 initial parameters of one lane as the GPU receives them: rounded to f32, or in double hi + lo
 * (within 2^-48 relative of the float64 value).
 */
export function initialParams(plan: Plan, lane: number): Float64Array {
  const w = new Float64Array(plan.params);
  plan.model.initParams(new LaneView(plan.spec, plan.axes).at(lane), plan.spec.model, w);
  if (plan.precision === 'single') return w.map(Math.fround);
  return w.map((x) => Math.fround(x) + Math.fround(x - Math.fround(x)));
}

function packLanes(
  label: string,
  layout: StructLayout,
  count: number,
  constant: boolean,
  values: (lane: number) => StructValues,
): ArrayBuffer {
  const buf = new ArrayBuffer(layout.size * count);
  const view = new DataView(buf);
  if (constant) {
    packStruct(label, layout, values(0), view, 0);
    const bytes = new Uint8Array(buf);
    const one = bytes.slice(0, layout.size);
    for (let lane = 1; lane < count; lane++) bytes.set(one, lane * layout.size);
  } else {
    for (let lane = 0; lane < count; lane++)
      packStruct(label, layout, values(lane), view, lane * layout.size);
  }
  return buf;
}

export function optHyperValues(view: LaneView): StructValues {
  return {
    lr: view.num('optimizer.lr'),
    beta: view.num('optimizer.beta'),
    lossMin: view.num('optimizer.lossMin'),
    alpha: view.num('optimizer.alpha'),
    lrLo: view.num('optimizer.lr') - Math.fround(view.num('optimizer.lr')),
  };
}

/** optHyper and modelHyper arrays for the lanes of `tile`. */
export function hyperData(
  plan: Plan,
  tile: Tile,
  layouts: { opt: StructLayout; model: StructLayout },
): { optHyper: ArrayBuffer; modelHyper: ArrayBuffer } {
  const view = new LaneView(plan.spec, plan.axes);
  const label = `${plan.model.name}.step`;
  const optConst = !view.varies(MOVED_BY.optHyper);
  const modelConst = !view.varies(MOVED_BY.modelHyper);
  return {
    optHyper: packLanes(label, layouts.opt, tile.count, optConst, (l) =>
      optHyperValues(view.at(tile.offset + l)),
    ),
    modelHyper: packLanes(label, layouts.model, tile.count, modelConst, (l) =>
      plan.model.hyper(view.at(tile.offset + l), plan.spec.model),
    ),
  };
}

/** w rounded to f32 into out[0, P); when out has 2 P entries, the remainders w - f32(w) (rounded) after them. */
export function splitWords(w: Float64Array, out: Float32Array): void {
  const P = w.length;
  for (let k = 0; k < P; k++) {
    out[k] = w[k] as number;
    if (out.length > P) out[P + k] = (w[k] as number) - (out[k] as number);
  }
}
