// Valley (Arora, Li, Panigrahi, ICML 2022, Figure 1): L(x, y) = (1 + x^2) y^2.
//   Minimisers y = 0 with sharpness 2 (1 + x^2); GD at the edge of stability drifts along them towards x = 0.
//   grad L = (2 x y^2, 2 (1 + x^2) y)
//   Hv: (Hv)_x = 2 y^2 v_x + 4 x y v_y,   (Hv)_y = 4 x y v_x + 2 (1 + x^2) v_y
//   hvp returns a (H v + shift v) and its squared norm (common/power.wgsl).
//   output = y (the oscillating coordinate); balance = x (the position along the valley; not conserved).
// Uses common/vec2.wgsl: Vec = vec2(x, y). loss_grad: valley/loss.wgsl (f32), loss_double.wgsl (double).

struct ModelHyper {
  unused: f32, // this model has no per-lane constants
}

fn hvp(w: ptr<function, Vec>, h: ModelHyper, v: ptr<function, Vec>, out: ptr<function, Vec>, shift: f32, a: f32, carry: ptr<function, vec4<f32>>) -> f32 {
  let x = (*w).x;
  let y = (*w).y;
  let xy4 = 4.0 * x * y;
  *out = a * (vec2<f32>(2.0 * y * y * (*v).x + xy4 * (*v).y, xy4 * (*v).x + 2.0 * (1.0 + x * x) * (*v).y) + shift * *v);
  return dot(*out, *out);
}

fn observe(w: ptr<function, Vec>, h: ModelHyper, balance: bool) -> vec2<f32> {
  return vec2<f32>((*w).y, (*w).x);
}
