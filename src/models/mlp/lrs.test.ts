// Per-layer learning rates (optimizer.lrs) run as a rescaling: layer l is stored as W_l / sqrt(lr_l) with the
// multiplier c_l sqrt(lr_l), and GD at lr = 1 on the rescaled parameters. Checked here against the definition
// (W_l <- W_l - lr_l G_l on the unscaled network) and the preconditioned Hessian P^1/2 H P^1/2.
import { describe, expect, it } from 'vitest';
import { symmetricEigenvalues } from '../../analysis/eigen.js';
import { LaneView } from '../../engine/plan/lanes.js';
import { runReference } from '../../engine/reference.js';
import { normalizeSpec, sweepablePaths } from '../../spec/normalize.js';
import type { ExperimentSpec } from '../../spec/types.js';
import { mlp } from './index.js';
import { weightAt, type mlpReference } from './reference.js';
import { mlpShape } from './index.js';

const model = { name: 'mlp', depth: 3, width: 4, examples: 6, activation: 'tanh' };
const lrs = [0.3, 0.05, 0.8];
const spec: ExperimentSpec = {
  model,
  init: { seed: 4 },
  optimizer: { name: 'gd', lrs },
  steps: 5,
  record: { observables: ['loss', 'sharpness'], last: 6 },
  sharpness: { every: 1, iterations: 400, tolerance: 1e-12 },
};

/** The unscaled network (lr applies per layer by hand) and its initial weights. */
function plain() {
  const s = normalizeSpec({ ...spec, optimizer: { name: 'gd', lr: 1 } });
  const ref = mlp.reference(s.model) as ReturnType<typeof mlpReference>;
  const h = mlp.hyper(new LaneView(s, []).at(0), s.model);
  const w = new Float64Array(mlp.paramCount(s.model));
  mlp.initParams(new LaneView(s, []).at(0), s.model, w);
  return { ref, h, w: w.map(Math.fround), shape: mlpShape(s.model) };
}

describe('per-layer learning rates', () => {
  it('take W_l <- W_l - lr_l G_l steps and report the top eigenvalue of P^1/2 H P^1/2', () => {
    const [lane] = runReference(spec);
    const { ref, h, w, shape } = plain();
    const g = new Float64Array(w.length);
    const layerOf = (k: number) => [1, 2, 3].find((l) => k < weightAt(shape, l + 1))!;
    const n = w.length;
    for (let t = 0; t <= spec.steps; t++) {
      const hess = ref.hessian(w, h);
      const pre = hess.map(
        (x, ij) => x * Math.sqrt(lrs[layerOf(Math.floor(ij / n)) - 1]! * lrs[layerOf(ij % n) - 1]!),
      );
      const top = symmetricEigenvalues(pre, n)[n - 1]!;
      const loss = ref.lossGrad(w, h, g);
      // The rescaled run starts from f32(W_l / sqrt(lr_l)), this one from f32(W_l): parameters differ by f32
      // rounding (6e-8 relative), so loss and eigenvalue agree to ~1e-7 relative; 1e-6 is allowed (a wrong
      // scaling is off by O(1)).
      expect(Math.abs(lane!.record.loss![t]! - loss)).toBeLessThan(1e-6 * loss);
      expect(Math.abs(lane!.record.sharpness![t]! - top)).toBeLessThan(1e-6 * top);
      for (let k = 0; k < n; k++) w[k] = w[k]! - lrs[layerOf(k) - 1]! * g[k]!;
    }
  });

  it('sweep per layer and validate against the model', () => {
    const s = normalizeSpec(spec);
    expect(s.optimizer.lr).toBe(1);
    expect(sweepablePaths(s).slice(0, 3)).toEqual(['optimizer.lrs.0', 'optimizer.lrs.1', 'optimizer.lrs.2']);
    const bad = (patch: Partial<ExperimentSpec>) => () => normalizeSpec({ ...spec, ...patch });
    expect(bad({ optimizer: { name: 'gd', lrs: [0.1, 0.2] } })).toThrow(
      /optimizer\.lrs must have 3 entries, one per layer/,
    );
    expect(bad({ optimizer: { name: 'gd', lr: 0.1, lrs } })).toThrow(
      /optimizer\.lr is 1 when optimizer\.lrs is given/,
    );
    expect(bad({ optimizer: { name: 'gd', lrs: [0.1, -1, 1] } })).toThrow(/optimizer\.lrs\.1/);
    expect(bad({ model: { name: 'uv' }, optimizer: { name: 'gd', lrs: [1] } })).toThrow(
      /optimizer\.lrs applies to layered models/,
    );
    expect(bad({ sweep: [{ path: 'optimizer.lr', values: [0.1] }] })).toThrow(/sweep\.0\.path/);
  });
});
