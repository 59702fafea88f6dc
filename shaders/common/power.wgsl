// Sharpness = largest algebraic eigenvalue of the loss Hessian H, by power iteration on exact
// Hessian-vector products (the model's `hvp`, forward-over-reverse; never finite differences in f32).
// docs/equations.md, "Sharpness", gives the derivation; src/analysis/power.ts is the float64 twin.
// Model contract: hvp(w, h, v, out, shift, a, carry) writes out = a (H v + shift v) and returns ||out||^2.
// `carry` lets a model keep sums over its output for the next call, whose input it is (carry.w = 0 marks
// it empty; reset whenever the input changed some other way).
//
//   1. mu = max ||H x_i|| over max(2, min(iters, 24) / 4) plain iterations from (warm start + vstart): mu ~ |lambda|_max;
//   2. iterations on H + sigma I, sigma = 1.5 mu (spectrum in [0, 2.5 mu], top algebraic eigenvalue on top),
//      in pairs; after each pair the residual r = ||(H + sigma) e - rho e|| (e unit, rho = e.(H + sigma) e) is
//      formed explicitly (never as a difference of squared norms, which cancels in f32) and the loop stops
//      once r <= tol |rho - sigma|, or after `iters` iterations;
//   3. lambda = e.H e and the relative residual ||H e - lambda e|| / |lambda| of the returned estimate.
// The eigenvalue error is about r^2 / gap (H symmetric), so a residual of 1e-3 |lambda| already gives
// eigenvalues to ~1e-6 relative unless the top two are closer than 1e-3 |lambda|; the residual is returned
// per lane so a caller can see lanes that stopped at the cap.
// Returns vec2(lambda, relative residual). e (kept per lane: warm start across steps) is left unit-length.

fn power_iter(
  w: ptr<function, Vec>,
  h: ModelHyper,
  e: ptr<function, Vec>,
  x: ptr<function, Vec>,
  hv: ptr<function, Vec>,
  iters: u32,
  tol: f32,
) -> vec2<f32> {
  var n0 = sqrt(vdot(e, e));
  if (!(n0 > 0.0)) {
    vstart(e);
    n0 = sqrt(vdot(e, e));
  }
  vscale(1.0 / n0, e);
  // Both phases start from e + vstart (unit vectors): a warm start can lie exactly in an invariant subspace
  // that excludes the top eigenvector (UV: the bulk (a, +-a), a orthogonal to u and v, stays an eigenvector
  // under GD and its eigenvalue changes sign with D). The mixed start has a component along every direction.
  vstart(x);
  vscale(inverseSqrt(vdot(x, x)), x);
  vaxpy(1.0, x, e);
  vscale(inverseSqrt(vdot(e, e)), e);
  vscale_into(1.0, e, x);
  var mu = 0.0;
  var a = 1.0;
  var carry = vec4<f32>(0.0);
  for (var i = 0u; i < max(2u, min(iters, 24u) / 4u); i += 2u) {
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
    // hv = (H + sigma) e / ||e||; then e = (H + sigma) hv / ||hv|| (ping-pong, no normalisation pass).
    let n1 = sqrt(hvp(w, h, e, hv, shift, a, &carry));
    if (!(n1 > 0.0)) {
      break;
    }
    let n2 = sqrt(hvp(w, h, hv, e, shift, 1.0 / n1, &carry));
    a = 1.0 / n2; // e = (H + sigma) u for the unit u = hv / n1, so ||e|| = n2 > 0
    // Residual of u: ||(H + sigma) u - rho u|| with rho = u.(H + sigma) u = (hv . e) / n1.
    let rho = vdot(hv, e) / n1;
    vaxpy(-rho / n1, hv, e);
    let r = sqrt(vdot(e, e));
    vaxpy(rho / n1, hv, e);
    carry = vec4<f32>(0.0); // e was touched outside hvp
    if (r <= tol * abs(rho - shift)) {
      break;
    }
  }
  vscale(a, e);
  carry = vec4<f32>(0.0);
  hvp(w, h, e, hv, 0.0, 1.0, &carry);
  let lambda = vdot(e, hv);
  vaxpy(-lambda, e, hv);
  let resid = sqrt(vdot(hv, hv)) / abs(lambda);
  return vec2<f32>(lambda, resid);
}
