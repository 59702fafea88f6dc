// Derivatives of a formula's program by source transformation (docs/equations.md, "Your own model"): new ops
// appended to the same single-assignment program (program.ts), so shared subexpressions stay shared and the
// derivative programs grow linearly with the formula:
//   reverse:  tbar_a += tbar_i d op_i / d t_a            the gradient, one sweep back over the forward ops
//   tangent:  tdot_i = sum_a d op_i / d t_a tdot_a       applied to the whole gradient program with
//                                                          tdot(w) = v: forward-over-reverse, H v exactly
import type { Instr, Program, Unary } from './program.js';

/**
 * Appends the reverse sweep of the ops before `end` from output `y`: returns the adjoint of each of `leaves`
 * (the gradient with respect to them; a literal 0 where the output does not depend on one).
 */
export function reverse(p: Program, y: number, leaves: readonly number[]): number[] {
  const adj = new Map<number, number>([[y, p.lit(1)]]);
  const acc = (t: number, v: number) => {
    const old = adj.get(t);
    adj.set(t, old === undefined ? v : p.binary('add', old, v));
  };
  for (let t = y; t >= 0; t--) {
    const g = adj.get(t);
    if (g === undefined) continue;
    const i = p.ops[t]!;
    if (!('a' in i)) continue;
    const mul = (x: number, z: number) => p.binary('mul', x, z);
    if ('b' in i) {
      const { a, b } = i;
      switch (i.op) {
        case 'add':
          acc(a, g);
          acc(b, g);
          break;
        case 'sub':
          acc(a, g);
          acc(b, p.unary('neg', g));
          break;
        case 'mul':
          acc(a, mul(g, b));
          acc(b, mul(g, a));
          break;
        case 'div':
          acc(a, p.binary('div', g, b));
          acc(b, p.unary('neg', p.binary('div', mul(g, t), b)));
          break;
        case 'pow':
          acc(a, p.binary('div', mul(mul(g, b), t), a));
          acc(b, mul(mul(g, t), p.unary('log', a)));
          break;
      }
    } else {
      const d = derivative(p, i.op, i.a, t);
      if (d !== undefined) acc(i.a, mul(g, d));
    }
  }
  return leaves.map((l) => adj.get(l) ?? p.lit(0));
}

/** d op(a) / da at the op's value y = t (undefined: identically 0). */
function derivative(p: Program, op: Unary, a: number, t: number): number | undefined {
  const one = p.lit(1);
  switch (op) {
    case 'neg':
      return p.lit(-1);
    case 'sqrt':
      return p.binary('div', p.lit(0.5), t);
    case 'exp':
      return t;
    case 'log':
      return p.binary('div', one, a);
    case 'log1p':
      return p.binary('div', one, p.binary('add', one, a));
    case 'expm1':
      return p.binary('add', t, one);
    case 'sin':
      return p.unary('cos', a);
    case 'cos':
      return p.unary('neg', p.unary('sin', a));
    case 'tanh':
      // (1 - y)(1 + y): no cancellation of 1 - y^2 in the rounding of y^2 near |y| = 1.
      return p.binary('mul', p.binary('sub', one, t), p.binary('add', one, t));
    case 'sigmoid':
      return p.binary('mul', t, p.binary('sub', one, t));
    case 'softplus':
      return p.unary('sigmoid', a);
    case 'abs':
      return p.unary('sign', a);
    case 'sign':
      return undefined;
  }
}

/**
 * Appends the tangent of every op before `end` along tdot(leaf) = `seed(leaf)`; returns each op's tangent
 * (undefined where identically 0). Applied to a gradient program this is forward-over-reverse.
 */
export function tangent(
  p: Program,
  end: number,
  seed: (i: Instr) => number | undefined,
): (number | undefined)[] {
  const dot: (number | undefined)[] = [];
  const mul = (x: number, z: number) => p.binary('mul', x, z);
  const sum = (x: number | undefined, z: number | undefined) =>
    x === undefined ? z : z === undefined ? x : p.binary('add', x, z);
  for (let t = 0; t < end; t++) {
    const i = p.ops[t]!;
    if (!('a' in i)) {
      dot.push(seed(i));
      continue;
    }
    const da = dot[i.a];
    if ('b' in i) {
      const db = dot[i.b];
      const { a, b } = i;
      let v: number | undefined;
      switch (i.op) {
        case 'add':
          v = sum(da, db);
          break;
        case 'sub':
          v = db === undefined ? da : sum(da, p.unary('neg', db));
          break;
        case 'mul':
          v = sum(da === undefined ? undefined : mul(da, b), db === undefined ? undefined : mul(a, db));
          break;
        case 'div': {
          const num = sum(da, db === undefined ? undefined : p.unary('neg', mul(t, db)));
          v = num === undefined ? undefined : p.binary('div', num, b);
          break;
        }
        case 'pow': {
          const inner = sum(
            db === undefined ? undefined : mul(db, p.unary('log', a)),
            da === undefined ? undefined : p.binary('div', mul(b, da), a),
          );
          v = inner === undefined ? undefined : mul(t, inner);
          break;
        }
      }
      dot.push(v);
    } else {
      const d = da === undefined ? undefined : derivative(p, i.op, i.a, t);
      dot.push(da === undefined || d === undefined ? undefined : mul(da, d));
    }
  }
  return dot;
}
