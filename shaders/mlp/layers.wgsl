// MLP passes over one lane's scratch (workgroup family; products by common/wg_matmul.wgsl). Layers l = 1..L:
//   Z_l = c_l W_l A_{l-1},  A_l = phi(Z_l) (l < L),  F = Z_L,  A_0 = X (n_0 x N: a column per example)
//   back:     d_L = dloss/dF,  b_{l-1} = c_l W_l^T d_l,  d_{l-1} = phi'(Z_{l-1}) . b_{l-1},  G_l = c_l d_l A_{l-1}^T
//   tangent (direction V): dZ_l = c_l (V_l A_{l-1} + W_l dA_{l-1}),  dA_l = phi'(Z_l) . dZ_l
//   R-op:     dd_L = H_loss dF,  dd_{l-1} = phi''(Z_{l-1}) . dZ_{l-1} . b_{l-1} + phi'(Z_{l-1}) . c_l (V_l^T d_l + W_l^T dd_l)
//             (H v)_l = c_l (dd_l A_{l-1}^T + d_l dA_{l-1}^T)
// c_l = the lane's `scale[l - 1]` (parameterisation x per-layer learning rate, src/models/mlp/index.ts).
// Scratch (offsets from src/models/mlp/index.ts; a slot = ROWS x N words, ROWS the widest layer):
//   SCR_WC, SCR_VC, SCR_R: w, v, result (PARAMS each);  slots SCR_A (A_l at l), SCR_Z (Z_l at l - 1),
//   SCR_DA (dA_l at l), SCR_DZ (dZ_l at l - 1), SCR_D (d_l at l - 1), SCR_B (b_l at l - 1), SCR_DD (2, alternating),
//   SCR_T (1), SCR_P (P_l at l - 1, l < L), SCR_OK (3 words: formed, its loss, X in A_0).
// data = [X (n_0 x N), Y (n_L x N)].

override DEPTH: u32;    // L, 2..8 (MLP_MAX_DEPTH)
override WIDTH: u32;    // hidden width, 1..64
override D_IN: u32;     // n_0 = inputs + 1 (the constant bias input)
override D_OUT: u32;    // n_L = outputs
override EXAMPLES: u32; // N
override CE: bool;      // cross-entropy on softmax(F), else 1/2 mean squared error
override PARAMS: u32;
override SLOT: u32;
override SCR_WC: u32;
override SCR_VC: u32;
override SCR_R: u32;
override SCR_A: u32;
override SCR_Z: u32;
override SCR_DA: u32;
override SCR_DZ: u32;
override SCR_D: u32;
override SCR_B: u32;
override SCR_DD: u32;
override SCR_T: u32;
override SCR_P: u32;  // P_l = phi'(Z_l) at l - 1, l < L
override SCR_OK: u32; // the products at SCR_A.. are those of the w at SCR_WC (model.wgsl form()); +2: X copied

fn fan(l: u32) -> u32 {
  return select(select(WIDTH, D_OUT, l == DEPTH), D_IN, l == 0u);
}

// Offset of W_l (n_l x n_{l-1}, row-major) in a parameter vector.
fn wat(l: u32) -> u32 {
  return select(WIDTH * D_IN + (l - 2u) * WIDTH * WIDTH, 0u, l <= 1u);
}

fn slot(s: u32, region: u32, i: u32) -> u32 {
  return s + region + i * SLOT;
}

// Z_l, A_l, P_l = phi'(Z_l) for every layer from the copy of w at SCR_WC (c_l applied as Z_l is stored).
// A_0 = X is copied once per tile: SCR_OK + 2 is 1 once it is there (the tile starts from a cleared scratch).
fn forward(s: u32, h: ModelHyper) {
  if (wg_sum(select(0.0, scratch[s + SCR_OK + 2u], leads())) != 1.0) {
    for (var k = lid; k < D_IN * EXAMPLES; k += WG) {
      scratch[slot(s, SCR_A, 0u) + k] = data[k];
    }
    if (leads()) {
      scratch[s + SCR_OK + 2u] = 1.0;
    }
  }
  for (var l = 1u; l <= DEPTH; l++) {
    let z = slot(s, SCR_Z, l - 1u);
    let c = h.scale[l - 1u];
    mm_fused(fan(l), EXAMPLES, fan(l - 1u), s + SCR_WC + wat(l), false, slot(s, SCR_A, l - 1u), false, z, false, c, MM_NONE, MM_NONE);
    if (l < DEPTH) {
      storageBarrier();
      for (var k = lid; k < fan(l) * EXAMPLES; k += WG) {
        let p = act(scratch[z + k]);
        scratch[slot(s, SCR_A, l) + k] = p.x;
        scratch[slot(s, SCR_P, l - 1u) + k] = p.y;
      }
    }
  }
}

// Softmax probability of output o for example j (F = Z_L).
fn prob(f: u32, o: u32, j: u32) -> f32 {
  var m = scratch[f + j];
  for (var q = 1u; q < D_OUT; q++) {
    m = max(m, scratch[f + q * EXAMPLES + j]);
  }
  var z = 0.0;
  for (var q = 0u; q < D_OUT; q++) {
    z += exp(scratch[f + q * EXAMPLES + j] - m);
  }
  return exp(scratch[f + o * EXAMPLES + j] - m) / z;
}

// out = H_loss df per entry (out may be df's own slot), and returns sum df . H_loss df (the Gauss-Newton form).
fn loss_hess(s: u32, df: u32, out: u32) -> f32 {
  storageBarrier();
  let f = slot(s, SCR_Z, DEPTH - 1u);
  var q = 0.0;
  for (var j = lid; j < EXAMPLES; j += WG) {
    var pdf = 0.0;
    if (CE) {
      for (var o = 0u; o < D_OUT; o++) {
        pdf += prob(f, o, j) * scratch[df + o * EXAMPLES + j];
      }
    }
    for (var o = 0u; o < D_OUT; o++) {
      let k = o * EXAMPLES + j;
      let x = scratch[df + k];
      let hx = select(x, prob(f, o, j) * (x - pdf), CE) / f32(EXAMPLES);
      q += x * hx;
      scratch[out + k] = hx;
    }
  }
  return wg_sum(q);
}

// d_L = dloss/dF; returns the loss (1/2 mean ||F - Y||^2, or mean cross-entropy).
fn out_delta(s: u32) -> f32 {
  storageBarrier();
  let f = slot(s, SCR_Z, DEPTH - 1u);
  let d = slot(s, SCR_D, DEPTH - 1u);
  let y = D_IN * EXAMPLES;
  var loss = 0.0;
  for (var j = lid; j < EXAMPLES; j += WG) {
    for (var o = 0u; o < D_OUT; o++) {
      let k = o * EXAMPLES + j;
      var r = scratch[f + k] - data[y + k];
      if (CE) {
        let p = prob(f, o, j);
        loss -= data[y + k] * log(p);
        r = p - data[y + k];
      } else {
        loss += 0.5 * r * r;
      }
      scratch[d + k] = r / f32(EXAMPLES);
    }
  }
  return wg_sum(loss) / f32(EXAMPLES);
}

// d_l and b_l for l < L from d_L: b_{l-1} = c_l W_l^T d_l, then d_{l-1} = P_{l-1} . b_{l-1}, both as stored.
fn backward(s: u32, h: ModelHyper) {
  for (var l = DEPTH; l > 1u; l--) {
    let b = slot(s, SCR_B, l - 2u);
    let c = h.scale[l - 1u];
    mm_fused(fan(l - 1u), EXAMPLES, fan(l), s + SCR_WC + wat(l), true, slot(s, SCR_D, l - 1u), false, b, false, c, slot(s, SCR_P, l - 2u), slot(s, SCR_D, l - 2u));
  }
}

// dZ_l, dA_l along the copy of v at SCR_VC: c_l applied to the sum of the two products, then dA_l = P_l . dZ_l.
fn tangent(s: u32, h: ModelHyper) {
  for (var l = 1u; l <= DEPTH; l++) {
    let dz = slot(s, SCR_DZ, l - 1u);
    let c = h.scale[l - 1u];
    let pm = select(MM_NONE, slot(s, SCR_P, l - 1u), l < DEPTH); // no dA_L: F's tangent is dZ_L
    let da = select(MM_NONE, slot(s, SCR_DA, l), l < DEPTH);
    if (l == 1u) {
      mm_fused(fan(l), EXAMPLES, fan(l - 1u), s + SCR_VC + wat(l), false, slot(s, SCR_A, 0u), false, dz, false, c, pm, da);
    } else {
      mm(fan(l), EXAMPLES, fan(l - 1u), s + SCR_VC + wat(l), false, slot(s, SCR_A, l - 1u), false, dz, false);
      mm_fused(fan(l), EXAMPLES, fan(l - 1u), s + SCR_WC + wat(l), false, slot(s, SCR_DA, l - 1u), false, dz, true, c, pm, da);
    }
  }
}
