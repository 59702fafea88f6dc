// The float64 reference of a formula model: an interpreter over the same single-assignment program the WGSL is
// emitted from (program.ts), one register per value. No eval or new Function: the user's text is never code.
// Domain rules as on the GPU (wgsl.ts): sqrt of a negative, log of a non-positive, log1p below -1 or pow of a
// non-positive base make the loss +Infinity, so the lane diverges at that step.
import type { Hyper, ModelReference } from '../models/types.js';
import type { ProgramParts } from './program.js';
import { DOMAIN, type Instr } from './program.js';

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** One op in float64 (what the WGSL helper of the same name computes in float32). */
function apply(
  i: Instr,
  r: Float64Array,
  w: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
): number {
  switch (i.op) {
    case 'lit':
      return i.value;
    case 'param':
      return w[i.index]!;
    case 'const':
      return k[i.index]!;
    case 'dir':
      return v[i.index]!;
    case 'add':
      return r[i.a]! + r[i.b]!;
    case 'sub':
      return r[i.a]! - r[i.b]!;
    case 'mul':
      return r[i.a]! * r[i.b]!;
    case 'div':
      return r[i.a]! / r[i.b]!;
    case 'pow':
      return r[i.a]! ** r[i.b]!;
    case 'neg':
      return -r[i.a]!;
    case 'sign':
      return Math.sign(r[i.a]!);
    case 'sigmoid':
      return sigmoid(r[i.a]!);
    case 'softplus': {
      const x = r[i.a]!;
      return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
    default:
      return (Math[i.op] as (x: number) => number)(r[i.a]!);
  }
}

/** Whether op `i`'s argument lies in its domain (DOMAIN in program.ts). */
export function inDomain(i: Instr, r: Float64Array): boolean {
  if (!DOMAIN[i.op] || !('a' in i)) return true;
  const a = r[i.a]!;
  return i.op === 'sqrt' ? a >= 0 : i.op === 'log1p' ? a > -1 : a > 0;
}

/** A runner of the ops `live` computes (registers sized to the whole program). */
function runner(parts: ProgramParts, outputs: number[]) {
  const ops = parts.program.ops;
  const live = parts.program.live(outputs);
  const r = new Float64Array(ops.length);
  const none = new Float64Array(0);
  return (
    w: ArrayLike<number>,
    k: ArrayLike<number>,
    v: ArrayLike<number> = none,
  ): [Float64Array, boolean] => {
    let ok = true;
    for (const t of live) {
      const i = ops[t]!;
      r[t] = apply(i, r, w, k, v);
      if (!inDomain(i, r)) ok = false;
    }
    return [r, ok];
  };
}

/** The constants of a lane, in program order (hyper members k0, k1, ...). */
export function constantsOf(h: Hyper, count: number): Float64Array {
  return Float64Array.from({ length: count }, (_, j) => h[`k${j}`] as number);
}

/**
 * The ModelReference of a compiled formula: loss and gradient, the Hessian-vector product, output and balance,
 * the Hessian column by column from HVPs, and the power iteration's start vector of its Vec file.
 * @example
 * referenceOf(parts).lossGrad(Float64Array.of(1, 2), {}, grad); // the loss; grad filled
 */
export function referenceOf(parts: ProgramParts): ModelReference {
  const P = parts.params;
  const lossGrad = runner(parts, [parts.loss, ...parts.grad]);
  const hvp = runner(parts, parts.hvp);
  const observe = runner(parts, [parts.output, parts.balance]);
  const ref: ModelReference = {
    lossGrad(w, h, grad) {
      const [r, ok] = lossGrad(w, constantsOf(h, parts.constants));
      parts.grad.forEach((g, k) => (grad[k] = r[g]!));
      return ok ? r[parts.loss]! : Infinity;
    },
    hvp(w, h, v, out) {
      const [r] = hvp(w, constantsOf(h, parts.constants), v);
      parts.hvp.forEach((t, k) => (out[k] = r[t]!));
    },
    observe(w, h) {
      const [r] = observe(w, constantsOf(h, parts.constants));
      return [r[parts.output]!, r[parts.balance]!];
    },
    hessian(w, h) {
      const H = new Float64Array(P * P);
      const e = new Float64Array(P);
      const col = new Float64Array(P);
      for (let c = 0; c < P; c++) {
        e.fill(0);
        e[c] = 1;
        ref.hvp(w, h, e, col);
        for (let row = 0; row < P; row++) H[row * P + c] = col[row]!;
      }
      return H;
    },
    start(e) {
      // The Vec file's vstart: (1, 0.618034) for two parameters (common/vec2.wgsl), else 1 / (k + 1).
      for (let k = 0; k < P; k++) e[k] = P === 2 ? (k === 0 ? 1 : 0.618034) : 1 / (k + 1);
    },
  };
  return ref;
}
