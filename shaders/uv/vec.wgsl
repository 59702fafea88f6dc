// UV model state: Vec keeps u and v as vec4 blocks in private memory (WIDTH <= 4 MAX_BLOCKS = 128, the
// spec validator's bound UV_MAX_WIDTH in src/models/uv/index.ts), and the Vec
// operations the common kernel files call. The last block is zero-padded and stays exactly zero under every
// update, since each component's update is proportional to zero entries.
// state layout: state[(slab * 2 WIDTH + k) * lanes + lane], k < WIDTH for u_k, k = WIDTH + i for v_i.

override WIDTH: u32 = 16u;         // n
override STANDARD: bool = false;   // standard parameterisation (no 1/sqrt(n) in f)
override PARAMS: u32 = 2u * WIDTH;
override BLOCKS: u32 = (WIDTH + 3u) / 4u;
const MAX_BLOCKS: u32 = 32u; // = UV_MAX_WIDTH / 4: six Vecs of 2 x 32 vec4 = 6 KiB of the 8 KiB WGSL allows

struct Vec {
  u: array<vec4<f32>, MAX_BLOCKS>,
  v: array<vec4<f32>, MAX_BLOCKS>,
}

fn load4(base: u32, i: u32, lane: u32) -> vec4<f32> {
  var r = vec4<f32>(0.0);
  for (var c = 0u; c < 4u; c++) {
    if (i + c < WIDTH) {
      r[c] = state[(base + i + c) * u.lanes + lane];
    }
  }
  return r;
}

fn store4(base: u32, i: u32, lane: u32, x: vec4<f32>) {
  for (var c = 0u; c < 4u; c++) {
    if (i + c < WIDTH) {
      state[(base + i + c) * u.lanes + lane] = x[c];
    }
  }
}

fn vload(slab: u32, lane: u32, x: ptr<function, Vec>) {
  for (var q = 0u; q < BLOCKS; q++) {
    (*x).u[q] = load4(slab * PARAMS, 4u * q, lane);
    (*x).v[q] = load4(slab * PARAMS + WIDTH, 4u * q, lane);
  }
}

fn vstore(slab: u32, lane: u32, x: ptr<function, Vec>) {
  for (var q = 0u; q < BLOCKS; q++) {
    store4(slab * PARAMS, 4u * q, lane, (*x).u[q]);
    store4(slab * PARAMS + WIDTH, 4u * q, lane, (*x).v[q]);
  }
}

fn vdot(a: ptr<function, Vec>, b: ptr<function, Vec>) -> f32 {
  var s = 0.0;
  for (var q = 0u; q < BLOCKS; q++) {
    s += dot((*a).u[q], (*b).u[q]) + dot((*a).v[q], (*b).v[q]);
  }
  return s;
}

// y <- y + a x
fn vaxpy(a: f32, x: ptr<function, Vec>, y: ptr<function, Vec>) {
  for (var q = 0u; q < BLOCKS; q++) {
    (*y).u[q] += a * (*x).u[q];
    (*y).v[q] += a * (*x).v[q];
  }
}

fn vscale(a: f32, x: ptr<function, Vec>) {
  for (var q = 0u; q < BLOCKS; q++) {
    (*x).u[q] *= a;
    (*x).v[q] *= a;
  }
}

// dst <- a src (live blocks only: never a whole-array copy)
fn vscale_into(a: f32, src: ptr<function, Vec>, dst: ptr<function, Vec>) {
  for (var q = 0u; q < BLOCKS; q++) {
    (*dst).u[q] = a * (*src).u[q];
    (*dst).v[q] = a * (*src).v[q];
  }
}

// Power-iteration start without a warm start: distinct positive entries on u and v, zero padding.
fn vstart(x: ptr<function, Vec>) {
  for (var q = 0u; q < BLOCKS; q++) {
    let i = vec4<f32>(f32(4u * q), f32(4u * q + 1u), f32(4u * q + 2u), f32(4u * q + 3u));
    let live = vec4<f32>(i < vec4<f32>(f32(WIDTH)));
    (*x).u[q] = live * inverseSqrt(i + 1.0);
    (*x).v[q] = live * inverseSqrt(i + 2.0);
  }
}
