// The minimalist's loss and gradient in double-single arithmetic (precision "double"; common/df64.wgsl,
// common/family_double.wgsl): the same factored form as minimalist/loss.wgsl,
//   p = x y,  g = (p - 1)(p + 1),  grad L = (g p y, g p x)      (each product ~46 bits, df_mul)
// from the lane's hi words *w and low words wLo; the gradient's low words go to gLo. The loss is returned in
// f32 (its hi word): it is compared with maxLoss, recorded and classified, never fed back into the state.

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  let x = vec2<f32>((*w).x, wLo.x);
  let y = vec2<f32>((*w).y, wLo.y);
  let p = df_mul(x, y);
  let g = df_mul(df_add_f(p, -1.0), df_add_f(p, 1.0));
  let gp = df_mul(g, p);
  let gx = df_mul(gp, y);
  let gy = df_mul(gp, x);
  *grad = vec2<f32>(gx.x, gy.x);
  gLo = vec2<f32>(gx.y, gy.y);
  return 0.25 * g.x * g.x;
}
