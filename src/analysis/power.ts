// The power iteration of shaders/common/power.wgsl, in float64 (same algorithm, same start vector).

export type Hvp = (v: Float64Array, out: Float64Array) => void;

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

/** The start vector of vec2.wgsl / vec8.wgsl / uv/model.wgsl for a model with `n` parameters. */
export type StartVector = (e: Float64Array) => void;

/**
 * Largest algebraic eigenvalue of H by shifted power iteration; `e` is the warm start (zero = none) and
 * receives the final unit eigenvector estimate.
 */
export function powerIteration(hvp: Hvp, e: Float64Array, iters: number, start: StartVector): number {
  const n = e.length;
  const hv = new Float64Array(n);
  let n0 = Math.sqrt(dot(e, e));
  if (!(n0 > 0)) {
    start(e);
    n0 = Math.sqrt(dot(e, e));
  }
  for (let i = 0; i < n; i++) e[i] = (e[i] as number) / n0;
  const x = new Float64Array(n);
  start(x);
  const ns = Math.sqrt(dot(x, x));
  for (let i = 0; i < n; i++) e[i] = (x[i] as number) / ns + (e[i] as number);
  const ne = Math.sqrt(dot(e, e));
  for (let i = 0; i < n; i++) e[i] = (e[i] as number) / ne;
  x.set(e);
  let mu = 0;
  // Iterations come in pairs, as in power.wgsl (which ping-pongs between two vectors).
  const pairs = (k: number) => 2 * Math.ceil(k / 2);
  for (let i = 0; i < pairs(Math.max(2, Math.floor(iters / 4))); i++) {
    hvp(x, hv);
    const nrm = Math.sqrt(dot(hv, hv));
    if (!(nrm > 0)) break;
    mu = Math.max(mu, nrm);
    for (let k = 0; k < n; k++) x[k] = (hv[k] as number) / nrm;
  }
  const shift = 1.5 * mu;
  for (let i = 0; i < pairs(iters); i++) {
    hvp(e, hv);
    for (let k = 0; k < n; k++) hv[k] = (hv[k] as number) + shift * (e[k] as number);
    const nrm = Math.sqrt(dot(hv, hv));
    if (!(nrm > 0)) break;
    for (let k = 0; k < n; k++) e[k] = (hv[k] as number) / nrm;
  }
  hvp(e, hv);
  return dot(e, hv);
}
