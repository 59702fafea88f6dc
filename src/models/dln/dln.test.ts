// The deep linear network's float64 reference: derivatives against central differences, the balancing-gap
// identity, and Ghosh et al.'s per-mode picture (with the ghosh init each singular mode follows the scalar chain).
import { describe, expect, it } from 'vitest';
import { reference as chainRef } from '../chain/reference.js';
import { expectGradient, expectHessian, gdStep } from '../testing.js';
import { dln, dlnTarget } from './index.js';

const model = dln.normalize({ name: 'dln', depth: 3, width: 3, spectrum: [1.5, 0.7], seed: 4 });
const ref = dln.reference(model);
const hyper = dlnTarget(model);

/** Padded random-ish parameters for a 3-layer, width-3 network. */
function params(seed: number): Float64Array {
  const w = new Float64Array(48);
  for (let l = 0; l < 3; l++)
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        w[16 * l + i * 4 + j] = 0.6 * Math.sin(seed + 7 * l + 3 * i + j) + (i === j ? 0.8 : 0);
  return w;
}

describe('dln reference', () => {
  it('has the gradient and Hessian of 1/2 ||W_3 W_2 W_1 - M||^2 (and zeros in the padding)', () => {
    for (const s of [1, 2]) {
      const w = params(s);
      expectGradient(ref, w, hyper);
      expectHessian(ref, w, hyper);
      const g = new Float64Array(48);
      ref.lossGrad(w, hyper, g);
      for (let k = 0; k < 48; k++) if (k % 4 === 3 || Math.floor(k / 4) % 4 === 3) expect(g[k]).toBe(0);
    }
  });

  it('builds a target with the given singular values', () => {
    const m = hyper.m;
    // ||M||_F^2 = sum of squared singular values.
    expect(m.reduce((a, x) => a + x * x, 0)).toBeCloseTo(1.5 ** 2 + 0.7 ** 2, 12);
    // u1^T M v1 = the top singular value.
    let top = 0;
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) top += hyper.u1[i]! * m[i * 4 + j]! * hyper.v1[j]!;
    expect(top).toBeCloseTo(1.5, 12);
  });

  it('moves the gap D_1 = W_2^T W_2 - W_1 W_1^T by eta^2 (G_2^T G_2 - G_1 G_1^T) per GD step (exact)', () => {
    const w = params(3);
    const eta = 0.05;
    const g = new Float64Array(48);
    ref.lossGrad(w, hyper, g);
    const next = gdStep(ref, w, hyper, eta);
    const mat = (x: Float64Array, l: number) => x.slice(16 * l, 16 * l + 16);
    const mm = (a: Float64Array, b: Float64Array, ta: boolean, tb: boolean) => {
      const r = new Float64Array(16);
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 4; j++)
          for (let k = 0; k < 4; k++)
            r[i * 4 + j]! += (ta ? a[k * 4 + i]! : a[i * 4 + k]!) * (tb ? b[j * 4 + k]! : b[k * 4 + j]!);
      return r;
    };
    const gap = (x: Float64Array) =>
      mm(mat(x, 1), mat(x, 1), true, false).map((v, k) => v - mm(mat(x, 0), mat(x, 0), false, true)[k]!);
    const want = gap(w).map(
      (v, k) =>
        v +
        eta * eta * (mm(mat(g, 1), mat(g, 1), true, false)[k]! - mm(mat(g, 0), mat(g, 0), false, true)[k]!),
    );
    gap(next).forEach((v, k) => expect(v).toBeCloseTo(want[k]!, 12));
  });

  it('with the ghosh init keeps each singular mode on the scalar chain of its singular value', () => {
    // Diagonal target (U = V = I is what the projections below assume, so build M = diag(spectrum) directly):
    // W_l = alpha I (l < L), W_L = 0 stay diagonal under GD, and mode i follows the chain l = 1/2 (prod w - s_i)^2.
    const depth = 3;
    const spectrum = [1.3, 0.6];
    const m = new Array<number>(16).fill(0);
    spectrum.forEach((s, i) => (m[i * 5] = s));
    const h = { m, u1: [1, 0, 0, 0], v1: [1, 0, 0, 0] };
    const net = dln.reference({ name: 'dln', depth, width: 2 });
    const w = new Float64Array(16 * depth);
    for (let l = 0; l < depth - 1; l++) for (let i = 0; i < 2; i++) w[16 * l + i * 5] = 0.5;
    const modes: Float64Array[] = spectrum.map(() => Float64Array.of(0.5, 0.5, 0));
    const eta = 0.2;
    let x: Float64Array = w;
    for (let t = 0; t < 200; t++) {
      x = gdStep(net, x, h, eta);
      spectrum.forEach((s, i) => (modes[i] = gdStep(chainRef, modes[i]!, { sigma: s }, eta)));
    }
    spectrum.forEach((_, i) => {
      for (let l = 0; l < depth; l++) expect(x[16 * l + i * 5]).toBeCloseTo(modes[i]![l]!, 10);
    });
    for (let l = 0; l < depth; l++) expect(Math.abs(x[16 * l + 1]!) + Math.abs(x[16 * l + 4]!)).toBe(0);
  });

  it('oscillates in exactly the modes whose threshold eta exceeds (well-separated spectrum)', () => {
    // Mode i leaves its minimum when eta > 2 / (L s_i^(2 - 2/L)) (docs/equations.md, identity 3 per mode). With
    // L = 2 the thresholds for s = (1.15, 1, 0.25) are 0.87, 1 and 4: eta = 0.7, 0.95, 1.05 set 0, 1 and 2 modes
    // oscillating, each in its 2-cycle (eta s_i < sqrt(5) - 1). A diagonal target and init keep the modes
    // exactly apart, so the cross-mode instability of close spectra (see docs) cannot mix them.
    const spectrum = [1.15, 1, 0.25];
    const m = new Array<number>(16).fill(0);
    spectrum.forEach((s, i) => (m[i * 5] = s));
    const h = { m, u1: [1, 0, 0, 0], v1: [1, 0, 0, 0] };
    const net = dln.reference({ name: 'dln', depth: 2, width: 3 });
    for (const eta of [0.7, 0.95, 1.05]) {
      let x = new Float64Array(32);
      for (let i = 0; i < 3; i++) {
        x[i * 5] = Math.sqrt(spectrum[i]!) * 0.9;
        x[16 + i * 5] = Math.sqrt(spectrum[i]!) * 1.1;
      }
      const p: number[][] = [];
      for (let t = 0; t < 3000; t++) {
        x = gdStep(net, x, h, eta) as Float64Array<ArrayBuffer>;
        if (t >= 2990) p.push([0, 1, 2].map((i) => x[i * 5]! * x[16 + i * 5]!));
      }
      const oscillating = [0, 1, 2].filter(
        (i) => Math.abs(p[8]![i]! - p[9]![i]!) > 1e-6 * spectrum[i]!,
      ).length;
      const predicted = spectrum.filter((s) => eta > 2 / (2 * s)).length;
      expect(oscillating, `eta = ${eta}`).toBe(predicted);
    }
  });
});
