// The minimalist's loss and gradient in f32 (minimalist/model.wgsl has the math):
//   p = x y,  g = (p - 1)(p + 1),  grad L = g p (y, x),  L = g^2 / 4

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  let p = (*w).x * (*w).y;
  let g = (p - 1.0) * (p + 1.0);
  *grad = (g * p) * (*w).yx;
  return 0.25 * g * g;
}
