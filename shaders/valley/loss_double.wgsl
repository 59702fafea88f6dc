// The valley's loss and gradient in double-single arithmetic (precision "double"; common/df64.wgsl,
// common/family_double.wgsl), the same expressions as valley/loss.wgsl:
//   a = 1 + x^2,  L = a y^2,  grad L = (2 x y^2, 2 a y)          (each operation ~46 bits)
// from the hi words *w and low words wLo; the gradient's low words go to gLo; the loss is returned in f32.

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  let x = vec2<f32>((*w).x, wLo.x);
  let y = vec2<f32>((*w).y, wLo.y);
  let a = df_add_f(df_mul(x, x), 1.0);
  let yy = df_mul(y, y);
  let gx = df_mul_f(df_mul(x, yy), 2.0);
  let gy = df_mul_f(df_mul(a, y), 2.0);
  *grad = vec2<f32>(gx.x, gy.x);
  gLo = vec2<f32>(gx.y, gy.y);
  return a.x * yy.x;
}
