// Diagonal quadratic: L(x) = 1/2 sum_i a_i x_i^2, up to 8 dimensions (PARAMS of them).
//   grad L = a * x (elementwise);  Hv = a * v (hvp returns a (H v + shift v) and its squared norm);  GD is stable iff eta < 2 / max_i a_i.
//   output = x_0 (the first coordinate); balance = 0 (no conserved quantity).
// Uses common/vec8.wgsl: Vec = array<f32, 8>, entries past PARAMS are 0. loss_grad: quadratic/loss.wgsl (f32),
// loss_double.wgsl (double).

struct ModelHyper {
  curvatures: array<f32, 8>, // a_i (entries past PARAMS are 0)
}

fn hvp(w: ptr<function, Vec>, h: ModelHyper, v: ptr<function, Vec>, out: ptr<function, Vec>, shift: f32, a: f32, carry: ptr<function, vec4<f32>>) -> f32 {
  var n2 = 0.0;
  for (var k = 0u; k < PARAMS; k++) {
    let o = a * (h.curvatures[k] + shift) * (*v)[k];
    (*out)[k] = o;
    n2 += o * o;
  }
  return n2;
}

fn observe(w: ptr<function, Vec>, h: ModelHyper, balance: bool) -> vec2<f32> {
  return vec2<f32>((*w)[0], 0.0);
}
