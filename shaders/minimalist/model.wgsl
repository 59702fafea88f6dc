// Minimalist example (Zhu, Wang, Wang, Zhou, Ge, ICLR 2023): L(x, y) = 1/4 (x^2 y^2 - 1)^2.
//   p = x y,  g = x^2 y^2 - 1 = (p - 1)(p + 1)      factored: accurate near the minimum set p = +-1
//   grad L = g p (y, x)                               = (g x y^2, g x^2 y)
//   Hv = d(grad L)[v], forward-over-reverse by hand:
//     dp = y v_x + x v_y,  dg = 2 p dp
//     (Hv)_x = (dg p + g dp) y + g p v_y,   (Hv)_y = (dg p + g dp) x + g p v_x
//   hvp returns a (H v + shift v) and its squared norm (common/power.wgsl).
//   output = x y;  balance C = x^2 - y^2 (conserved by gradient flow; C' = C (1 - eta^2 g^2 x^2 y^2) under GD).
// Uses common/vec2.wgsl: Vec = vec2(x, y). loss_grad: minimalist/loss.wgsl (f32), loss_double.wgsl (double).

struct ModelHyper {
  unused: f32, // this model has no per-lane constants
}

fn hvp(w: ptr<function, Vec>, h: ModelHyper, v: ptr<function, Vec>, out: ptr<function, Vec>, shift: f32, a: f32, carry: ptr<function, vec4<f32>>) -> f32 {
  let p = (*w).x * (*w).y;
  let g = (p - 1.0) * (p + 1.0);
  let dp = (*w).y * (*v).x + (*w).x * (*v).y;
  let dg = 2.0 * p * dp;
  *out = a * ((dg * p + g * dp) * (*w).yx + (g * p) * (*v).yx + shift * *v);
  return dot(*out, *out);
}

fn observe(w: ptr<function, Vec>, h: ModelHyper, balance: bool) -> vec2<f32> {
  let x = (*w).x;
  let y = (*w).y;
  return vec2<f32>(x * y, (x - y) * (x + y));
}
