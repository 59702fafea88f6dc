// The figure painted on the GPU (src/views/paint.ts, shaders/common/paint.wgsl) against the 2-D canvas's pixels
// for the same data (src/views/image.ts): a basin map's colour indices through the palette exactly, a density's
// log shade within one level per channel (the sequential map interpolated in f32 on the GPU, f64 on the host;
// rounding at .5 may differ by one level). Mutation: the density's rows not flipped (bin 0 at the top) fails.
import { describe, expect, it } from 'vitest';
import type { ExperimentSpec } from '../src/spec/types.js';
import { colorIndexPixels, densityPixels } from '../src/views/image.js';
import { PicturePainter } from '../src/views/paint.js';
import { testEngine } from './gpu.js';

/** The largest difference of any channel between RGBA words and RGBA bytes. */
function maxDiff(words: Uint32Array, bytes: Uint8ClampedArray): number {
  const got = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  let d = 0;
  for (let i = 0; i < bytes.length; i++) d = Math.max(d, Math.abs(got[i]! - bytes[i]!));
  return d;
}

describe('the GPU painter', () => {
  it('paints a basin map through the palette exactly as colorIndexPixels does (class and escape)', async () => {
    const engine = await testEngine();
    const painter = new PicturePainter(engine.device);
    for (const colorBy of ['class', 'escape'] as const) {
      const spec: ExperimentSpec = {
        model: { name: 'minimalist' },
        init: { x: 1, y: 1 },
        optimizer: { name: 'gd', lr: 0.25 },
        sweep: [
          { path: 'init.x', min: 0.2, max: 4, count: 70 },
          { path: 'init.y', min: 0.2, max: 4, count: 33 },
        ],
        steps: 200,
        figure: { kind: 'basin', colorBy },
      };
      const r = await engine.run(spec, { read: 'color', retain: true });
      try {
        const gpu = r.gpu!;
        const words = await painter.paint(
          undefined,
          gpu,
          { kind: 'colors', width: 70, height: 33, by: colorBy },
          true,
        );
        const host = colorIndexPixels(await gpu.colorIndices(), 70, 33, colorBy);
        expect(maxDiff(words!, host.data), colorBy).toBe(0);
      } finally {
        r.gpu?.release();
      }
    }
    painter.destroy();
  });

  it('paints a density within one level per channel of densityPixels', async () => {
    const engine = await testEngine();
    const painter = new PicturePainter(engine.device);
    const spec: ExperimentSpec = {
      model: { name: 'uv', width: 8 },
      init: { seed: 0, scale: 0.1 },
      optimizer: { name: 'gd', lr: 1 },
      sweep: [{ path: 'optimizer.lr', min: 3, max: 7, count: 150 }],
      steps: 500,
      figure: { kind: 'bifurcation', observable: 'output', window: 128, bins: 90, range: [-2, 3] },
    };
    const r = await engine.run(spec, { read: 'none', retain: true });
    const full = await engine.run(spec, { read: 'none' });
    try {
      const words = await painter.paint(undefined, r.gpu!, { kind: 'density' }, true);
      const host = densityPixels(full.density!);
      expect(maxDiff(words!, host.data)).toBeLessThanOrEqual(1);
      // Not trivially white: most columns carry samples.
      expect(Array.from(full.density!.counts).filter((c) => c > 0).length).toBeGreaterThan(500);
    } finally {
      r.gpu?.release();
      painter.destroy();
    }
  });
});
