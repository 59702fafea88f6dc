// MLP activations and their first two derivatives (docs/equations.md, "MLP"; the float64 twin is `act` in
// src/models/mlp/reference.ts):
//   identity z;  tanh;  relu max(z, 0) (relu'(0) = 0);  elu z > 0 ? z : e^z - 1;
//   gelu 1/2 z (1 + tanh(u)), u = c (z + k z^3), c = sqrt(2 / pi), k = 0.044715 (the tanh form: WGSL has no erf).
// tanh's argument is clamped to +-20, where f32 tanh is already +-1, so no backend's exp overflows inside it.

override ACT: u32; // index in ACTIVATIONS: 0 identity, 1 tanh, 2 relu, 3 elu, 4 gelu

fn tanh_safe(x: f32) -> f32 {
  return tanh(clamp(x, -20.0, 20.0));
}

// (phi(z), phi'(z), phi''(z))
fn act(z: f32) -> vec3<f32> {
  switch ACT {
    case 1u: {
      let t = tanh_safe(z);
      let s = 1.0 - t * t;
      return vec3<f32>(t, s, -2.0 * t * s);
    }
    case 2u: {
      return select(vec3<f32>(0.0), vec3<f32>(z, 1.0, 0.0), z > 0.0);
    }
    case 3u: {
      let e = exp(min(z, 0.0));
      return select(vec3<f32>(e - 1.0, e, e), vec3<f32>(z, 1.0, 0.0), z > 0.0);
    }
    case 4u: {
      let c = 0.7978845608028654;
      let k = 0.044715;
      let u = c * (z + k * z * z * z);
      let du = c * (1.0 + 3.0 * k * z * z);
      let ddu = c * 6.0 * k * z;
      let t = tanh_safe(u);
      let s = 1.0 - t * t;
      return vec3<f32>(0.5 * z * (1.0 + t), 0.5 * (1.0 + t) + 0.5 * z * s * du, s * du + 0.5 * z * s * (ddu - 2.0 * t * du * du));
    }
    default: {
      return vec3<f32>(z, 1.0, 0.0);
    }
  }
}
