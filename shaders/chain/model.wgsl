// Scalar chain (docs/equations.md, Models): l(w) = 1/2 (w_1 ... w_L - sigma)^2, depth L = PARAMS <= 8.
//   P = prod_k w_k,  r = P - sigma,  o_a = prod_{k != a} w_k   (prefix x suffix products, never P / w_a)
//   grad_a = r o_a
//   Hv, forward-over-reverse: carry dual numbers (p, dp) through the same prefix/suffix products with
//   dw = v, so do_a = sum_{b != a} v_b prod_{k != a, b} w_k and dP = sum_b o_b v_b; then
//   (Hv)_a = dP o_a + r do_a   (hvp returns a (H v + shift v) and its squared norm)
//   output = P;  balance = w_1^2 - w_L^2 = (w_1 - w_L)(w_1 + w_L) (conserved by gradient flow).
// f32 note: r = P - sigma cancels near the minimum; its absolute error is ~L eps |sigma|.
// Uses common/vec8.wgsl: Vec = array<f32, 8>, entries past PARAMS are 0. loss_grad: chain/loss.wgsl (f32, through
// others() above), loss_double.wgsl (double).

struct ModelHyper {
  sigma: f32, // target sigma (spec field model.target)
}

// o[a] = prod_{k != a} w_k and its derivative along v (do[a]); returns (P, dP).
fn others(w: ptr<function, Vec>, v: ptr<function, Vec>, o: ptr<function, Vec>, d: ptr<function, Vec>) -> vec2<f32> {
  var p = 1.0;
  var dp = 0.0;
  for (var k = 0u; k < PARAMS; k++) {
    (*o)[k] = p;
    (*d)[k] = dp;
    dp = dp * (*w)[k] + p * (*v)[k];
    p *= (*w)[k];
  }
  let full = vec2<f32>(p, dp);
  p = 1.0;
  dp = 0.0;
  for (var k = PARAMS; k > 0u; k--) {
    let a = k - 1u;
    (*d)[a] = (*d)[a] * p + (*o)[a] * dp;
    (*o)[a] *= p;
    dp = dp * (*w)[a] + p * (*v)[a];
    p *= (*w)[a];
  }
  return full;
}

fn hvp(w: ptr<function, Vec>, h: ModelHyper, v: ptr<function, Vec>, out: ptr<function, Vec>, shift: f32, a: f32, carry: ptr<function, vec4<f32>>) -> f32 {
  var o: Vec;
  let full = others(w, v, &o, out);
  let r = full.x - h.sigma;
  vscale(r, out);
  vaxpy(full.y, &o, out);
  vaxpy(shift, v, out);
  vscale(a, out);
  return vdot(out, out);
}

fn observe(w: ptr<function, Vec>, h: ModelHyper, balance: bool) -> vec2<f32> {
  var p = 1.0;
  for (var k = 0u; k < PARAMS; k++) {
    p *= (*w)[k];
  }
  let a = (*w)[0];
  let b = (*w)[PARAMS - 1u];
  return vec2<f32>(p, (a - b) * (a + b));
}
