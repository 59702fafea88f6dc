// The gradient of a formula as a reader would write it, for display only (the playground): symbolic
// differentiation of the syntax tree with light simplification, printed with the fewest parentheses. What runs
// is the single-assignment program (program.ts); this pass stops at a size limit and says so.
import type { BinaryOp, Node } from './parse.js';

/** Past this many nodes a derivative is not shown (symbolic derivatives swell; the engine's do not). */
export const DISPLAY_LIMIT = 160;

type N = Node;
const num = (value: number): N => ({ kind: 'num', value, pos: 0 });
const isNum = (n: N, v?: number): boolean => n.kind === 'num' && (v === undefined || n.value === v);

function bin(op: BinaryOp, left: N, right: N): N {
  if (left.kind === 'num' && right.kind === 'num') {
    const a = left.value;
    const b = right.value;
    const v = { '+': a + b, '-': a - b, '*': a * b, '/': a / b, '^': a ** b }[op];
    if (Number.isFinite(v) && (op !== '/' || Number.isInteger(v))) return num(v);
  }
  switch (op) {
    case '+':
      if (isNum(left, 0)) return right;
      if (isNum(right, 0)) return left;
      if (right.kind === 'neg') return bin('-', left, right.arg);
      break;
    case '-':
      if (isNum(right, 0)) return left;
      if (isNum(left, 0)) return neg(right);
      break;
    case '*':
      if (isNum(left, 0) || isNum(right, 0)) return num(0);
      if (isNum(left, 1)) return right;
      if (isNum(right, 1)) return left;
      if (isNum(left, -1)) return neg(right);
      if (right.kind === 'num' && left.kind !== 'num') return bin('*', right, left);
      if (left.kind === 'num' && right.kind === 'bin' && right.op === '*' && right.left.kind === 'num')
        return bin('*', num(left.value * right.left.value), right.right);
      break;
    case '/':
      if (isNum(right, 1)) return left;
      if (isNum(left, 0)) return num(0);
      break;
    case '^':
      if (isNum(right, 1)) return left;
      if (isNum(right, 0)) return num(1);
      break;
  }
  return { kind: 'bin', op, left, right, pos: 0 };
}

function neg(a: N): N {
  if (a.kind === 'num') return num(-a.value);
  if (a.kind === 'neg') return a.arg;
  if (a.kind === 'bin' && a.op === '*' && a.left.kind === 'num') return bin('*', num(-a.left.value), a.right);
  return { kind: 'neg', arg: a, pos: 0 };
}

const call = (fn: Extract<N, { kind: 'call' }>['fn'], ...args: N[]): N => ({
  kind: 'call',
  fn,
  args,
  pos: 0,
});

/** d node / d name, symbolically (the rules of derive.ts, on trees). */
export function derivative(node: N, name: string): N {
  const d = (n: N) => derivative(n, name);
  switch (node.kind) {
    case 'num':
      return num(0);
    case 'name':
      return num(node.name === name ? 1 : 0);
    case 'neg':
      return neg(d(node.arg));
    case 'bin': {
      const { left: a, right: b } = node;
      const da = d(a);
      const db = d(b);
      switch (node.op) {
        case '+':
          return bin('+', da, db);
        case '-':
          return bin('-', da, db);
        case '*':
          return bin('+', bin('*', da, b), bin('*', a, db));
        case '/':
          if (isNum(db, 0)) return bin('/', da, b);
          return bin('/', bin('-', bin('*', da, b), bin('*', a, db)), bin('^', b, num(2)));
        case '^':
          if (b.kind === 'num' || isNum(db, 0))
            return bin('*', bin('*', b, bin('^', a, bin('-', b, num(1)))), da);
          return bin('*', node, bin('+', bin('*', db, call('log', a)), bin('/', bin('*', b, da), a)));
      }
      break;
    }
    case 'call': {
      const a = node.args[0]!;
      const da = d(a);
      if (isNum(da, 0) && node.fn !== 'pow') return num(0);
      const outer: Record<string, () => N> = {
        sqrt: () => bin('/', num(1), bin('*', num(2), node)),
        exp: () => node,
        log: () => bin('/', num(1), a),
        log1p: () => bin('/', num(1), bin('+', num(1), a)),
        expm1: () => call('exp', a),
        sin: () => call('cos', a),
        cos: () => neg(call('sin', a)),
        tanh: () => bin('-', num(1), bin('^', node, num(2))),
        sigmoid: () => bin('*', node, bin('-', num(1), node)),
        softplus: () => call('sigmoid', a),
        abs: () => bin('/', a, node),
      };
      if (node.fn === 'pow') return derivative(bin('^', a, node.args[1]!), name);
      return bin('*', outer[node.fn]!(), da);
    }
  }
  return num(0);
}

const PREC: Record<BinaryOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '^': 4 };

/** A tree as text with the fewest parentheses ('^' binds tightest and to the right; unary minus at 3). */
export function show(node: N, outer = 0, right = false): string {
  switch (node.kind) {
    case 'num':
      return node.value < 0 && (right || outer >= 3) ? `(${node.value})` : String(node.value);
    case 'name':
      return node.name;
    case 'neg': {
      const text = `-${show(node.arg, 3)}`;
      return outer >= 3 || (outer > 0 && right) ? `(${text})` : text;
    }
    case 'call':
      return `${node.fn}(${node.args.map((a) => show(a)).join(', ')})`;
    case 'bin': {
      const p = PREC[node.op];
      // Left-associative: an equal-precedence right operand is wrapped (a - (b - c)); '^' the other way round.
      const text =
        node.op === '^'
          ? `${show(node.left, p + 1)} ^ ${show(node.right, p)}`
          : `${show(node.left, p)} ${node.op} ${show(node.right, p, true)}`;
      const wrap = p < outer || (p === outer && right);
      return wrap ? `(${text})` : text;
    }
  }
}

function size(n: N): number {
  return (
    1 +
    (n.kind === 'neg'
      ? size(n.arg)
      : n.kind === 'bin'
        ? size(n.left) + size(n.right)
        : n.kind === 'call'
          ? n.args.reduce((s, a) => s + size(a), 0)
          : 0)
  );
}

/**
 * Each partial derivative of a loss as text, or a note where it is too long to show.
 * @example
 * gradientText(parseFormula('x^2*y', 'model.loss', ['x', 'y']), ['x', 'y']); // ['2 * x * y', 'x ^ 2']
 */
export function gradientText(loss: N, params: readonly string[]): { param: string; text: string }[] {
  return params.map((param) => {
    const d = derivative(loss, param);
    const text =
      size(d) > DISPLAY_LIMIT
        ? `(${size(d)} terms: too long to show; the engine computes it exactly)`
        : show(d);
    return { param, text };
  });
}
