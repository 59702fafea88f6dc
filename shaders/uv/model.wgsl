// UV model (Kalra, He, Barkeshli, ICLR 2025): a 2-layer linear net on one example,
//   f = c v.u,  c = x / sqrt(n) (NTK parameterisation) or c = x (standard),  L = 1/2 D^2,  D = f - y.
//   grad_u = D c v,  grad_v = D c u
//   Hv for v = (a, b), forward-over-reverse:  dD = c (b.u + a.v)
//     (Hv)_u = dD c v + D c b,   (Hv)_v = dD c u + D c a   (hvp returns scale (Hv + shift (a, b)) and its squared norm)
//   output = f;  balance K = c^4 |u + v|^2 |u - v|^2 (= lambda^2 - 4 f^2 / n for x = 1, NTK; computed as a
//   product of squared norms, never as that difference, so it keeps its relative accuracy in f32).
// Vec (u and v as zero-padded vec4 blocks), the WIDTH / STANDARD overrides and the Vec operations are in
// uv/vec.wgsl.

struct ModelHyper {
  y: f32, // target y (spec field model.target)
  x: f32, // input x (spec field model.input)
}

fn coupling(h: ModelHyper) -> f32 {
  return select(h.x * inverseSqrt(f32(WIDTH)), h.x, STANDARD);
}

fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {
  let c = coupling(h);
  var s = 0.0;
  for (var q = 0u; q < BLOCKS; q++) {
    s += dot((*w).u[q], (*w).v[q]);
  }
  let d = c * s - h.y;
  let dc = d * c;
  for (var q = 0u; q < BLOCKS; q++) {
    (*grad).u[q] = dc * (*w).v[q];
    (*grad).v[q] = dc * (*w).u[q];
  }
  return 0.5 * d * d;
}

// Plain steps in one pass each over u and v, with no gradient array. carry = (s, q) of the current w with
// s = u.v and q = |u|^2 + |v|^2 (prime() computes it once per run of steps), so D = c s - y, L = D^2 / 2,
// ||g||^2 = (D c)^2 q; the pass applies u <- u - k v, v <- v - k u with k = s(L, ||g||) D c (both from the
// old u, v) and accumulates (s, q) of the new w for the next step.
fn prime(w: ptr<function, Vec>, h: ModelHyper, carry: ptr<function, vec4<f32>>) {
  var s = 0.0;
  var q = 0.0;
  for (var b = 0u; b < BLOCKS; b++) {
    let bu = (*w).u[b];
    let bv = (*w).v[b];
    s += dot(bu, bv);
    q += dot(bu, bu) + dot(bv, bv);
  }
  *carry = vec4<f32>(s, q, 0.0, 0.0);
}

fn descend(w: ptr<function, Vec>, h: ModelHyper, oh: OptHyper, carry: ptr<function, vec4<f32>>) -> f32 {
  let c = coupling(h);
  let d = c * (*carry).x - h.y;
  let dc = d * c;
  let loss = 0.5 * d * d;
  let k = step_scale(oh, loss, dc * dc * (*carry).y) * dc;
  var s = 0.0;
  var q = 0.0;
  for (var b = 0u; b < BLOCKS; b++) {
    let bu = (*w).u[b];
    let bv = (*w).v[b];
    let nu = bu - k * bv;
    let nv = bv - k * bu;
    (*w).u[b] = nu;
    (*w).v[b] = nv;
    s += dot(nu, nv);
    q += dot(nu, nu) + dot(nv, nv);
  }
  *carry = vec4<f32>(s, q, 0.0, 0.0);
  return loss;
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
