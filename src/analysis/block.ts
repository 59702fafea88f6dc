// The GPU spectrum pass's start vectors (shaders/common/block_start.wgsl), in TypeScript: the two must agree
// bit for bit (tests/limits.test.ts), as the power iteration's `vstart` and each model's `start` do.

/**
 * Entry k of the i-th start vector of the block power iteration: PCG's output permutation of
 * k * 747796405 + i * 2891336453 + 1 (u32 arithmetic), its top 24 bits mapped to [-1, 1).
 * @example
 * blockStart(0, 0); // a value in [-1, 1), exactly representable in f32
 */
export function blockStart(i: number, k: number): number {
  let x = (Math.imul(k, 747796405) + Math.imul(i, 2891336453 | 0) + 1) >>> 0;
  x = Math.imul(((x >>> ((x >>> 28) + 4)) ^ x) >>> 0, 277803737) >>> 0;
  x = ((x >>> 22) ^ x) >>> 0;
  return (x >>> 8) / 8388608 - 1;
}
