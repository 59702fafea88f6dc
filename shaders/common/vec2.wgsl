// Vector operations for models with two parameters held as Vec = vec2(x, y) (registers, no arrays).
// state layout: state[(slab * 2 + k) * lanes + lane], k = 0 for x, 1 for y.

alias Vec = vec2<f32>;
const PARAMS: u32 = 2u;

fn vload(slab: u32, lane: u32, v: ptr<function, Vec>) {
  let base = slab * 2u * u.lanes + lane;
  *v = vec2<f32>(state[base], state[base + u.lanes]);
}

fn vstore(slab: u32, lane: u32, v: ptr<function, Vec>) {
  let base = slab * 2u * u.lanes + lane;
  state[base] = (*v).x;
  state[base + u.lanes] = (*v).y;
}

fn vdot(a: ptr<function, Vec>, b: ptr<function, Vec>) -> f32 {
  return dot(*a, *b);
}

// y <- y + a x
fn vaxpy(a: f32, x: ptr<function, Vec>, y: ptr<function, Vec>) {
  *y = *y + a * *x;
}

fn vscale(a: f32, x: ptr<function, Vec>) {
  *x = a * *x;
}

// dst <- a src
fn vscale_into(a: f32, src: ptr<function, Vec>, dst: ptr<function, Vec>) {
  *dst = a * *src;
}

// Power-iteration start when there is no warm start: deliberately not symmetric in x and y.
fn vstart(v: ptr<function, Vec>) {
  *v = vec2<f32>(1.0, 0.618034);
}
