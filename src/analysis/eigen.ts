// Dense symmetric eigenvalues by cyclic Jacobi rotations (float64): the test oracle for power iteration.

/** Eigenvalues of the symmetric n x n row-major matrix `a`, ascending. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  return jacobi(a, n).sort();
}

/**
 * Eigenvalues (descending) and unit eigenvectors of the symmetric n x n row-major matrix `a`.
 * @example
 * const { values, vectors } = symmetricEigen(H, n); // H vectors[0] = values[0] vectors[0]
 */
export function symmetricEigen(a: Float64Array, n: number): { values: number[]; vectors: Float64Array[] } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const d = jacobi(a, n, v);
  const order = Array.from(d.keys()).sort((x, y) => d[y]! - d[x]!);
  return {
    values: order.map((i) => d[i]!),
    vectors: order.map((c) => Float64Array.from({ length: n }, (_, r) => v[r * n + c]!)),
  };
}

/** Cyclic Jacobi: the diagonal after convergence (input order); `v` (identity in) accumulates the rotations. */
function jacobi(a: Float64Array, n: number, v?: Float64Array): Float64Array {
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
        if (v)
          for (let k = 0; k < n; k++) {
            const vkp = v[k * n + p]!;
            const vkq = v[k * n + q]!;
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
          }
      }
    }
  }
  return Float64Array.from({ length: n }, (_, i) => at(i, i));
}
