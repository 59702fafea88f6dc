// Vector operations for models whose parameters live in one array Vec = array<f32, VEC_LEN>, of which the first
// PARAMS entries are used and the rest stay exactly 0 (the file that includes this one declares VEC_LEN, the Vec
// alias, PARAMS and vstart: common/vec8.wgsl, dln/vec.wgsl).
// state layout: state[(slab * PARAMS + k) * lanes + lane].

fn vload(slab: u32, lane: u32, v: ptr<function, Vec>) {
  for (var k = 0u; k < VEC_LEN; k++) {
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
