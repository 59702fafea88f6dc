// Lanes are born on the GPU: per-lane words (initial parameters, OptHyper and ModelHyper structs) are built
// from one base lane and a table per sweep axis, so the host never loops over lanes (docs/architecture.md,
// "Init pass"). For lane g = laneOffset + lane, axis indices i0 = g % n0, i1 = g / n0, and word k:
//   value_k = words[base0 + k]                if owner_k < 0 (no axis changes word k)
//           = words[i0 * WORDS + k]           if owner_k = 0
//           = words[table1 + i1 * WORDS + k]  if owner_k = 1
// one load a word from the index chosen by select: SwiftShader runs every branch, so a load per case would be
// four a word (bench/RESULTS.md, 2026-12-07, third session). Words are copied as bits (f32 or u32 alike), so the
// result is bit-identical to packing on the host. The host uses this pass only when each word depends on at
// most one axis (checked, else it packs lanes).

struct ExpandUniforms {
  lanes: u32,      // lanes in this tile
  laneOffset: u32, // global index of the tile's first lane
  n0: u32,         // values on axis 0 (1 when there is no axis)
  table1: u32,     // word offset of axis 1's table in `words`
  base0: u32,      // word offset of the base lane in `words`
}

override WG: u32;
// The buffer's layout as overrides (a pipeline per lane buffer): SwiftShader runs untaken branches, and a
// constant trip count lets the loop unroll; ~35 % faster than uniforms there (bench/RESULTS.md, 2026-12-07).
override WORDS: u32;       // words per lane
override LANE_MINOR: bool; // true: out[k * lanes + lane] (state); false: out[lane * WORDS + k] (struct arrays)
// The owners as bit masks where WORDS <= 32 (bit k of OWN0 / OWN1: word k follows axis 0 / 1), so no owner is
// loaded; MASKS false reads them from `owner`.
override MASKS: bool;
override OWN0: u32;
override OWN1: u32;

@group(0) @binding(0) var<uniform> u: ExpandUniforms;             // this tile and the word layout
@group(0) @binding(1) var<storage, read_write> out: array<u32>;     // the lane buffer being filled
@group(1) @binding(0) var<storage, read> owner: array<i32>;         // per word: -1, 0 or 1 (MASKS false)
@group(1) @binding(1) var<storage, read> words: array<u32>;         // axis 0's table, axis 1's, the base lane

fn owner_of(k: u32) -> i32 {
  if (MASKS) {
    return select(select(-1, 1, ((OWN1 >> k) & 1u) != 0u), 0, ((OWN0 >> k) & 1u) != 0u);
  }
  return owner[k];
}

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
    let o = owner_of(k);
    let value = words[select(select(u.base0 + k, u.table1 + i1 * WORDS + k, o == 1), i0 * WORDS + k, o == 0)];
    if (LANE_MINOR) {
      out[k * u.lanes + lane] = value;
    } else {
      out[lane * WORDS + k] = value;
    }
  }
}
