// Batched small-matrix products on the GPU against float64, for the shapes the matrix models use (square d x d,
// d x k, transposes, sizes that are not multiples of the tile) and for more lanes than one dispatch dimension.
//
// Tolerance: the inputs are f32 values that the reference uses exactly, so the only error is the f32
// accumulation of K products: |c - c64| <= gamma_K sum_k |a_ik b_kj| with gamma_K = K u / (1 - K u) and
// u = 2^-24 (Higham, Accuracy and Stability, section 3.1); the kernel's products are rounded too, so 2 gamma_K.
import { describe, expect, it } from 'vitest';
import { batchedMatmul, matmulReference, type MatmulShape } from '../src/linalg/batched.js';
import { testEngine } from './gpu.js';

/** Deterministic values in [-1, 1) (a 32-bit LCG), rounded to f32. */
function values(count: number, seed: number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(count);
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x / 2 ** 31 - 1;
  }
  return out;
}

async function check(lanes: number, s: MatmulShape, seed: number, groupSize?: number): Promise<void> {
  const a = values(lanes * s.m * s.k, seed);
  const b = values(lanes * s.k * s.n, seed + 1);
  const c = await batchedMatmul((await testEngine()).device, a, b, lanes, s, { groupSize });
  const ref = matmulReference(a, b, lanes, s);
  const absA = a.map(Math.abs);
  const absB = b.map(Math.abs);
  const bound = matmulReference(absA, absB, lanes, s);
  const u = 2 ** -24;
  const gamma = (s.k * u) / (1 - s.k * u);
  expect(c).toHaveLength(ref.length);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs((c[i] as number) - (ref[i] as number));
    const allowed = 2 * gamma * (bound[i] as number) + 1e-30;
    worst = Math.max(worst, err / allowed);
  }
  expect(worst, `worst error / bound for ${JSON.stringify(s)}`).toBeLessThanOrEqual(1);
}

describe('batched matmul', () => {
  it.each([
    [64, { m: 8, k: 8, n: 8 }],
    [33, { m: 13, k: 5, n: 7 }],
    [16, { m: 32, k: 32, n: 32 }],
    [4, { m: 64, k: 64, n: 64 }],
    [8, { m: 20, k: 9, n: 3, transA: true }],
    [8, { m: 6, k: 17, n: 11, transB: true }],
    [8, { m: 10, k: 10, n: 10, transA: true, transB: true }],
    [8, { m: 19, k: 23, n: 9 }],
    [8, { m: 9, k: 12, n: 17, transA: true, transB: true }],
    [3, { m: 64, k: 7, n: 57, transB: true }],
    [2, { m: 70, k: 5, n: 66, transA: true }],
    // m < 4: the kernel's row-at-a-time path (an output layer)
    [5, { m: 1, k: 32, n: 64 }],
    [5, { m: 3, k: 9, n: 13, transA: true, transB: true }],
  ] as [number, MatmulShape][])(
    '%i lanes of %o match float64 within the accumulation bound',
    async (lanes, s) => {
      await check(lanes, s, lanes * 7 + s.m);
    },
  );

  // The software GPU's group size (4), one invocation, and 7 (blocks end mid SIMD group): same sums.
  it.each([
    [4, 5, { m: 64, k: 64, n: 64 }],
    [1, 3, { m: 19, k: 23, n: 9, transA: true }],
    [7, 4, { m: 13, k: 5, n: 70, transB: true }],
  ] as [number, number, MatmulShape][])(
    '%i invocations per workgroup: %i lanes of %o',
    async (g, lanes, s) => {
      await check(lanes, s, lanes * 5 + s.n, g);
    },
  );

  it('folds lanes past 65,535 workgroups per dimension', async () => {
    const engine = await testEngine();
    const lanes = engine.device.limits.maxComputeWorkgroupsPerDimension + 5;
    await check(lanes, { m: 2, k: 3, n: 2 }, 11);
  });

  it('refuses a shape with an empty side, naming it', async () => {
    const device = (await testEngine()).device;
    const a = values(4, 1);
    await expect(batchedMatmul(device, a, a, 1, { m: 2, k: 0, n: 2 })).rejects.toThrow(
      /k must be an integer >= 1, got 0/,
    );
    await expect(batchedMatmul(device, a, a, 1, { m: 2, k: 2, n: 2 }, { groupSize: 0 })).rejects.toThrow(
      /groupSize must be an integer in \[1, \d+\], got 0/,
    );
  });

  it('catches a transposition mistake (the check can fail)', async () => {
    const s = { m: 4, k: 4, n: 4 };
    const a = values(4 * 16, 3);
    const b = values(4 * 16, 4);
    const c = await batchedMatmul((await testEngine()).device, a, b, 4, s);
    const wrong = matmulReference(a, b, 4, { ...s, transA: true });
    expect(Array.from(c).some((v, i) => Math.abs(v - (wrong[i] as number)) > 1e-3)).toBe(true);
  });
});
