// Deep linear network state: DEPTH matrices of WIDTH x WIDTH <= 4 x 4, each stored padded to 4 x 4 (row-major,
// zeros past WIDTH), so every product keeps its padding exactly zero and one loop bound serves every width.
// state layout: state[(slab * PARAMS + 16 l + 4 i + j) * lanes + lane] holds (W_{l+1})_{ij}.

override DEPTH: u32;  // L, 2..4 (src/models/dln/index.ts DLN_MAX_DEPTH)
override WIDTH: u32;  // d, 1..4 (DLN_MAX_WIDTH)
override PARAMS: u32 = 16u * DEPTH;

alias Vec = array<f32, 64>;

fn vload(slab: u32, lane: u32, v: ptr<function, Vec>) {
  for (var k = 0u; k < 64u; k++) {
    (*v)[k] = 0.0;
    if (k < PARAMS) {
      (*v)[k] = state[(slab * PARAMS + k) * u.lanes + lane];
    }
  }
}

fn vstore(slab: u32, lane: u32, v: ptr<function, Vec>) {
  for (var k = 0u; k < PARAMS; k++) {
    state[(slab * PARAMS + k) * u.lanes + lane] = (*v)[k];
  }
}

fn vdot(a: ptr<function, Vec>, b: ptr<function, Vec>) -> f32 {
  var s = 0.0;
  for (var k = 0u; k < PARAMS; k++) {
    s += (*a)[k] * (*b)[k];
  }
  return s;
}

// y <- y + a x
fn vaxpy(a: f32, x: ptr<function, Vec>, y: ptr<function, Vec>) {
  for (var k = 0u; k < PARAMS; k++) {
    (*y)[k] += a * (*x)[k];
  }
}

fn vscale(a: f32, x: ptr<function, Vec>) {
  for (var k = 0u; k < PARAMS; k++) {
    (*x)[k] *= a;
  }
}

// dst <- a src
fn vscale_into(a: f32, src: ptr<function, Vec>, dst: ptr<function, Vec>) {
  for (var k = 0u; k < PARAMS; k++) {
    (*dst)[k] = a * (*src)[k];
  }
}

// Power-iteration start without a warm start: 1 / (k + 1) on the live entries (row, column < WIDTH), 0 in the
// padding (src/models/dln/reference.ts `start` is the same vector).
fn vstart(v: ptr<function, Vec>) {
  for (var k = 0u; k < 64u; k++) {
    let live = k < PARAMS && (k % 4u) < WIDTH && ((k / 4u) % 4u) < WIDTH;
    (*v)[k] = select(0.0, 1.0 / f32(k + 1u), live);
  }
}
