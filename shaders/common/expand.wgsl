// Lanes are born on the GPU: per-lane words (initial parameters, OptHyper and ModelHyper structs) are built
// from one base lane and a table per sweep axis, so the host never loops over lanes (docs/architecture.md,
// "Init pass"). For lane g = laneOffset + lane, axis indices i0 = g % n0, i1 = g / n0, and word k:
//   value_k = base[k]                         if owner[k] < 0 (no axis changes word k)
//           = tables[i0 * WORDS + k]          if owner[k] = 0
//           = tables[table1 + i1 * WORDS + k] if owner[k] = 1
// Words are copied as bits (f32 or u32 alike), so the result is bit-identical to packing on the host.
// The host uses this pass only when each word depends on at most one axis (checked, else it packs lanes).

struct ExpandUniforms {
  lanes: u32,      // lanes in this tile
  laneOffset: u32, // global index of the tile's first lane
  n0: u32,         // values on axis 0 (1 when there is no axis)
  table1: u32,     // word offset of axis 1's table in `tables`
}

override WG: u32;
// The buffer's layout as overrides (a pipeline per lane buffer): SwiftShader runs untaken branches, and a
// constant trip count lets the loop unroll; ~35 % faster than uniforms there (bench/RESULTS.md, 2026-12-07).
override WORDS: u32;       // words per lane
override LANE_MINOR: bool; // true: out[k * lanes + lane] (state); false: out[lane * WORDS + k] (struct arrays)

@group(0) @binding(0) var<uniform> u: ExpandUniforms;             // this tile and the word layout
@group(0) @binding(1) var<storage, read_write> out: array<u32>;     // the lane buffer being filled
@group(1) @binding(0) var<storage, read> base: array<u32>;          // words of the base lane
@group(1) @binding(1) var<storage, read> owner: array<i32>;         // per word: -1, 0 or 1
@group(1) @binding(2) var<storage, read> tables: array<u32>;        // per-axis value tables (above)

@compute @workgroup_size(WG)
fn expand(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes) {
    return;
  }
  let g = u.laneOffset + lane;
  let i0 = g % u.n0;
  let i1 = g / u.n0;
  for (var k = 0u; k < WORDS; k++) {
    var value = base[k];
    if (owner[k] == 0) {
      value = tables[i0 * WORDS + k];
    } else if (owner[k] == 1) {
      value = tables[u.table1 + i1 * WORDS + k];
    }
    if (LANE_MINOR) {
      out[k * u.lanes + lane] = value;
    } else {
      out[lane * WORDS + k] = value;
    }
  }
}
