// Multilayer perceptron (docs/equations.md, "MLP"), workgroup family: the model contract over the passes of
// mlp/layers.wgsl. Parameters: W_1 .. W_L row-major, W_l n_l x n_{l-1} at wat(l).
//   loss  = 1/2 mean_j ||F_j - Y_j||^2, or mean_j -sum_o Y_oj log softmax(F_j)_o  (CE)
//   grad  = (G_1, ..., G_L);  hvp = a ((H v) + shift v), H v by the R-operator (exact, no finite differences)
//   output  = F_11 (the first output on the first example)
//   balance = e^T G e = dF^T H_loss dF with dF = J e: the Gauss-Newton part of e^T H e, e = the lane's
//             power-iteration vector (unit, the top eigenvector once the sharpness has been evaluated; 0 before),
//             so sharpness - balance is the residual (second-derivative) part of the top eigenvalue.

struct ModelHyper {
  scale: array<f32, 8>, // c_l: the layer's forward multiplier (parameterisation x sqrt(per-layer lr))
}

// The lane's scratch base, from any of its vector handles (base = (block * lanes + lane) * PARAMS).
fn scr(v: ptr<function, Vec>) -> u32 {
  return (((*v).base / PARAMS) % u.lanes) * SCRATCH;
}

fn copy_in(v: ptr<function, Vec>, at: u32) {
  for (var k = lid; k < PARAMS; k += WG) {
    scratch[at + k] = state[(*v).base + k];
  }
}

// G_l (+ the d_l dA_{l-1}^T term when `second`) into SCR_R at wat(l), from the delta slot `d`.
fn layer_grad(s: u32, l: u32, d: u32, second: bool) {
  mm(fan(l), fan(l - 1u), EXAMPLES, d, false, slot(s, SCR_A, l - 1u), true, s + SCR_R + wat(l), false);
  if (second && l > 1u) {
    mm(fan(l), fan(l - 1u), EXAMPLES, slot(s, SCR_D, l - 1u), false, slot(s, SCR_DA, l - 1u), true, s + SCR_R + wat(l), true);
  }
}

// out <- a (c_l R_l + shift v_l) for every layer (v not read when shift = 0); returns ||out||^2.
fn write_out(s: u32, h: ModelHyper, out: ptr<function, Vec>, shift: f32, a: f32) -> f32 {
  storageBarrier();
  var n = 0.0;
  for (var l = 1u; l <= DEPTH; l++) {
    for (var k = wat(l) + lid; k < wat(l) + fan(l) * fan(l - 1u); k += WG) {
      var x = h.scale[l - 1u] * scratch[s + SCR_R + k];
      if (shift != 0.0) {
        x += shift * scratch[s + SCR_VC + k];
      }
      let o = a * x;
      state[(*out).base + k] = o;
      n += o * o;
    }
  }
  let total = wg_sum(n);
  storageBarrier();
  return total;
}

// Z, A, d, b for w unless the last call formed them for the same w (the HVPs of one power iteration, the
// gradient after an observation): SCR_WC holds that w, SCR_OK[0] = 1 once it is complete (0 in a new buffer)
// and SCR_OK[1] its loss.
fn form(w: ptr<function, Vec>, s: u32, h: ModelHyper) {
  if (!formed_for(w, s + SCR_WC, s + SCR_OK)) {
    form_now(w, s, h);
  }
}

// Forms them for w whatever the cache holds; mark_formed keeps the loss beside the validity word.
fn form_now(w: ptr<function, Vec>, s: u32, h: ModelHyper) {
  storageBarrier();
  copy_in(w, s + SCR_WC);
  forward(s, h);
  let loss = out_delta(s);
  backward(s, h);
  storageBarrier();
  mark_formed(s + SCR_OK, loss);
}

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  let s = scr(w);
  storageBarrier();
  form(w, s, h);
  storageBarrier();
  let loss = formed_loss(s + SCR_OK);
  for (var l = 1u; l <= DEPTH; l++) {
    layer_grad(s, l, slot(s, SCR_D, l - 1u), false);
  }
  write_out(s, h, grad, 0.0, 1.0);
  return loss;
}

// out = a (H v + shift v); returns ||out||^2. `carry` is unused (the w-only passes are formed once per w: form()).
fn hvp(w: ptr<function, Vec>, h: ModelHyper, v: ptr<function, Vec>, out: ptr<function, Vec>, shift: f32, a: f32, carry: ptr<function, vec4<f32>>) -> f32 {
  let s = scr(w);
  storageBarrier();
  form(w, s, h);
  copy_in(v, s + SCR_VC);
  tangent(s, h);
  var dd = slot(s, SCR_DD, 0u);
  loss_hess(s, slot(s, SCR_DZ, DEPTH - 1u), dd);
  for (var l = DEPTH; l >= 1u; l--) {
    layer_grad(s, l, dd, true);
    if (l == 1u) {
      break;
    }
    // dd_{l-1} from dd_l: T = V_l^T d_l + W_l^T dd_l, then the activation's two terms.
    let t = slot(s, SCR_T, 0u);
    let next = select(slot(s, SCR_DD, 0u), slot(s, SCR_DD, 1u), dd == slot(s, SCR_DD, 0u));
    mm(fan(l - 1u), EXAMPLES, fan(l), s + SCR_VC + wat(l), true, slot(s, SCR_D, l - 1u), false, t, false);
    mm(fan(l - 1u), EXAMPLES, fan(l), s + SCR_WC + wat(l), true, dd, false, t, true);
    storageBarrier();
    for (var k = lid; k < fan(l - 1u) * EXAMPLES; k += WG) {
      let p = act(scratch[slot(s, SCR_Z, l - 2u) + k]);
      let curv = p.z * scratch[slot(s, SCR_DZ, l - 2u) + k] * scratch[slot(s, SCR_B, l - 2u) + k];
      scratch[next + k] = curv + p.y * h.scale[l - 1u] * scratch[t + k];
    }
    dd = next;
  }
  return write_out(s, h, out, shift, a);
}

fn observe(w: ptr<function, Vec>, h: ModelHyper, balance: bool) -> vec2<f32> {
  let s = scr(w);
  var e = sibling(w, EIG_BLOCK);
  storageBarrier();
  form(w, s, h);
  if (!balance) {
    storageBarrier();
    return vec2<f32>(scratch[slot(s, SCR_Z, DEPTH - 1u)], 0.0);
  }
  copy_in(&e, s + SCR_VC);
  tangent(s, h);
  let gn = loss_hess(s, slot(s, SCR_DZ, DEPTH - 1u), slot(s, SCR_T, 0u));
  storageBarrier();
  return vec2<f32>(scratch[slot(s, SCR_Z, DEPTH - 1u)], gn);
}
