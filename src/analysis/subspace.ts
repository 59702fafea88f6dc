// Top-k eigenvalues of a symmetric operator given only its products (float64): shifted subspace iteration
// with modified Gram-Schmidt and Rayleigh-Ritz (docs/equations.md, "Top-k eigenvalues"): laneEigs's method for
// final parameters past DENSE_EIGS parameters (below that it forms the dense Hessian).
import { symmetricEigenvalues } from './eigen.js';
import type { Hvp } from './power.js';

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** Orthonormalises the columns in place (modified Gram-Schmidt); a dependent column becomes a fresh direction. */
function orthonormalize(vs: Float64Array[]): void {
  vs.forEach((v, j) => {
    for (let p = 0; p < j; p++) {
      const c = dot(vs[p]!, v);
      for (let i = 0; i < v.length; i++) v[i] = v[i]! - c * vs[p]![i]!;
    }
    let n = Math.sqrt(dot(v, v));
    if (!(n > 1e-300)) {
      v.fill(0);
      v[j % v.length] = 1;
      n = 1;
    }
    for (let i = 0; i < v.length; i++) v[i] = v[i]! / n;
  });
}

/**
 * The k largest algebraic eigenvalues (descending) of the symmetric n x n operator `hvp`. The spectrum is
 * shifted by sigma = 1.5 mu (mu ~ the largest magnitude, from a few power steps) so that the top of H + sigma
 * is its algebraic top (negative eigenvalues of large magnitude cannot take the place of the sharpness).
 * Stops when every Ritz value moves by less than `tol` relative, or after `iters` iterations.
 * @example
 * const eigs = topEigenvalues((v, out) => ref.hvp(w, h, v, out), w.length, 3);
 */
export function topEigenvalues(hvp: Hvp, n: number, k: number, iters = 2000, tol = 1e-12): number[] {
  // Two guard vectors: the k-th value converges at the rate of the (k+2)-th gap, not the (k+1)-th.
  const want = Math.min(k, n);
  const m = Math.min(k + 2, n);
  const out = new Float64Array(n);
  let x = Float64Array.from({ length: n }, (_, i) => 1 / (i + 1));
  let mu = 0;
  for (let i = 0; i < 20; i++) {
    hvp(x, out);
    const nrm = Math.sqrt(dot(out, out));
    if (!(nrm > 0)) break;
    mu = Math.max(mu, nrm / Math.sqrt(dot(x, x)));
    x = out.map((v) => v / nrm);
  }
  const sigma = 1.5 * mu;
  const vs = Array.from({ length: m }, (_, j) =>
    Float64Array.from({ length: n }, (_, i) => Math.sin(1 + 7 * i + 13 * j) + (i === j ? 1 : 0)),
  );
  orthonormalize(vs);
  let ritz: number[] = [];
  for (let it = 0; it < iters; it++) {
    const hv = vs.map((v) => {
      const r = new Float64Array(n);
      hvp(v, r);
      return r;
    });
    // Rayleigh-Ritz on span(V): eigenvalues of V^T H V.
    const g = new Float64Array(m * m);
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++) g[a * m + b] = 0.5 * (dot(vs[a]!, hv[b]!) + dot(vs[b]!, hv[a]!));
    const next = Array.from(symmetricEigenvalues(g, m)).reverse();
    const done =
      ritz.length === m &&
      next.slice(0, want).every((l, i) => Math.abs(l - ritz[i]!) <= tol * Math.max(1e-300, Math.abs(l)));
    ritz = next;
    if (done) break;
    vs.forEach((v, j) => v.forEach((_, i) => (v[i] = hv[j]![i]! + sigma * v[i]!)));
    orthonormalize(vs);
  }
  return ritz.slice(0, want);
}
