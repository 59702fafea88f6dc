// The valley's loss and gradient in f32 (valley/model.wgsl has the math): a = 1 + x^2, L = a y^2,
// grad L = (2 x y^2, 2 a y).

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  let x = (*w).x;
  let y = (*w).y;
  let a = 1.0 + x * x;
  *grad = vec2<f32>(2.0 * x * y * y, 2.0 * a * y);
  return a * y * y;
}
