// The scalar chain's loss and gradient in f32 (chain/model.wgsl has the math and others()): grad_a = r o_a,
// L = r^2 / 2, r = P - sigma.

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  var zero: Vec;
  var d: Vec;
  let full = others(w, &zero, grad, &d);
  let r = full.x - h.sigma;
  vscale(r, grad);
  return 0.5 * r * r;
}
