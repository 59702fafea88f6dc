// Deep linear network state in the lane family: DEPTH matrices of WIDTH x WIDTH <= 4 x 4, row-major one after the
// other (the workgroup family's layout), in a Vec of 64 entries whose tail past PARAMS stays 0.
// state layout: state[(slab * PARAMS + l d^2 + i d + j) * lanes + lane] holds (W_{l+1})_{ij}. The operations
// are common/vecn.wgsl's.

override DEPTH: u32;  // L, 2..4 (src/models/dln/index.ts DLN_MAX_DEPTH)
override WIDTH: u32;  // d, 1..4 (DLN_MAX_WIDTH)
override PARAMS: u32 = DEPTH * WIDTH * WIDTH;
const VEC_LEN: u32 = 64u;
alias Vec = array<f32, 64>;

// Power-iteration start without a warm start: 1 / (k + 1) for k < PARAMS (as common/family_wg.wgsl's; the
// reference's `start` in src/models/dln/reference.ts is the same vector).
fn vstart(v: ptr<function, Vec>) {
  for (var k = 0u; k < VEC_LEN; k++) {
    (*v)[k] = select(0.0, 1.0 / f32(k + 1u), k < PARAMS);
  }
}
