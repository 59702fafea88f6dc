// UV's gradient, plain step and updates in double-single arithmetic (precision "double"; common/df64.wgsl,
// common/family_double.wgsl): the math of uv/step.wgsl on the hi words *w and the low words wLo,
//   c = x / sqrt(n) (NTK: two Newton steps from f32's inverseSqrt, the residual 1 - n r^2 in df64) or x
//   s = sum_i u_i v_i (df_mul, df_add),  D = c s - y,  dc = D c
//   gd:        u <- u - (lr dc) v,  v <- v - (lr dc) u      (the old u, v on the right)
//   momentum:  grad_u = dc v,  grad_v = dc u (hi words in grad, low words in gLo), then vmomentum
// Components k < WIDTH are u_k, k = WIDTH + i are v_i (the state layout of uv/vec.wgsl); padding stays zero.
// The loss returned is D's hi word squared / 2: recorded and classified in f32, never fed back.

// Component k of a Vec as hi + lo, its hi word in x and its low word in lo.
fn uv_get(x: ptr<function, Vec>, lo: ptr<private, Vec>, k: u32) -> vec2<f32> {
  if (k < WIDTH) {
    return vec2<f32>((*x).u[k / 4u][k % 4u], (*lo).u[k / 4u][k % 4u]);
  }
  let j = k - WIDTH;
  return vec2<f32>((*x).v[j / 4u][j % 4u], (*lo).v[j / 4u][j % 4u]);
}

fn uv_set(x: ptr<function, Vec>, lo: ptr<private, Vec>, k: u32, a: vec2<f32>) {
  if (k < WIDTH) {
    (*x).u[k / 4u][k % 4u] = a.x;
    (*lo).u[k / 4u][k % 4u] = a.y;
    return;
  }
  let j = k - WIDTH;
  (*x).v[j / 4u][j % 4u] = a.x;
  (*lo).v[j / 4u][j % 4u] = a.y;
}

fn coupling_df(h: ModelHyper) -> vec2<f32> {
  if (STANDARD) {
    return df(h.x);
  }
  let n = f32(WIDTH);
  var r = df(inverseSqrt(n));
  for (var i = 0u; i < 2u; i++) {
    // r <- r + r (1 - n r^2) / 2
    let e = df_sub(df(1.0), df_mul_f(df_mul(r, r), n));
    r = df_add(r, df_mul(r, df_mul_f(e, 0.5)));
  }
  return df_mul_f(r, h.x);
}

// (D, dc) = (c u.v - y, D c) in df64.
fn residual_df(w: ptr<function, Vec>, h: ModelHyper) -> array<vec2<f32>, 2> {
  let c = coupling_df(h);
  var s = df(0.0);
  for (var i = 0u; i < WIDTH; i++) {
    s = df_add(s, df_mul(uv_get(w, &wLo, i), uv_get(w, &wLo, WIDTH + i)));
  }
  let d = df_add_f(df_mul(c, s), -h.y);
  return array<vec2<f32>, 2>(d, df_mul(d, c));
}

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  let r = residual_df(w, h);
  for (var i = 0u; i < WIDTH; i++) {
    let ui = uv_get(w, &wLo, i);
    let vi = uv_get(w, &wLo, WIDTH + i);
    uv_set(grad, &gLo, i, df_mul(r[1], vi));
    uv_set(grad, &gLo, WIDTH + i, df_mul(r[1], ui));
  }
  return 0.5 * r[0].x * r[0].x;
}

fn prime(w: ptr<function, Vec>, h: ModelHyper, carry: ptr<function, vec4<f32>>) {}

// gd (the one plain optimiser double runs): s(L, ||g||) = lr, its low word lrLo.
fn descend(w: ptr<function, Vec>, h: ModelHyper, oh: OptHyper, carry: ptr<function, vec4<f32>>) -> f32 {
  let r = residual_df(w, h);
  let k = df_mul(vec2<f32>(oh.lr, lrLo), r[1]);
  for (var i = 0u; i < WIDTH; i++) {
    let ui = uv_get(w, &wLo, i);
    let vi = uv_get(w, &wLo, WIDTH + i);
    uv_set(w, &wLo, i, df_sub(ui, df_mul(k, vi)));
    uv_set(w, &wLo, WIDTH + i, df_sub(vi, df_mul(k, ui)));
  }
  return 0.5 * r[0].x * r[0].x;
}

// w <- w - lr g
fn vdescend(s: f32, g: ptr<function, Vec>, w: ptr<function, Vec>) {
  let lr = vec2<f32>(s, lrLo);
  for (var k = 0u; k < PARAMS; k++) {
    uv_set(w, &wLo, k, df_sub(uv_get(w, &wLo, k), df_mul(lr, uv_get(g, &gLo, k))));
  }
}

// m <- beta m + lr g,  w <- w - m
fn vmomentum(beta: f32, s: f32, g: ptr<function, Vec>, m: ptr<function, Vec>, w: ptr<function, Vec>) {
  let lr = vec2<f32>(s, lrLo);
  for (var k = 0u; k < PARAMS; k++) {
    let v = df_add(df_mul_f(uv_get(m, &mLo, k), beta), df_mul(lr, uv_get(g, &gLo, k)));
    uv_set(m, &mLo, k, v);
    uv_set(w, &wLo, k, df_sub(uv_get(w, &wLo, k), v));
  }
}
