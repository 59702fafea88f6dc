// Sharpness = largest algebraic eigenvalue of the loss Hessian H, by power iteration on exact
// Hessian-vector products (the model's `hvp`, forward-over-reverse; never finite differences in f32).
// Model contract: hvp(w, h, v, out, shift, a, carry) writes out = a (H v + shift v) and returns ||out||^2.
// Passing a = 1/||v|| maps v to (H + shift) v/||v|| without a normalisation pass: the iteration ping-pongs
// between two vectors, 2 ceil(iters / 2) iterations in pairs. `carry` lets a model keep sums over its output
// for the next call, whose input it is (carry.w = 0 marks it empty; reset whenever the input is new).
//
// Plain power iteration finds the eigenvalue of largest magnitude, which can be negative (saddles; the UV
// model's bulk holds +-D c pairs of equal magnitude). So:
//   1. mu = max_i ||H x_i|| over max(2, iters / 4) plain iterations from (warm start + vstart): mu ~ |lambda|_max;
//   2. iters iterations on H + 1.5 mu I, whose spectrum lies in [0, 2.5 mu] when mu >= |lambda_min| / 1.5
//      with the top algebraic eigenvalue on top; convergence ratio (lambda_2 + 1.5 mu) / (lambda_1 + 1.5 mu);
//   3. the Rayleigh quotient e.H e of the unit iterate e.
// The eigenvector is kept per lane (warm start across steps); a zero vector means "no warm start yet".
// x and hv are scratch Vecs owned by the caller, so a large Vec is zero-initialised once per dispatch and
// never copied whole (vscale_into touches only the live entries).

fn power_iter(
  w: ptr<function, Vec>,
  h: ModelHyper,
  e: ptr<function, Vec>,
  x: ptr<function, Vec>,
  hv: ptr<function, Vec>,
  iters: u32,
) -> f32 {
  var n0 = sqrt(vdot(e, e));
  if (!(n0 > 0.0)) {
    vstart(e);
    n0 = sqrt(vdot(e, e));
  }
  vscale(1.0 / n0, e);
  // Both phases start from e + vstart (unit vectors), not from e alone: a warm start can lie exactly in an
  // invariant subspace that excludes the top eigenvector (UV: the bulk (a, +-a) with a orthogonal to u and v
  // stays an eigenvector under GD, and its eigenvalue changes sign with D), and it may never see a larger
  // negative eigenvalue when bounding |lambda|. The mixed start has a component along every direction.
  vstart(x);
  vscale(inverseSqrt(vdot(x, x)), x);
  vaxpy(1.0, x, e);
  vscale(inverseSqrt(vdot(e, e)), e);
  vscale_into(1.0, e, x);
  var mu = 0.0;
  var a = 1.0;
  var carry = vec4<f32>(0.0);
  for (var i = 0u; i < max(2u, iters / 4u); i += 2u) {
    let n1 = sqrt(hvp(w, h, x, hv, 0.0, a, &carry));
    if (!(n1 > 0.0)) {
      break;
    }
    let n2 = sqrt(hvp(w, h, hv, x, 0.0, 1.0 / n1, &carry));
    mu = max(mu, max(n1, n2));
    if (!(n2 > 0.0)) {
      break;
    }
    a = 1.0 / n2;
  }
  let shift = 1.5 * mu;
  a = 1.0;
  carry = vec4<f32>(0.0);
  for (var i = 0u; i < iters; i += 2u) {
    let n1 = sqrt(hvp(w, h, e, hv, shift, a, &carry));
    if (!(n1 > 0.0)) {
      carry = vec4<f32>(0.0); // the carry now describes hv, not e
      break;
    }
    a = 1.0 / sqrt(hvp(w, h, hv, e, shift, 1.0 / n1, &carry)); // ||e|| > 0: (H + shift)^2 is definite on hv
  }
  hvp(w, h, e, hv, 0.0, 1.0, &carry);
  return vdot(e, hv) / vdot(e, e);
}
