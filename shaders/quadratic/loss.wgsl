// The diagonal quadratic's loss and gradient in f32 (quadratic/model.wgsl has the math): grad_k = a_k x_k,
// L = 1/2 sum_k a_k x_k^2.

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  var loss = 0.0;
  for (var k = 0u; k < PARAMS; k++) {
    let gk = h.curvatures[k] * (*w)[k];
    (*grad)[k] = gk;
    loss += gk * (*w)[k];
  }
  return 0.5 * loss;
}
