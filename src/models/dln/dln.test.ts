// The deep linear network's float64 reference: derivatives against central differences, the balancing-gap
// identity, and Ghosh et al.'s per-mode picture (with the ghosh init each singular mode follows the scalar chain).
import { describe, expect, it } from 'vitest';
import { reference as chainRef } from '../chain/reference.js';
import { expectGradient, expectHessian, gdStep } from '../testing.js';
import { dln, dlnTarget } from './index.js';
import { dlnAnalysis } from './analysis.js';
import { chainProducts, dlnReference, gapNorm, layer, matMul } from './reference.js';

const model = dln.normalize({ name: 'dln', depth: 3, width: 3, spectrum: [1.5, 0.7], seed: 4 });
const ref = dln.reference(model);
const target = dlnTarget(model);
const hyper = {};

/** Random-ish parameters for a 3-layer, width-3 network (W_l row-major 3 x 3 at 9 l). */
function params(seed: number): Float64Array {
  const w = new Float64Array(27);
  for (let l = 0; l < 3; l++)
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        w[9 * l + i * 3 + j] = 0.6 * Math.sin(seed + 7 * l + 3 * i + j) + (i === j ? 0.8 : 0);
  return w;
}

/** A diagonal d x d target diag(spectrum), its top pair e_1. */
function diagonal(d: number, spectrum: number[]) {
  const m = new Float64Array(d * d);
  spectrum.forEach((s, i) => (m[i * (d + 1)] = s));
  const e1 = Array.from({ length: d }, (_, i) => Number(i === 0));
  return { m, u1: e1, v1: e1 };
}

describe('dln reference', () => {
  it('has the gradient and Hessian of 1/2 ||W_3 W_2 W_1 - M||^2', () => {
    for (const s of [1, 2]) {
      const w = params(s);
      expectGradient(ref, w, hyper);
      expectHessian(ref, w, hyper);
    }
  });

  it('builds a target with the given singular values', () => {
    const m = target.m;
    // ||M||_F^2 = sum of squared singular values.
    expect(m.reduce((a, x) => a + x * x, 0)).toBeCloseTo(1.5 ** 2 + 0.7 ** 2, 12);
    // u1^T M v1 = the top singular value.
    let top = 0;
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) top += target.u1[i]! * m[i * 3 + j]! * target.v1[j]!;
    expect(top).toBeCloseTo(1.5, 12);
  });

  it('moves the gap D_1 = W_2^T W_2 - W_1 W_1^T by eta^2 (G_2^T G_2 - G_1 G_1^T) per GD step (exact)', () => {
    const w = params(3);
    const eta = 0.05;
    const g = new Float64Array(27);
    ref.lossGrad(w, hyper, g);
    const next = gdStep(ref, w, hyper, eta);
    const mm = (a: Float64Array, b: Float64Array, ta: boolean, tb: boolean) => matMul(3, a, b, ta, tb);
    const gap = (x: Float64Array) =>
      mm(layer(x, 3, 1), layer(x, 3, 1), true, false).map(
        (v, k) => v - mm(layer(x, 3, 0), layer(x, 3, 0), false, true)[k]!,
      );
    const want = gap(w).map(
      (v, k) =>
        v +
        eta *
          eta *
          (mm(layer(g, 3, 1), layer(g, 3, 1), true, false)[k]! -
            mm(layer(g, 3, 0), layer(g, 3, 0), false, true)[k]!),
    );
    gap(next).forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 12));
    expect(gapNorm(next, 3)).toBeCloseTo(Math.hypot(...want), 12);
  });

  it('with the ghosh init keeps each singular mode on the scalar chain of its singular value', () => {
    // Diagonal target (U = V = I is what the projections below assume, so build M = diag(spectrum) directly):
    // W_l = alpha I (l < L), W_L = 0 stay diagonal under GD, and mode i follows the chain l = 1/2 (prod w - s_i)^2.
    const depth = 3;
    const spectrum = [1.3, 0.6];
    const h = {};
    const net = dlnReference(depth, 2, diagonal(2, spectrum));
    const w = new Float64Array(4 * depth);
    for (let l = 0; l < depth - 1; l++) for (let i = 0; i < 2; i++) w[4 * l + i * 3] = 0.5;
    const modes: Float64Array[] = spectrum.map(() => Float64Array.of(0.5, 0.5, 0));
    const eta = 0.2;
    let x: Float64Array = w;
    for (let t = 0; t < 200; t++) {
      x = gdStep(net, x, h, eta);
      spectrum.forEach((s, i) => (modes[i] = gdStep(chainRef, modes[i]!, { sigma: s }, eta)));
    }
    spectrum.forEach((_, i) => {
      for (let l = 0; l < depth; l++) expect(x[4 * l + i * 3]).toBeCloseTo(modes[i]![l]!, 10);
    });
    for (let l = 0; l < depth; l++) expect(Math.abs(x[4 * l + 1]!) + Math.abs(x[4 * l + 2]!)).toBe(0);
  });

  it('oscillates in exactly the modes whose threshold eta exceeds (well-separated spectrum)', () => {
    // Mode i leaves its minimum when eta > 2 / (L s_i^(2 - 2/L)) (docs/equations.md, identity 3 per mode). With
    // L = 2 the thresholds for s = (1.15, 1, 0.25) are 0.87, 1 and 4: eta = 0.7, 0.95, 1.05 set 0, 1 and 2 modes
    // oscillating, each in its 2-cycle (eta s_i < sqrt(5) - 1). A diagonal target and init keep the modes
    // exactly apart, so the cross-mode instability of close spectra (see docs) cannot mix them.
    const spectrum = [1.15, 1, 0.25];
    const h = {};
    const net = dlnReference(2, 3, diagonal(3, spectrum));
    for (const eta of [0.7, 0.95, 1.05]) {
      let x = new Float64Array(18);
      for (let i = 0; i < 3; i++) {
        x[i * 4] = Math.sqrt(spectrum[i]!) * 0.9;
        x[9 + i * 4] = Math.sqrt(spectrum[i]!) * 1.1;
      }
      const p: number[][] = [];
      for (let t = 0; t < 3000; t++) {
        x = gdStep(net, x, h, eta) as Float64Array<ArrayBuffer>;
        if (t >= 2990) p.push([0, 1, 2].map((i) => x[i * 4]! * x[9 + i * 4]!));
      }
      const oscillating = [0, 1, 2].filter(
        (i) => Math.abs(p[8]![i]! - p[9]![i]!) > 1e-6 * spectrum[i]!,
      ).length;
      const predicted = spectrum.filter((s) => eta > 2 / (2 * s)).length;
      expect(oscillating, `eta = ${eta}`).toBe(predicted);
    }
  });

  it('shrinks the balancing gap ||D_1|| at every step while two modes oscillate at the edge of stability', () => {
    // Per mode (a, b) of a 2-layer network, b'^2 - a'^2 = (b^2 - a^2)(1 - eta^2 r^2) with r = ab - s, so the gap
    // cannot grow while |eta r| <= sqrt(2) (Ghosh et al.: EoS oscillation balances the network). eta = 1.05 puts
    // the two top modes (thresholds 0.87 and 1) in 2-cycles: the gap must fall every step, the oscillating
    // modes' own gaps by orders of magnitude, while the stable mode (s = 0.25) converges with its gap kept.
    const spectrum = [1.15, 1, 0.25];
    const net = dlnReference(2, 3, diagonal(3, spectrum));
    let x = new Float64Array(18);
    for (let i = 0; i < 3; i++) {
      x[i * 4] = Math.sqrt(spectrum[i]!) * 0.9;
      x[9 + i * 4] = Math.sqrt(spectrum[i]!) * 1.1;
    }
    const gaps = [gapNorm(x, 3)];
    const products: number[] = [];
    for (let t = 0; t < 2000; t++) {
      x = gdStep(net, x, {}, 1.05) as Float64Array<ArrayBuffer>;
      gaps.push(gapNorm(x, 3));
      products.push(x[0]! * x[9]!);
    }
    for (let t = 1; t < gaps.length; t++) expect(gaps[t], `step ${t}`).toBeLessThanOrEqual(gaps[t - 1]!);
    const modeGap = (i: number) => x[9 + i * 4]! ** 2 - x[i * 4]! ** 2; // b_i^2 - a_i^2, 0.4 s_i at the start
    expect(Math.abs(modeGap(0))).toBeLessThan(1e-3 * 0.4 * spectrum[0]!);
    expect(Math.abs(modeGap(1))).toBeLessThan(1e-3 * 0.4 * spectrum[1]!);
    expect(modeGap(2)).toBeGreaterThan(0.9 * 0.4 * spectrum[2]!);
    // Still oscillating at the end (a 2-cycle of the top mode's product), not converged.
    expect(Math.abs(products.at(-1)! - products.at(-2)!)).toBeGreaterThan(1e-3);
  });
});

describe('dln analyses of final parameters', () => {
  it('give singular values and balancing gaps that satisfy their identities', () => {
    // alpha I layers: every singular value alpha, the product alpha^3, balanced (gaps 0).
    const eye = Float64Array.from({ length: 27 }, (_, k) => ((k % 9) % 4 === 0 ? 0.5 : 0));
    const a = dlnAnalysis(eye, 3, 3);
    for (const sv of a.layers) for (const x of sv) expect(x).toBeCloseTo(0.5, 12);
    for (const x of a.product) expect(x).toBeCloseTo(0.125, 12);
    expect(a.gaps).toEqual([0, 0]);
    // General layers: sum of squared singular values = squared Frobenius norm; gaps[0] = the reference's D_1.
    const w = params(3);
    const b = dlnAnalysis(w, 3, 3);
    const p = chainProducts(w, 3, 3).p[3]!;
    expect(b.product.reduce((s, x) => s + x * x, 0)).toBeCloseTo(
      p.reduce((s, x) => s + x * x, 0),
      10,
    );
    expect(b.product[0]!).toBeGreaterThanOrEqual(b.product[2]!);
    expect(b.gaps[0]).toBeCloseTo(gapNorm(w, 3), 12);
  });
});
