// Test-only entry point: writes block_start(i, k) (common/block_start.wgsl) for i < 10, k < 64 into out[i * 64 + k],
// so tests/limits.test.ts can compare it with src/analysis/block.ts `blockStart` bit for bit.

@group(0) @binding(0) var<storage, read_write> out: array<f32>; // the 10 x 64 start entries

@compute @workgroup_size(64)
fn probe_block_start(@builtin(local_invocation_index) k: u32) {
  for (var i = 0u; i < 10u; i++) {
    out[i * 64u + k] = block_start(i, k);
  }
}
