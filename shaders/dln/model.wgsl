// Deep linear network / deep matrix factorisation (Ghosh et al., ICLR 2025; docs/equations.md, Models), in the
// workgroup family (common/family_wg.wgsl): one workgroup per lane, products by common/wg_matmul.wgsl.
//   L(W) = 1/2 ||E||_F^2,  E = P_L - M,  P_k = W_k ... W_1 (P_0 = I),  S_k = W_L ... W_k (S_{L+1} = I)
//   G_l = S_{l+1}^T E P_{l-1}^T
//   Hv, forward-over-reverse with tangents dP_k = V_k P_{k-1} + W_k dP_{k-1}, dS_k = dS_{k+1} W_k + S_{k+1} V_k:
//   (Hv)_l = (dS_{l+1}^T E + S_{l+1}^T dP_L) P_{l-1}^T + (S_{l+1}^T E) dP_{l-1}^T
//   output = u_1^T P_L v_1 (the top target mode's value);  balance = ||W_2^T W_2 - W_1 W_1^T||_F (gap D_1).
// Parameters: W_l (l = 1..L) row-major d x d at (l - 1) d^2 of the lane's vectors. The target is the same for
// every lane: data = [M (d x d), u_1 (d), v_1 (d)]. Scratch regions (words, offsets from src/models/dln/index.ts,
// each a run of d x d matrices): SCR_WC and SCR_VC copies of w and v (L each), SCR_P the P_k (index k),
// SCR_S the S_k (index k - 1), SCR_DP, SCR_DS their tangents, SCR_E, SCR_T1, SCR_T2 one each, SCR_R (L) the result,
// SCR_OK one word (the products are those of the w at SCR_WC: formed once for the HVPs of a power iteration).

override DEPTH: u32; // L, 2..8 (src/models/dln/index.ts DLN_MAX_DEPTH)
override WIDTH: u32; // d, 1..64 (DLN_MAX_WIDTH)
override PARAMS: u32 = DEPTH * WIDTH * WIDTH;
override DD: u32 = WIDTH * WIDTH;
override SCR_WC: u32;
override SCR_VC: u32;
override SCR_P: u32;
override SCR_S: u32;
override SCR_DP: u32;
override SCR_DS: u32;
override SCR_E: u32;
override SCR_T1: u32;
override SCR_T2: u32;
override SCR_R: u32;
override SCR_OK: u32; // 1 word: P, S, E at SCR_P.. are those of the w at SCR_WC (common/family_wg.wgsl formed_for)

struct ModelHyper {
  unused: f32, // no per-lane constants: the target lives in `data`
}

// The lane's scratch base, from any of its vector handles (base = (block * lanes + lane) * PARAMS).
fn scr(v: ptr<function, Vec>) -> u32 {
  return (((*v).base / PARAMS) % u.lanes) * SCRATCH;
}

// d x d product of scratch matrices: C (+)= op(A) op(B).
fn dmm(a: u32, ta: bool, b: u32, tb: bool, c: u32, acc: bool) {
  mm(WIDTH, WIDTH, WIDTH, a, ta, b, tb, c, acc);
}

fn copy_in(v: ptr<function, Vec>, at: u32) {
  for (var k = lid; k < PARAMS; k += WG) {
    scratch[at + k] = state[(*v).base + k];
  }
}

fn fill_eye(at: u32, one: f32) {
  for (var k = lid; k < DD; k += WG) {
    scratch[at + k] = select(0.0, one, k % (WIDTH + 1u) == 0u);
  }
}

// P_0 = I, P_k = W_k P_{k-1} (from the copy of w at SCR_WC).
fn prefix(s: u32) {
  fill_eye(s + SCR_P, 1.0);
  for (var k = 1u; k <= DEPTH; k++) {
    dmm(s + SCR_WC + (k - 1u) * DD, false, s + SCR_P + (k - 1u) * DD, false, s + SCR_P + k * DD, false);
  }
}

// S_{L+1} = I, S_k = S_{k+1} W_k (index k - 1).
fn suffix(s: u32) {
  fill_eye(s + SCR_S + DEPTH * DD, 1.0);
  for (var j = 0u; j < DEPTH; j++) {
    let k = DEPTH - j;
    dmm(s + SCR_S + k * DD, false, s + SCR_WC + (k - 1u) * DD, false, s + SCR_S + (k - 1u) * DD, false);
  }
}

// E = P_L - M; returns 1/2 ||E||^2.
fn residual(s: u32) -> f32 {
  storageBarrier();
  var l = 0.0;
  for (var k = lid; k < DD; k += WG) {
    let e = scratch[s + SCR_P + DEPTH * DD + k] - data[k];
    scratch[s + SCR_E + k] = e;
    l += e * e;
  }
  return 0.5 * wg_sum(l);
}

// P, S and E for w unless the last call formed them for the same w.
fn form(w: ptr<function, Vec>, s: u32) {
  if (!formed_for(w, s + SCR_WC, s + SCR_OK)) {
    form_now(w, s);
  }
}

// Forms them for w whatever the cache holds; returns the loss.
fn form_now(w: ptr<function, Vec>, s: u32) -> f32 {
  storageBarrier();
  copy_in(w, s + SCR_WC);
  prefix(s);
  suffix(s);
  let loss = residual(s);
  storageBarrier();
  mark_formed(s + SCR_OK);
  return loss;
}

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  let s = scr(w);
  let loss = form_now(w, s);
  for (var l = 1u; l <= DEPTH; l++) {
    dmm(s + SCR_S + l * DD, true, s + SCR_E, false, s + SCR_T1, false);
    dmm(s + SCR_T1, false, s + SCR_P + (l - 1u) * DD, true, s + SCR_R + (l - 1u) * DD, false);
  }
  storageBarrier();
  for (var k = lid; k < PARAMS; k += WG) {
    state[(*grad).base + k] = scratch[s + SCR_R + k];
  }
  storageBarrier();
  return loss;
}

// out = a (H v + shift v); returns ||out||^2. `carry` is unused (P, S, E are formed once per w: form()).
fn hvp(w: ptr<function, Vec>, h: ModelHyper, v: ptr<function, Vec>, out: ptr<function, Vec>, shift: f32, a: f32, carry: ptr<function, vec4<f32>>) -> f32 {
  let s = scr(w);
  storageBarrier();
  form(w, s);
  copy_in(v, s + SCR_VC);
  fill_eye(s + SCR_DP, 0.0);
  fill_eye(s + SCR_DS + DEPTH * DD, 0.0);
  for (var k = 1u; k <= DEPTH; k++) {
    let dp = s + SCR_DP + k * DD;
    dmm(s + SCR_VC + (k - 1u) * DD, false, s + SCR_P + (k - 1u) * DD, false, dp, false);
    dmm(s + SCR_WC + (k - 1u) * DD, false, dp - DD, false, dp, true);
  }
  for (var j = 0u; j < DEPTH; j++) {
    let k = DEPTH - j;
    let ds = s + SCR_DS + (k - 1u) * DD;
    dmm(ds + DD, false, s + SCR_WC + (k - 1u) * DD, false, ds, false);
    dmm(s + SCR_S + k * DD, false, s + SCR_VC + (k - 1u) * DD, false, ds, true);
  }
  for (var l = 1u; l <= DEPTH; l++) {
    let sl = s + SCR_S + l * DD;
    dmm(s + SCR_DS + l * DD, true, s + SCR_E, false, s + SCR_T1, false);
    dmm(sl, true, s + SCR_DP + DEPTH * DD, false, s + SCR_T1, true);
    dmm(sl, true, s + SCR_E, false, s + SCR_T2, false);
    let r = s + SCR_R + (l - 1u) * DD;
    dmm(s + SCR_T1, false, s + SCR_P + (l - 1u) * DD, true, r, false);
    dmm(s + SCR_T2, false, s + SCR_DP + (l - 1u) * DD, true, r, true);
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

fn observe(w: ptr<function, Vec>, h: ModelHyper) -> vec2<f32> {
  let s = scr(w);
  storageBarrier();
  form(w, s);
  dmm(s + SCR_WC + DD, true, s + SCR_WC + DD, false, s + SCR_T1, false);
  dmm(s + SCR_WC, false, s + SCR_WC, true, s + SCR_T2, false);
  storageBarrier();
  var top = 0.0;
  var gap = 0.0;
  for (var k = lid; k < DD; k += WG) {
    top += data[DD + k / WIDTH] * scratch[s + SCR_P + DEPTH * DD + k] * data[DD + WIDTH + k % WIDTH];
    let d = scratch[s + SCR_T1 + k] - scratch[s + SCR_T2 + k];
    gap += d * d;
  }
  let t = wg_sum(top);
  return vec2<f32>(t, sqrt(wg_sum(gap)));
}
