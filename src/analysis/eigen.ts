// Dense symmetric eigenvalues by cyclic Jacobi rotations (float64): the test oracle for power iteration.

/** Eigenvalues of the symmetric n x n row-major matrix `a`, ascending. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const at = (i: number, j: number) => m[i * n + j] as number;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += at(i, j) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = at(k, p);
          const mkq = at(k, q);
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = at(p, k);
          const mqk = at(q, k);
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => at(i, i)).sort();
}
