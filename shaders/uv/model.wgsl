// UV model (Kalra, He, Barkeshli, ICLR 2025): a 2-layer linear net on one example,
//   f = c v.u,  c = x / sqrt(n) (NTK parameterisation) or c = x (standard),  L = 1/2 D^2,  D = f - y.
//   grad_u = D c v,  grad_v = D c u
//   Hv for v = (a, b), forward-over-reverse:  dD = c (b.u + a.v)
//     (Hv)_u = dD c v + D c b,   (Hv)_v = dD c u + D c a   (hvp returns scale (Hv + shift (a, b)) and its squared norm)
//   output = f;  balance K = c^4 |u + v|^2 |u - v|^2 (= lambda^2 - 4 f^2 / n for x = 1, NTK; computed as a
//   product of squared norms, never as that difference, so it keeps its relative accuracy in f32).
// Vec (u and v as zero-padded vec4 blocks), the WIDTH / STANDARD overrides and the Vec operations are in
// uv/vec.wgsl; the gradient and the step in uv/step.wgsl (single) or uv/step_double.wgsl (double).

struct ModelHyper {
  y: f32, // target y (spec field model.target)
  x: f32, // input x (spec field model.input)
}

fn coupling(h: ModelHyper) -> f32 {
  return select(h.x * inverseSqrt(f32(WIDTH)), h.x, STANDARD);
}

// carry = (ds of the input, s = u.v of w, -, 1 if valid): the write pass accumulates ds of its output, so
// when the next call's input is this call's output (the power iteration's ping-pong) one pass suffices.
fn hvp(
  w: ptr<function, Vec>,
  h: ModelHyper,
  a: ptr<function, Vec>,
  out: ptr<function, Vec>,
  shift: f32,
  scale: f32,
  carry: ptr<function, vec4<f32>>,
) -> f32 {
  let c = coupling(h);
  if ((*carry).w == 0.0) {
    var s = 0.0;
    var ds = 0.0;
    for (var q = 0u; q < BLOCKS; q++) {
      s += dot((*w).u[q], (*w).v[q]);
      ds += dot((*a).v[q], (*w).u[q]) + dot((*a).u[q], (*w).v[q]);
    }
    *carry = vec4<f32>(ds, s, 0.0, 1.0);
  }
  let dc = (c * (*carry).y - h.y) * c;
  let ddc = (*carry).x * c * c;
  var n2 = 0.0;
  var dsOut = 0.0;
  for (var q = 0u; q < BLOCKS; q++) {
    let ou = scale * (ddc * (*w).v[q] + dc * (*a).v[q] + shift * (*a).u[q]);
    let ov = scale * (ddc * (*w).u[q] + dc * (*a).u[q] + shift * (*a).v[q]);
    (*out).u[q] = ou;
    (*out).v[q] = ov;
    n2 += dot(ou, ou) + dot(ov, ov);
    dsOut += dot(ov, (*w).u[q]) + dot(ou, (*w).v[q]);
  }
  (*carry).x = dsOut;
  return n2;
}

fn observe(w: ptr<function, Vec>, h: ModelHyper, balance: bool) -> vec2<f32> {
  let c = coupling(h);
  var s = 0.0;
  var plus = 0.0;
  var minus = 0.0;
  for (var q = 0u; q < BLOCKS; q++) {
    s += dot((*w).u[q], (*w).v[q]);
    let p = (*w).u[q] + (*w).v[q];
    let m = (*w).u[q] - (*w).v[q];
    plus += dot(p, p);
    minus += dot(m, m);
  }
  let c2 = c * c;
  return vec2<f32>(c * s, (c2 * plus) * (c2 * minus));
}
