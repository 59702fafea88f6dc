// Deep linear network state: DEPTH matrices of WIDTH x WIDTH <= 4 x 4, each stored padded to 4 x 4 (row-major,
// zeros past WIDTH), so every product keeps its padding exactly zero and one loop bound serves every width.
// state layout: state[(slab * PARAMS + 16 l + 4 i + j) * lanes + lane] holds (W_{l+1})_{ij}. The operations
// are common/vecn.wgsl's.

override DEPTH: u32;  // L, 2..4 (src/models/dln/index.ts DLN_MAX_DEPTH)
override WIDTH: u32;  // d, 1..4 (DLN_MAX_WIDTH)
override PARAMS: u32 = 16u * DEPTH;
const VEC_LEN: u32 = 64u;
alias Vec = array<f32, 64>;

// Power-iteration start without a warm start: 1 / (k + 1) on the live entries (row, column < WIDTH), 0 in the
// padding (src/models/dln/reference.ts `start` is the same vector).
fn vstart(v: ptr<function, Vec>) {
  for (var k = 0u; k < VEC_LEN; k++) {
    let live = k < PARAMS && (k % 4u) < WIDTH && ((k / 4u) % 4u) < WIDTH;
    (*v)[k] = select(0.0, 1.0 / f32(k + 1u), live);
  }
}
