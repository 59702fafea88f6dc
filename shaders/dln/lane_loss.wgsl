// The small DLN's loss and gradient in single precision (the model's math: dln/lane.wgsl):
//   L = 1/2 ||E||_F^2,  E = P_L - M,  G_l = S_{l+1}^T E P_{l-1}^T.

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  var c: Chain;
  chain(w, &c);
  let e = residual(&c, h);
  var loss = 0.0;
  for (var k = 0u; k < 16u; k++) {
    loss += e[k] * e[k];
  }
  for (var l = 0u; l < DEPTH; l++) {
    put(grad, l, mul(mul(c.s[l + 1u], e, true, false), c.p[l], false, true));
  }
  return 0.5 * loss;
}
