// One byte a lane: the colour index of the figure's colouring (src/views/palette.ts colorIndexRGB turns indices
// into colours), four lanes to a word, lane order:
//   class     the class code (CLASS_* of src/engine/layout.ts)
//   period    round(254 (p - lo) / (hi - lo)) over the periods present, 255 for none
//   escape    the same over the diverged lanes' escape steps, 255 for never
//   kappa     the same over the finite values, 255 for the rest
//   measure   round(127 (1 + s)), s = sign (0.25 + 0.75 r), r the value's rank fraction among its sign
//             (rank_histogram.wgsl), 255 for non-finite values
// colors[w] holds lanes 4w..4w+3 in its bytes, lowest first, so the bytes read back are the indices in lane order.

struct ColorUniforms {
  lanes: u32, // lanes of the run
  lo: f32,    // the value range (escape, kappa)
  hi: f32,
  negLo: f32, // log2 |v| ranges per sign (measure)
  negHi: f32,
  posLo: f32,
  posHi: f32,
}

override WG: u32;
override COLOR_BY: u32; // 0 class, 1 period, 2 escape, 3 measure, 4 kappa
override RANK_BINS: u32;

const NO_VALUE: u32 = 254u; // a lane the colouring leaves out (grey)
const PENDING: u32 = 255u;  // a lane not computed yet (transparent)

@group(0) @binding(0) var<uniform> u: ColorUniforms;          // ranges from the reductions
@group(0) @binding(1) var<storage, read> codes: array<u32>;    // run-wide class words
@group(0) @binding(2) var<storage, read> values: array<f32>;   // run-wide values of the colouring
@group(0) @binding(3) var<storage, read> ranks: array<f32>;    // rank fraction per (sign, bin): 2 x RANK_BINS
@group(1) @binding(0) var<storage, read_write> colors: array<u32>; // four indices per word

fn finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

fn scaled(v: f32) -> u32 {
  let t = clamp((v - u.lo) / max(u.hi - u.lo, 1e-30), 0.0, 1.0);
  return u32(round(253.0 * t));
}

fn index_of(lane: u32) -> u32 {
  if (codes[lane] == 0u) {
    return PENDING;
  }
  let code = codes[lane] - 1u;
  if (COLOR_BY == 0u) {
    return code & 0xffu;
  }
  let v = values[lane];
  if (!finite(v) || (COLOR_BY == 2u && v < 0.0) || (COLOR_BY == 1u && v <= 0.0)) {
    return NO_VALUE;
  }
  if (COLOR_BY == 3u) {
    if (v == 0.0) {
      return 127u; // the middle of the diverging map (127 / 126.5 - 1 ~ 0)
    }
    let neg = v < 0.0;
    let lo = select(u.posLo, u.negLo, neg);
    let hi = select(u.posHi, u.negHi, neg);
    let t = (log2(abs(v)) - lo) / max(hi - lo, 1e-30);
    let bin = min(RANK_BINS - 1u, u32(max(0.0, t) * f32(RANK_BINS)));
    let r = ranks[select(RANK_BINS, 0u, neg) + bin];
    let s = select(1.0, -1.0, neg) * (0.25 + 0.75 * r);
    return u32(round(126.5 * (1.0 + s)));
  }
  return scaled(v);
}

@compute @workgroup_size(WG)
fn colorize(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let w = gid.x + gid.y * groups.x * WG;
  let first = 4u * w;
  if (first >= u.lanes) {
    return;
  }
  var word = 0u;
  for (var k = 0u; k < 4u; k++) {
    if (first + k < u.lanes) {
      word = word | (index_of(first + k) << (8u * k));
    }
  }
  colors[w] = word;
}
