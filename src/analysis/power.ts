// The power iteration of shaders/common/power.wgsl, in float64 (same algorithm, start vector and stopping
// rule; docs/equations.md, "Sharpness").

export type Hvp = (v: Float64Array, out: Float64Array) => void;

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/** The start vector of vec2.wgsl / vec8.wgsl / uv/vec.wgsl / dln/vec.wgsl for a model with `n` parameters. */
export type StartVector = (e: Float64Array) => void;

export interface PowerResult {
  /** Largest algebraic eigenvalue estimate (Rayleigh quotient). */
  lambda: number;
  /** ||H e - lambda e|| / |lambda| of the returned unit vector e. */
  residual: number;
}

/**
 * Largest algebraic eigenvalue of H by shifted power iteration; `e` is the warm start (zero = none) and
 * receives the final unit eigenvector estimate. Stops after `iters` iterations or once the shifted
 * residual is at most `tol` times the eigenvalue estimate.
 * @example
 * const { lambda } = powerIteration((v, out) => ref.hvp(w, h, v, out), new Float64Array(2), 100, ref.start, 1e-6);
 */
export function powerIteration(
  hvp: Hvp,
  e: Float64Array,
  iters: number,
  start: StartVector,
  tol = 0,
): PowerResult {
  const n = e.length;
  const hv = new Float64Array(n);
  const scale = (x: Float64Array, a: number) => x.forEach((v, i) => (x[i] = a * v));
  let n0 = Math.sqrt(dot(e, e));
  if (!(n0 > 0)) {
    start(e);
    n0 = Math.sqrt(dot(e, e));
  }
  scale(e, 1 / n0);
  const x = new Float64Array(n);
  start(x);
  scale(x, 1 / Math.sqrt(dot(x, x)));
  for (let i = 0; i < n; i++) e[i] = (x[i] as number) + (e[i] as number);
  scale(e, 1 / Math.sqrt(dot(e, e)));
  x.set(e);
  let mu = 0;
  const phase1 = Math.max(2, Math.floor(Math.min(iters, 24) / 4));
  for (let i = 0; i < 2 * Math.ceil(phase1 / 2); i++) {
    hvp(x, hv);
    const nrm = Math.sqrt(dot(hv, hv));
    if (!(nrm > 0)) break;
    mu = Math.max(mu, nrm);
    for (let k = 0; k < n; k++) x[k] = (hv[k] as number) / nrm;
  }
  const shift = 1.5 * mu;
  const shifted = (v: Float64Array, out: Float64Array) => {
    hvp(v, out);
    for (let k = 0; k < n; k++) out[k] = (out[k] as number) + shift * (v[k] as number);
  };
  const r = new Float64Array(n);
  for (let i = 0; i < iters; i += 2) {
    shifted(e, hv); // e is unit here
    const n1 = Math.sqrt(dot(hv, hv));
    if (!(n1 > 0)) break;
    scale(hv, 1 / n1);
    shifted(hv, e);
    const rho = dot(hv, e);
    for (let k = 0; k < n; k++) r[k] = (e[k] as number) - rho * (hv[k] as number);
    const res = Math.sqrt(dot(r, r));
    scale(e, 1 / Math.sqrt(dot(e, e)));
    if (res <= tol * Math.abs(rho - shift)) break;
  }
  hvp(e, hv);
  const lambda = dot(e, hv);
  for (let k = 0; k < n; k++) r[k] = (hv[k] as number) - lambda * (e[k] as number);
  return { lambda, residual: Math.sqrt(dot(r, r)) / Math.abs(lambda) };
}
