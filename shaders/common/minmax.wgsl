// Range of the density's samples on the GPU (for an automatic histogram range): the smallest and largest
// finite sample (times lr when byLr; only positive ones when logScale), over lanes that did not diverge.
// f32 bits are mapped to u32 keys that sort as the floats do (flip all bits of negatives, the sign bit of
// positives), so atomicMin / atomicMax on the keys give the float minimum and maximum.

struct RangeUniforms {
  lanes: u32,    // lanes in this tile
  slots: u32,    // recorded slots per lane
  row: u32,      // record row of the observable
  logScale: u32, // 1: positive samples only
  byLr: u32,     // 1: multiply samples by the lane's learning rate
}

override WG: u32;
override NREC: u32;
override HYPER_WORDS: u32;
override LR_WORD: u32;

@group(0) @binding(0) var<uniform> u: RangeUniforms;                   // this tile
@group(0) @binding(1) var<storage, read> status: array<u32>;             // 0 or divergence step + 1
@group(0) @binding(2) var<storage, read> record: array<f32>;             // recorded window
@group(0) @binding(3) var<storage, read> optHyper: array<f32>;           // OptHyper words
@group(1) @binding(0) var<storage, read_write> keys: array<atomic<u32>>; // [min key, max key]

fn sort_key(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}

@compute @workgroup_size(WG)
fn minmax(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = gid.x + gid.y * groups.x * WG;
  if (lane >= u.lanes || status[lane] != 0u) {
    return;
  }
  let scale = select(1.0, optHyper[lane * HYPER_WORDS + LR_WORD], u.byLr == 1u);
  var lo = 0xffffffffu;
  var hi = 0u;
  for (var s = 0u; s < u.slots; s++) {
    let x = record[(s * NREC + u.row) * u.lanes + lane] * scale;
    let ok = (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u && (u.logScale == 0u || x > 0.0);
    if (ok) {
      lo = min(lo, sort_key(x));
      hi = max(hi, sort_key(x));
    }
  }
  if (hi != 0u) {
    atomicMin(&keys[0], lo);
    atomicMax(&keys[1], hi);
  }
}
