// Start vectors of the top-k spectrum pass (common/spectrum.wgsl) for a lane without a basis: entry k of the
// i-th is a hash of (i, k) (PCG's output permutation) mapped exactly to [-1, 1) in f32 (24 bits), so every
// vector has a component along every direction and no two are parallel (repeated eigenvalues are found, where
// a Krylov start would find one vector per distinct value). src/analysis/block.ts `blockStart` is the same
// function; tests/limits.test.ts compares the two.
fn block_start(i: u32, k: u32) -> f32 {
  var x = k * 747796405u + i * 2891336453u + 1u;
  x = ((x >> ((x >> 28u) + 4u)) ^ x) * 277803737u;
  x = (x >> 22u) ^ x;
  return f32(x >> 8u) / 8388608.0 - 1.0;
}
