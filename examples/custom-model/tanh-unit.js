// A worked model module for eos-lab: the tanh unit of tanh-unit.wgsl with its float64 reference. Load it with
//   eos-lab run SPEC.json --model-module examples/custom-model/tanh-unit.js
// or, in code, registerModel(module) from 'eos-lab'. Its specs name it { "name": "tanh-unit" } and may set
// model.constants.{x, y, lambda} and init.{u, v} (each sweepable).
import { readFileSync } from 'node:fs';

/** The same math as tanh-unit.wgsl, in float64 (its header has the derivation). */
function parts(w, h) {
  const [u, v] = w;
  const s = Math.tanh(u * h.x);
  const q = (1 - s) * (1 + s);
  return { u, v, s, q, r: v * s - h.y };
}

export default {
  name: 'tanh-unit',
  summary: 'one tanh unit f = v tanh(u x) on one example (x, y), weight decay lambda (examples/custom-model)',
  params: ['u', 'v'],
  constants: { x: 1, y: 0.5, lambda: 0 },
  init: { u: 0.5, v: 0.5 },
  wgsl: readFileSync(new URL('./tanh-unit.wgsl', import.meta.url), 'utf8'),
  file: 'examples/custom-model/tanh-unit.wgsl',
  reference: {
    lossGrad(w, h, grad) {
      const { u, v, s, q, r } = parts(w, h);
      grad[0] = r * v * h.x * q + h.lambda * u;
      grad[1] = r * s + h.lambda * v;
      return 0.5 * r * r + 0.5 * h.lambda * (u * u + v * v);
    },
    hvp(w, h, dir, out) {
      const { v, s, q, r } = parts(w, h);
      const vxq = v * h.x * q;
      const huu = vxq * vxq - 2 * r * v * h.x * h.x * s * q + h.lambda;
      const huv = h.x * q * (r + v * s);
      const hvv = s * s + h.lambda;
      out[0] = huu * dir[0] + huv * dir[1];
      out[1] = huv * dir[0] + hvv * dir[1];
    },
    observe(w, h) {
      const { u, v, s } = parts(w, h);
      return [v * s, u * u - v * v];
    },
  },
};
