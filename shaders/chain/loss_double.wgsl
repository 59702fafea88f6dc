// The scalar chain's loss and gradient in double-single arithmetic (precision "double"; common/df64.wgsl,
// common/family_double.wgsl), the prefix x suffix products of chain/loss.wgsl:
//   P = prod_k w_k,  r = P - sigma,  grad_a = r prod_{k<a} w_k prod_{k>a} w_k,  L = r^2 / 2 (returned in f32)
// sigma (model.target) is a per-lane f32 constant. The gradient's low words go to gLo.

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  var pre: array<vec2<f32>, 8>; // pre[a] = prod_{k<a} w_k
  var p = vec2<f32>(1.0, 0.0);
  for (var k = 0u; k < PARAMS; k++) {
    pre[k] = p;
    p = df_mul(p, vec2<f32>((*w)[k], wLo[k]));
  }
  let r = df_add_f(p, -h.sigma);
  var s = vec2<f32>(1.0, 0.0); // prod_{k>a} w_k
  for (var k = PARAMS; k > 0u; k--) {
    let a = k - 1u;
    let g = df_mul(r, df_mul(pre[a], s));
    (*grad)[a] = g.x;
    gLo[a] = g.y;
    s = df_mul(s, vec2<f32>((*w)[a], wLo[a]));
  }
  return 0.5 * r.x * r.x;
}
