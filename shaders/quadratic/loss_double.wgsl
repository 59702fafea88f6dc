// The diagonal quadratic's loss and gradient in double-single arithmetic (precision "double"; common/df64.wgsl,
// common/family_double.wgsl): grad_k = a_k x_k (df_mul_f: the curvatures a_k are per-lane f32 constants),
// L = 1/2 sum_k a_k x_k^2 returned in f32. The gradient's low words go to gLo.

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  var loss = 0.0;
  for (var k = 0u; k < PARAMS; k++) {
    let g = df_mul_f(vec2<f32>((*w)[k], wLo[k]), h.curvatures[k]);
    (*grad)[k] = g.x;
    gLo[k] = g.y;
    loss += g.x * (*w)[k];
  }
  return 0.5 * loss;
}
