// Lanes per class and period over the whole run, counted on the GPU (src/engine/read/colors.ts), so a summary
// or a data table needs no per-lane readback:
//   counts[kind * (MAX_PERIOD + 1) + min(period, MAX_PERIOD)] += 1   for each computed lane's class word
// (codes hold class words + 1; 0 is a lane not computed).

struct CountUniforms {
  lanes: u32, // lanes of the run
}

override WG: u32;
override MAX_PERIOD: u32; // the classifier's longest period (src/spec/sections.ts MAX_PERIOD)

@group(0) @binding(0) var<uniform> u: CountUniforms;                       // the run's size
@group(0) @binding(1) var<storage, read> codes: array<u32>;                 // (kind | period << 8) + 1, or 0
@group(1) @binding(0) var<storage, read_write> counts: array<atomic<u32>>;  // 6 x (MAX_PERIOD + 1)

@compute @workgroup_size(WG)
fn class_counts(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes) {
    return;
  }
  if (codes[lane] == 0u) {
    return;
  }
  let code = codes[lane] - 1u;
  atomicAdd(&counts[(code & 0xffu) * (MAX_PERIOD + 1u) + min(code >> 8u, MAX_PERIOD)], 1u);
}
