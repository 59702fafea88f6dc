// Deep linear network / deep matrix factorisation (Ghosh et al., ICLR 2025; docs/equations.md, Models), in the
// workgroup family (common/family_wg.wgsl): one workgroup per lane, products by common/wg_matmul.wgsl.
//   L(W) = 1/2 ||E||_F^2,  E = P_L - M,  P_k = W_k ... W_1 (P_0 = I)
//   G_l = U_l P_{l-1}^T,  U_L = E,  U_l = W_{l+1}^T U_{l+1}  (U_l = S_{l+1}^T E with S_k = W_L ... W_k)
//   Hv, forward-over-reverse with tangents dP_1 = V_1, dP_k = V_k P_{k-1} + W_k dP_{k-1} and
//   dU_L = dP_L, dU_l = V_{l+1}^T U_{l+1} + W_{l+1}^T dU_{l+1}:
//   (Hv)_l = dU_l P_{l-1}^T + U_l dP_{l-1}^T   ((Hv)_1 = dU_1: dP_0 = 0)
//   output = u_1^T P_L v_1 (the top target mode's value);  balance = ||W_2^T W_2 - W_1 W_1^T||_F (gap D_1).
// P, E and U depend on w alone and are formed once per w. Products with P_0 = I or dP_0 = 0 are not formed
// (P_1 = W_1, G_1 = U_1 are copies): a GD step takes 3L - 3 d x d products, an HVP 6L - 6 (docs/equations.md).
// Parameters: W_l (l = 1..L) row-major d x d at (l - 1) d^2 of the lane's vectors; the scratch regions and
// their accessors are in dln/scratch.wgsl.

override DEPTH: u32; // L, 2..8 (src/models/dln/index.ts DLN_MAX_DEPTH)
override WIDTH: u32; // d, 1..64 (DLN_MAX_WIDTH)
override PARAMS: u32 = DEPTH * WIDTH * WIDTH;
override DD: u32 = WIDTH * WIDTH;

struct ModelHyper {
  unused: f32, // no per-lane constants: the target lives in `data`
}

// E = P_L - M; returns 1/2 ||E||^2.
fn residual(s: u32) -> f32 {
  storageBarrier();
  var l = 0.0;
  for (var k = lid; k < DD; k += WG) {
    let e = scratch[p_at(s, DEPTH) + k] - data[k];
    scratch[s + SCR_E + k] = e;
    l += e * e;
  }
  return 0.5 * wg_sum(l);
}

// P, E and U for w unless the last call formed them for the same w.
fn form(w: ptr<function, Vec>, s: u32) {
  if (!formed_for(w, s + SCR_WC, s + SCR_OK)) {
    form_now(w, s);
  }
}

// Forms them for w whatever the cache holds; mark_formed keeps the loss beside the validity word.
fn form_now(w: ptr<function, Vec>, s: u32) {
  storageBarrier();
  copy_in(w, s + SCR_WC);
  copy_mat(w_at(s, 1u), p_at(s, 1u));
  for (var k = 2u; k <= DEPTH; k++) {
    dmm(w_at(s, k), false, p_at(s, k - 1u), false, p_at(s, k), false);
  }
  let loss = residual(s);
  for (var l = DEPTH - 1u; l >= 1u; l--) {
    dmm(w_at(s, l + 1u), true, u_at(s, l + 1u), false, u_at(s, l), false);
  }
  storageBarrier();
  mark_formed(s + SCR_OK, loss);
}

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  let s = scr(w);
  storageBarrier();
  form(w, s);
  storageBarrier();
  let loss = formed_loss(s + SCR_OK);
  copy_mat(u_at(s, 1u), s + SCR_R);
  for (var l = 2u; l <= DEPTH; l++) {
    dmm(u_at(s, l), false, p_at(s, l - 1u), true, s + SCR_R + (l - 1u) * DD, false);
  }
  storageBarrier();
  for (var k = lid; k < PARAMS; k += WG) {
    state[(*grad).base + k] = scratch[s + SCR_R + k];
  }
  storageBarrier();
  return loss;
}

// out = a (H v + shift v); returns ||out||^2. `carry` is unused (P, E, U are formed once per w: form()).
fn hvp(w: ptr<function, Vec>, h: ModelHyper, v: ptr<function, Vec>, out: ptr<function, Vec>, shift: f32, a: f32, carry: ptr<function, vec4<f32>>) -> f32 {
  let s = scr(w);
  storageBarrier();
  form(w, s);
  copy_in(v, s + SCR_VC);
  copy_mat(v_at(s, 1u), dp_at(s, 1u));
  for (var k = 2u; k <= DEPTH; k++) {
    dmm(v_at(s, k), false, p_at(s, k - 1u), false, dp_at(s, k), false);
    dmm(w_at(s, k), false, dp_at(s, k - 1u), false, dp_at(s, k), true);
  }
  for (var l = DEPTH - 1u; l >= 1u; l--) {
    dmm(v_at(s, l + 1u), true, u_at(s, l + 1u), false, du_at(s, l), false);
    dmm(w_at(s, l + 1u), true, du_at(s, l + 1u), false, du_at(s, l), true);
  }
  copy_mat(du_at(s, 1u), s + SCR_R);
  for (var l = 2u; l <= DEPTH; l++) {
    let r = s + SCR_R + (l - 1u) * DD;
    dmm(du_at(s, l), false, p_at(s, l - 1u), true, r, false);
    dmm(u_at(s, l), false, dp_at(s, l - 1u), true, r, true);
  }
  storageBarrier();
  var n = 0.0;
  for (var k = lid; k < PARAMS; k += WG) {
    let o = a * (scratch[s + SCR_R + k] + shift * scratch[s + SCR_VC + k]);
    state[(*out).base + k] = o;
    n += o * o;
  }
  return wg_sum(n);
}

// u_1^T P_L v_1, the top target mode's value, to every invocation (P_L formed and behind a barrier).
fn top_mode(s: u32) -> f32 {
  var top = 0.0;
  for (var k = lid; k < DD; k += WG) {
    top += data[DD + k / WIDTH] * scratch[p_at(s, DEPTH) + k] * data[DD + WIDTH + k % WIDTH];
  }
  return wg_sum(top);
}

fn observe(w: ptr<function, Vec>, h: ModelHyper, balance: bool) -> vec2<f32> {
  let s = scr(w);
  storageBarrier();
  form(w, s);
  if (!balance) {
    storageBarrier();
    return vec2<f32>(top_mode(s), 0.0);
  }
  dmm(w_at(s, 2u), true, w_at(s, 2u), false, s + SCR_T1, false);
  dmm(w_at(s, 1u), false, w_at(s, 1u), true, s + SCR_T2, false);
  storageBarrier();
  var gap = 0.0;
  for (var k = lid; k < DD; k += WG) {
    let d = scratch[s + SCR_T1 + k] - scratch[s + SCR_T2 + k];
    gap += d * d;
  }
  let t = top_mode(s);
  return vec2<f32>(t, sqrt(wg_sum(gap)));
}
