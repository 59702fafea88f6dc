// Double-single arithmetic (shaders/common/df64.wgsl) on Dawn's compiler: two_sum and two_prod exact (the
// error-free transformations: s + e = a + b, p + e = a b in float64) and df_add / df_mul within their proven
// bounds (3 u^2 and 7 u^2, u = 2^-24: >= 45 bits) on 4096 cases with cancellations and tiny addends.
// Mutations that fail it: opaque() returning its argument unchanged is harmless here (Dawn does not
// reassociate), so the test also runs the probe's host check on outputs with the error terms zeroed, which
// must fail; dropping the mask in df_split (hi = a) makes two_prod's e wrong and fails the GPU cases.
import { describe, expect, it } from 'vitest';
import { checkProbe, probeCases, runProbe, MIN_BITS } from '../src/engine/run/df64-probe.js';
import { testEngine } from './gpu.js';

describe('double-single arithmetic on the GPU', () => {
  it('keeps the error terms: two_sum/two_prod exact, df_add/df_mul to >= 45 bits', async () => {
    const engine = await testEngine();
    const r = await runProbe(engine.device);
    expect(r.failure).toBeUndefined();
    expect(r.exact).toBe(true);
    expect(r.addBits).toBeGreaterThanOrEqual(MIN_BITS);
    expect(r.mulBits).toBeGreaterThanOrEqual(MIN_BITS);
  });

  it('the host check fails outputs whose error terms a compiler erased (lo words 0)', () => {
    const x = probeCases(256);
    const erased = new Float32Array(8 * 256);
    for (let i = 0; i < 256; i++) {
      const [ah, al, bh, bl] = [x[4 * i]!, x[4 * i + 1]!, x[4 * i + 2]!, x[4 * i + 3]!];
      erased.set([ah + bh, 0, ah * bh, 0, ah + al + (bh + bl), 0, (ah + al) * (bh + bl), 0], 8 * i);
    }
    const r = checkProbe(x, erased);
    expect(r.exact).toBe(false);
    expect(Math.min(r.addBits, r.mulBits)).toBeLessThan(30);
  });
});
