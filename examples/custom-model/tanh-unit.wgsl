// A worked WGSL model module (docs/equations.md, "WGSL model modules"): one tanh unit f = v tanh(u x) fitted to
// one example (x, y), with weight decay lambda.
//   s = tanh(u x),  q = 1 - s^2 (= tanh'),  r = f - y
//   L = r^2 / 2 + lambda (u^2 + v^2) / 2
//   grad L = (r v x q + lambda u,  r s + lambda v)
//   H = [[ (v x q)^2 - 2 r v x^2 s q + lambda,   x q (r + v s) ],
//        [ x q (r + v s),                          s^2 + lambda ]]
// hvp returns a (H v + shift v) and its squared norm (the contract of shaders/common/power.wgsl).
// output = f; balance = u^2 - v^2.
// Vec: two parameters, so common/vec2.wgsl (vec2(u, v)); the engine joins it before this file.
// u x is clamped to +-9 before tanh: beyond, tanh is 1 in f32, and WGSL's tanh may lose accuracy out there.

struct ModelHyper {
  x: f32,      // the input (model.constants.x)
  y: f32,      // the target (model.constants.y)
  lambda: f32, // weight decay (model.constants.lambda)
}

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  let u = (*w)[0];
  let v = (*w)[1];
  let s = tanh(clamp(u * h.x, -9.0, 9.0));
  let q = (1.0 - s) * (1.0 + s);
  let r = v * s - h.y;
  *grad = vec2<f32>(r * v * h.x * q + h.lambda * u, r * s + h.lambda * v);
  return 0.5 * r * r + 0.5 * h.lambda * (u * u + v * v);
}

fn hvp(w: ptr<function, Vec>, h: ModelHyper, dir: ptr<function, Vec>, out: ptr<function, Vec>, shift: f32, a: f32, carry: ptr<function, vec4<f32>>) -> f32 {
  let u = (*w)[0];
  let v = (*w)[1];
  let s = tanh(clamp(u * h.x, -9.0, 9.0));
  let q = (1.0 - s) * (1.0 + s);
  let r = v * s - h.y;
  let vxq = v * h.x * q;
  let huu = vxq * vxq - 2.0 * r * v * h.x * h.x * s * q + h.lambda;
  let huv = h.x * q * (r + v * s);
  let hvv = s * s + h.lambda;
  *out = a * (vec2<f32>(huu * (*dir)[0] + huv * (*dir)[1], huv * (*dir)[0] + hvv * (*dir)[1]) + shift * *dir);
  return dot(*out, *out);
}

fn observe(w: ptr<function, Vec>, h: ModelHyper, balance: bool) -> vec2<f32> {
  let u = (*w)[0];
  let v = (*w)[1];
  return vec2<f32>(v * tanh(clamp(u * h.x, -9.0, 9.0)), u * u - v * v);
}
