// The global statistics a colouring needs, reduced on the GPU over every lane of the run (src/engine/colors.ts):
//   keys[0], keys[1]   min and max of the valid values (period: > 0; escape: >= 0; kappa: finite)
//   keys[2], keys[3]   min and max of log2 |v| over the negative values (measure)
//   keys[4], keys[5]   min and max of log2 |v| over the positive values (measure)
// f32 bits become u32 keys that sort as the floats do (as minmax.wgsl), so atomicMin / atomicMax give them.

struct RangeUniforms {
  lanes: u32, // lanes of the run
}

override WG: u32;
override COLOR_BY: u32; // 1 period, 2 escape, 3 measure, 4 kappa

@group(0) @binding(0) var<uniform> u: RangeUniforms;                    // the run's size
@group(0) @binding(1) var<storage, read> values: array<f32>;             // summarize.wgsl's values
@group(1) @binding(0) var<storage, read_write> keys: array<atomic<u32>>; // six keys, above

fn sort_key(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}

fn finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

@compute @workgroup_size(WG)
fn color_range(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes) {
    return;
  }
  let v = values[lane];
  if (!finite(v)) {
    return;
  }
  if (COLOR_BY == 3u) {
    if (v != 0.0) {
      let k = sort_key(log2(abs(v)));
      let at = select(4u, 2u, v < 0.0);
      atomicMin(&keys[at], k);
      atomicMax(&keys[at + 1u], k);
    }
    return;
  }
  if ((COLOR_BY == 2u && v < 0.0) || (COLOR_BY == 1u && v <= 0.0)) {
    return;
  }
  atomicMin(&keys[0], sort_key(v));
  atomicMax(&keys[1], sort_key(v));
}
