// Sohl-Dickstein's display stretch needs each measure's rank among the values of its sign; on the GPU the rank
// comes from a histogram of log2 |v| (RANK_BINS bins per sign over the range color_range.wgsl found), whose
// cumulative counts the host turns into rank fractions (src/engine/colors.ts). A value's rank is thus known to
// within its bin: 1/RANK_BINS of the log range.
//   counts[s * RANK_BINS + b]   s = 0 negative, 1 positive

struct RankUniforms {
  lanes: u32,  // lanes of the run
  negLo: f32,  // log2 |v| range of the negative values
  negHi: f32,
  posLo: f32,  // and of the positive values
  posHi: f32,
}

override WG: u32;
override RANK_BINS: u32;

@group(0) @binding(0) var<uniform> u: RankUniforms;                       // ranges per sign
@group(0) @binding(1) var<storage, read> values: array<f32>;               // the measures
@group(1) @binding(0) var<storage, read_write> counts: array<atomic<u32>>; // 2 x RANK_BINS

fn finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

/** The bin of log2 |v| in [lo, hi] (the last bin holds hi). */
fn rank_bin(v: f32, lo: f32, hi: f32) -> u32 {
  let t = (log2(abs(v)) - lo) / max(hi - lo, 1e-30);
  return min(RANK_BINS - 1u, u32(max(0.0, t) * f32(RANK_BINS)));
}

@compute @workgroup_size(WG)
fn rank_histogram(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes) {
    return;
  }
  let v = values[lane];
  if (!finite(v) || v == 0.0) {
    return;
  }
  if (v < 0.0) {
    atomicAdd(&counts[rank_bin(v, u.negLo, u.negHi)], 1u);
  } else {
    atomicAdd(&counts[RANK_BINS + rank_bin(v, u.posLo, u.posHi)], 1u);
  }
}
