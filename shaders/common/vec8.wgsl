// Vector operations for models with at most 8 parameters held as Vec = array<f32, 8>; PARAMS (an override
// set from the spec) of them are used and the rest stay exactly 0 (models never write them).
// state layout: state[(slab * PARAMS + k) * lanes + lane].

alias Vec = array<f32, 8>;
override PARAMS: u32 = 8u;

fn vload(slab: u32, lane: u32, v: ptr<function, Vec>) {
  for (var k = 0u; k < 8u; k++) {
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

// Power-iteration start when there is no warm start: distinct components, so no symmetric eigenvector of
// a model with permutation symmetry (the balanced chain) is missed by exact orthogonality.
fn vstart(v: ptr<function, Vec>) {
  for (var k = 0u; k < 8u; k++) {
    (*v)[k] = select(0.0, 1.0 / f32(k + 1u), k < PARAMS);
  }
}
