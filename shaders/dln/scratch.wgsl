// The deep linear network's per-lane workspace (workgroup family; the math is in dln/model.wgsl, the region
// sizes in src/models/dln/index.ts, which passes their offsets as the SCR_* overrides).
// Parameters: W_l (l = 1..L) row-major d x d at (l - 1) d^2 of the lane's vectors. The target is the same for
// every lane: data = [M (d x d), u_1 (d), v_1 (d)]. Scratch regions (words, offsets from src/models/dln/index.ts,
// each a run of d x d matrices): SCR_WC and SCR_VC copies of w and v (L each), SCR_P the P_k and SCR_DP their
// tangents (index k; index 0 is never written: P_0 = I and dP_0 = 0 enter no product), SCR_E, SCR_T1, SCR_T2
// one each, SCR_U the U_l and SCR_DU their tangents (l < L, index l - 1; U_L = E and dU_L = dP_L are read in
// place), SCR_R (L) the result, SCR_OK two words (P, E, U are those of the w at SCR_WC, and its loss: formed
// once for an observation, the gradient after it and the HVPs of a power iteration).

override SCR_WC: u32;
override SCR_VC: u32;
override SCR_P: u32;
override SCR_DP: u32;
override SCR_E: u32;
override SCR_T1: u32;
override SCR_T2: u32;
override SCR_U: u32;
override SCR_DU: u32;
override SCR_R: u32;
override SCR_OK: u32; // 2 words: P, E, U are those of the w at SCR_WC; its loss (common/family_wg.wgsl formed_for)

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

// dst <- src, one d x d matrix (a product with I). Begins with storageBarrier() as mm() does.
fn copy_mat(src: u32, dst: u32) {
  storageBarrier();
  for (var k = lid; k < DD; k += WG) {
    scratch[dst + k] = scratch[src + k];
  }
}

// Offsets of the lane's matrices: W_k, V_k, P_k, dP_k (k = 1..L), U_l, dU_l (l = 1..L).
fn w_at(s: u32, k: u32) -> u32 {
  return s + SCR_WC + (k - 1u) * DD;
}
fn v_at(s: u32, k: u32) -> u32 {
  return s + SCR_VC + (k - 1u) * DD;
}
fn p_at(s: u32, k: u32) -> u32 {
  return s + SCR_P + k * DD;
}
fn dp_at(s: u32, k: u32) -> u32 {
  return s + SCR_DP + k * DD;
}
fn u_at(s: u32, l: u32) -> u32 {
  return select(s + SCR_U + (l - 1u) * DD, s + SCR_E, l == DEPTH);
}
fn du_at(s: u32, l: u32) -> u32 {
  return select(s + SCR_DU + (l - 1u) * DD, dp_at(s, DEPTH), l == DEPTH);
}
