import { describe, expect, it } from 'vitest';
import { topEigenvalues } from './subspace.js';
import { classify } from './classify.js';
import { symmetricEigenvalues } from './eigen.js';
import { powerIteration } from './power.js';

/** A symmetric matrix Q diag(d) Q^T with Q from Householder reflections (known spectrum). */
function withSpectrum(d: number[]): Float64Array {
  const n = d.length;
  const v = Float64Array.from({ length: n }, (_, i) => Math.cos(1 + 2 * i));
  const vv = v.reduce((s, x) => s + x * x, 0);
  const Q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * (v[i] as number) * (v[j] as number)) / vv;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += Q(i, k) * (d[k] as number) * Q(j, k);
      A[i * n + j] = s;
    }
  return A;
}

const matvec = (A: Float64Array, n: number) => (x: Float64Array, out: Float64Array) => {
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (A[i * n + j] as number) * (x[j] as number);
    out[i] = s;
  }
};

const start = (e: Float64Array) => e.forEach((_, k) => (e[k] = 1 / (k + 1)));

describe('eigenvalues', () => {
  it('Jacobi recovers a known spectrum', () => {
    const d = [3, -1, 0.5, 7, 2];
    const eig = symmetricEigenvalues(withSpectrum(d), 5);
    [...d].sort((a, b) => a - b).forEach((x, i) => expect(eig[i]).toBeCloseTo(x, 12));
  });

  it('power iteration finds the largest algebraic eigenvalue even when a negative one dominates', () => {
    // Spectrum {2, 1, -5}: plain power iteration would return -5; the shifted one must return 2.
    // Convergence ratio (1 + 1.5 mu) / (2 + 1.5 mu) with mu ~ 5: 0.89, so 200 iterations reach 1e-10.
    const A = withSpectrum([2, 1, -5]);
    expect(powerIteration(matvec(A, 3), new Float64Array(3), 200, start).lambda).toBeCloseTo(2, 8);
    const B = withSpectrum([9, 1, -2, 0.1]);
    expect(powerIteration(matvec(B, 4), new Float64Array(4), 60, start).lambda).toBeCloseTo(9, 8);
  });

  it('power iteration handles a +-c pair of equal magnitude on top of the spectrum', () => {
    const A = withSpectrum([3, -3, 1]);
    expect(powerIteration(matvec(A, 3), new Float64Array(3), 200, start).lambda).toBeCloseTo(3, 6);
  });

  it('power iteration stops at the residual tolerance and reports the residual it reached', () => {
    // Spectrum {2, 1.9, -1}: shifted ratio (1.9 + 3) / (2 + 3) = 0.98, so 1000 iterations are needed for
    // 1e-8; with tol 1e-3 it stops far earlier and says how close it is (residual <= ~1e-3 by the rule).
    const A = withSpectrum([2, 1.9, -1]);
    let calls = 0;
    const mv = matvec(A, 3);
    const counted = (v: Float64Array, out: Float64Array) => {
      calls++;
      mv(v, out);
    };
    const loose = powerIteration(counted, new Float64Array(3), 1000, start, 1e-3);
    expect(calls).toBeLessThan(400);
    expect(loose.residual).toBeLessThan(2e-3);
    expect(loose.residual).toBeGreaterThan(1e-6);
    // Eigenvalue error ~ residual^2 |lambda| / gap: far below the residual itself.
    expect(Math.abs(loose.lambda - 2)).toBeLessThan(0.05 * loose.residual);
    const tight = powerIteration(mv, new Float64Array(3), 4000, start, 1e-9);
    expect(tight.residual).toBeLessThan(2e-9);
    expect(tight.lambda).toBeCloseTo(2, 12);
  });
});

describe('classify', () => {
  const cycle = (values: number[], n = 48) =>
    Array.from({ length: n }, (_, i) => values[i % values.length] as number);
  it('tells converged, period-p, aperiodic and diverged apart', () => {
    expect(classify(cycle([0.7]), false)).toEqual({ kind: 'converged', period: 1 });
    expect(classify(cycle([0.2, 1.1]), false)).toEqual({ kind: 'periodic', period: 2 });
    expect(classify(cycle([0.2, 1.1, 0.5, 1.3]), false)).toEqual({ kind: 'periodic', period: 4 });
    const logistic: number[] = [0.3];
    for (let i = 1; i < 64; i++)
      logistic.push(3.99 * (logistic[i - 1] as number) * (1 - (logistic[i - 1] as number)));
    expect(classify(logistic, false).kind).toBe('aperiodic');
    expect(classify(cycle([1, NaN]), false).kind).toBe('diverged');
    expect(classify(cycle([1]), true).kind).toBe('diverged');
  });

  it('accepts f32 rounding noise within the stated 1e-4 tolerance but not more', () => {
    const noisy = cycle([0.2, 1.1]).map((x, i) => x + (i % 3) * 1e-6);
    expect(classify(noisy, false).period).toBe(2);
    const drifting = cycle([0.2, 1.1]).map((x, i) => x + i * 1e-3);
    expect(classify(drifting, false).kind).toBe('aperiodic');
  });
});

describe('top-k eigenvalues by subspace iteration', () => {
  it('match the dense eigenvalues, a large negative one not taking a place', () => {
    // A symmetric matrix built from fixed vectors with a negative eigenvalue larger in magnitude than the top
    // one (checked below), against the dense Jacobi eigenvalues.
    const n = 10;
    const d = [5, 4.5, 3, 2, 1, 0.5, 0, -1, -2, -9];
    const q: number[][] = [];
    for (let j = 0; j < n; j++) {
      const v = Array.from({ length: n }, (_, i) => Math.sin(1 + 3 * i + 5 * j * j));
      for (const p of q) {
        const c = p.reduce((s, x, i) => s + x * v[i]!, 0);
        p.forEach((x, i) => (v[i] = v[i]! - c * x));
      }
      const nn = Math.hypot(...v);
      q.push(v.map((x) => x / nn));
    }
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) a[i * n + j] = d.reduce((s, l, c) => s + l * q[c]![i]! * q[c]![j]!, 0);
    const hvp = (v: Float64Array, out: Float64Array) => {
      for (let i = 0; i < n; i++)
        out[i] = a.subarray(i * n, (i + 1) * n).reduce((s, x, j) => s + x * v[j]!, 0);
    };
    const dense = Array.from(symmetricEigenvalues(a, n));
    expect(-dense[0]!).toBeGreaterThan(dense[n - 1]!);
    const top = topEigenvalues(hvp, n, 3);
    expect(top).toHaveLength(3);
    dense
      .slice(-3)
      .reverse()
      .forEach((l, i) => expect(Math.abs(top[i]! - l)).toBeLessThan(1e-9 * Math.abs(l)));
    expect(topEigenvalues(hvp, n, 20)).toHaveLength(n);
  });
});

describe('symmetricEigen', () => {
  it('returns descending eigenvalues with unit eigenvectors: A v = lambda v', async () => {
    const { symmetricEigen } = await import('./eigen.js');
    const n = 5;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = Math.sin(1 + 3 * i + 7 * j);
    const { values, vectors } = symmetricEigen(a, n);
    expect(values).toEqual([...values].sort((x, y) => y - x));
    vectors.forEach((v, k) => {
      expect(Math.hypot(...v)).toBeCloseTo(1, 12);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j]! * v[j]!;
        expect(av).toBeCloseTo(values[k]! * v[i]!, 10);
      }
    });
  });
});
