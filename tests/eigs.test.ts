// Top-k spectrum on the GPU (shaders/common/spectrum.wgsl): block power iteration with Rayleigh-Ritz against the
// float64 subspace iteration (src/analysis/subspace.ts) and closed forms.
import { describe, expect, it } from 'vitest';
import { laneEigs } from '../src/engine/analyses.js';
import { testEngine } from './gpu.js';

describe('eigs (GPU block power iteration)', () => {
  it('quadratic: the top-k curvatures, negative ones excluded', async () => {
    const engine = await testEngine();
    const r = await engine.run({
      model: { name: 'quadratic', curvatures: [3, -9, 1, 2, 0.5, -0.25] },
      optimizer: { name: 'gd', lr: 0.01 },
      steps: 20,
      record: { observables: ['loss', 'eigs'], last: 3, every: 10 },
      sharpness: { k: 3, iterations: 200, tolerance: 1e-5 },
    });
    console.log(r.record.vectors.eigs, r.record.vectors.eigsResidual);
  }, 120_000);
  it('mlp', async () => {
    const engine = await testEngine();
    const spec = {
      model: { name: 'mlp', depth: 3, width: 8, examples: 16, dataset: 'chebyshev' },
      optimizer: { name: 'gd' as const, lr: 0.05 },
      steps: 20,
      record: { observables: ['loss' as const, 'eigs' as const], last: 2, every: 20 },
      sharpness: { k: 4, iterations: 400, tolerance: 1e-5 },
    };
    const r = await engine.run(spec, { keep: { params: true } });
    console.log(r.record.vectors.eigs, r.record.vectors.eigsResidual, laneEigs(r, 0, 4));
  }, 120_000);
});
