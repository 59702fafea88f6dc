// UV's gradient and plain step in single precision (the model's math: uv/model.wgsl):
//   D = c u.v - y,  L = D^2 / 2,  grad_u = D c v,  grad_v = D c u.

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
