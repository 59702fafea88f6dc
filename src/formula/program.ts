// A formula's single-assignment program (docs/equations.md, "Your own model"): every value computed once
// (shared subexpressions merged by hashing each operation with its operands) and constants folded:
//   forward:  t_i = op_i(t_a, t_b)                      the loss, output and balance
// derive.ts appends the derivatives to it by source transformation (reverse: the gradient; tangent: H v), so the
// program grows linearly with the formula. The float64 evaluator (evaluate.ts) and the WGSL emitter (wgsl.ts)
// read the same instruction list.
import type { FunctionName, Node } from './parse.js';

export type Unary = Exclude<FunctionName, 'pow'> | 'neg' | 'sign';
export type Binary = 'add' | 'sub' | 'mul' | 'div' | 'pow';
export type Instr =
  | { op: 'lit'; value: number }
  | { op: 'param' | 'const' | 'dir'; index: number }
  | { op: Unary; a: number }
  | { op: Binary; a: number; b: number };

/** A compiled formula's program and the instructions that hold its results (what the emitters and evaluator read). */
export interface ProgramParts {
  program: Program;
  params: number;
  constants: number;
  loss: number;
  output: number;
  balance: number;
  /** d loss / d w_k, one op per parameter. */
  grad: number[];
  /** (H v)_k with v the 'dir' leaves: the tangent of the gradient program. */
  hvp: number[];
}

/** Operations whose argument must lie in a domain (the lane is marked diverged where it does not). */
export const DOMAIN: Partial<Record<Instr['op'], string>> = {
  sqrt: 'a >= 0',
  log: 'a > 0',
  log1p: 'a > -1',
  pow: 'a > 0',
};

/** Most integer exponent written as products (x^n by repeated squaring); larger ones use pow. */
const MAX_PRODUCT_POWER = 64;

export class Program {
  readonly ops: Instr[] = [];
  private readonly index = new Map<string, number>();

  private add(i: Instr): number {
    const key = JSON.stringify(i);
    const hit = this.index.get(key);
    if (hit !== undefined) return hit;
    this.ops.push(i);
    this.index.set(key, this.ops.length - 1);
    return this.ops.length - 1;
  }

  /** The value of instruction `t` when it is a literal. */
  litValue(t: number): number | undefined {
    const i = this.ops[t]!;
    return i.op === 'lit' ? i.value : undefined;
  }

  lit(value: number): number {
    return this.add({ op: 'lit', value: value === 0 ? 0 : value });
  }
  leaf(op: 'param' | 'const' | 'dir', index: number): number {
    return this.add({ op, index });
  }

  unary(op: Unary, a: number): number {
    const v = this.litValue(a);
    if (v !== undefined) {
      const folded = fold1(op, v);
      if (Number.isFinite(folded)) return this.lit(folded);
    }
    if (op === 'neg') {
      const i = this.ops[a]!;
      if (i.op === 'neg') return i.a;
    }
    return this.add({ op, a });
  }

  binary(op: Binary, a: number, b: number): number {
    const x = this.litValue(a);
    const y = this.litValue(b);
    if (x !== undefined && y !== undefined) {
      const folded = fold2(op, x, y);
      if (Number.isFinite(folded)) return this.lit(folded);
    }
    switch (op) {
      case 'add':
        if (x === 0) return b;
        if (y === 0) return a;
        break;
      case 'sub': {
        if (y === 0) return a;
        if (x === 0) return this.unary('neg', b);
        if (a === b) return this.lit(0);
        // t^2 - s^2 as (t - s)(t + s): no cancellation where t ~ s (g = p^2 - 1 near the minimum p = 1).
        const t = this.squareRoot(a);
        const u = this.squareRoot(b);
        if (t !== undefined && u !== undefined)
          return this.binary('mul', this.binary('sub', t, u), this.binary('add', t, u));
        break;
      }
      case 'mul':
        if (x === 0 || y === 0) return this.lit(0);
        if (x === 1) return b;
        if (y === 1) return a;
        if (x === -1) return this.unary('neg', b);
        if (y === -1) return this.unary('neg', a);
        // Operands in a fixed order, so a*b and b*a are one value.
        if (a > b) [a, b] = [b, a];
        break;
      case 'div':
        if (y === 1) return a;
        if (x === 0) return this.lit(0);
        break;
    }
    if (op === 'add' && a > b) [a, b] = [b, a];
    return this.add({ op, a, b });
  }

  /**
   * t when op `a` is t * t, or the literal sqrt(c) when it is a literal c > 0 whose square root is exact in
   * float32 (1, 4, 0.25, ...); undefined otherwise.
   */
  private squareRoot(a: number): number | undefined {
    const i = this.ops[a]!;
    if (i.op === 'mul' && i.a === i.b) return i.a;
    if (i.op === 'lit' && i.value > 0) {
      const r = Math.sqrt(i.value);
      if (r * r === i.value && Math.fround(r) === r) return this.lit(r);
    }
    return undefined;
  }

  /** a^n for an integer n: products by repeated squaring (WGSL's pow is undefined for a < 0). */
  intPower(a: number, n: number): number {
    if (n === 0) return this.lit(1);
    if (n < 0) return this.binary('div', this.lit(1), this.intPower(a, -n));
    let result = -1;
    let base = a;
    for (let m = n; m > 0; m >>= 1) {
      if (m & 1) result = result < 0 ? base : this.binary('mul', result, base);
      if (m > 1) base = this.binary('mul', base, base);
    }
    return result;
  }

  /** The program of a syntax tree; `names` maps parameter and constant names to their leaves. */
  fromTree(node: Node, names: ReadonlyMap<string, number>): number {
    switch (node.kind) {
      case 'num':
        return this.lit(node.value);
      case 'name':
        return names.get(node.name) ?? this.lit(node.value!);
      case 'neg':
        return this.unary('neg', this.fromTree(node.arg, names));
      case 'call': {
        const args = node.args.map((n) => this.fromTree(n, names));
        if (node.fn === 'pow') return this.power(args[0]!, args[1]!);
        return this.unary(node.fn, args[0]!);
      }
      case 'bin': {
        const a = this.fromTree(node.left, names);
        const b = this.fromTree(node.right, names);
        if (node.op === '^') return this.power(a, b);
        const op = ({ '+': 'add', '-': 'sub', '*': 'mul', '/': 'div' } as const)[node.op];
        return this.binary(op, a, b);
      }
    }
  }

  /** a^b: products for integer literals, sqrt for halves, else pow (domain a > 0). */
  power(a: number, b: number): number {
    const n = this.litValue(b);
    if (n !== undefined && Number.isInteger(n) && Math.abs(n) <= MAX_PRODUCT_POWER)
      return this.intPower(a, n);
    if (n !== undefined && Number.isInteger(2 * n) && Math.abs(n) <= MAX_PRODUCT_POWER) {
      const root = this.unary('sqrt', a);
      const whole = Math.trunc(n);
      const rest = whole === 0 ? root : this.binary('mul', this.intPower(a, Math.abs(whole)), root);
      return n < 0 ? this.binary('div', this.lit(1), rest) : rest;
    }
    return this.binary('pow', a, b);
  }

  /** Indices of the ops the `outputs` depend on, in order (the rest is dead code for them). */
  live(outputs: readonly number[]): number[] {
    const need = new Uint8Array(this.ops.length);
    const stack = [...outputs];
    while (stack.length) {
      const t = stack.pop()!;
      if (need[t]) continue;
      need[t] = 1;
      const i = this.ops[t]!;
      if ('a' in i) stack.push(i.a);
      if ('b' in i) stack.push(i.b);
    }
    const out: number[] = [];
    need.forEach((n, t) => n && out.push(t));
    return out;
  }
}

function fold1(op: Unary, v: number): number {
  switch (op) {
    case 'neg':
      return -v;
    case 'sign':
      return Math.sign(v);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'softplus':
      return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    default:
      return (Math[op] as (x: number) => number)(v);
  }
}

function fold2(op: Binary, x: number, y: number): number {
  return { add: x + y, sub: x - y, mul: x * y, div: x / y, pow: x > 0 ? x ** y : NaN }[op];
}
