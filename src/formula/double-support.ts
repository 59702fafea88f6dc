// Which formula losses run in precision "double" (docs/equations.md, "Double precision"): those whose program
// uses only + - * /, integer and half-integer powers (products and square roots), sqrt and abs, the operations
// double-single arithmetic has (common/df64.wgsl). Decided on the syntax tree, so without the compiler: a power
// counts when its exponent folds to a number (as program.ts folds it) with 2 n an integer and |n| <= 64.
import type { Node } from './parse.js';

const DOUBLE_FUNCTIONS = new Set(['sqrt', 'abs']);

/** The value of a subtree made of numbers alone (the folding program.ts does), or undefined. */
function literal(n: Node): number | undefined {
  switch (n.kind) {
    case 'num':
      return n.value;
    case 'name':
      return n.value; // pi and e; parameters and constants have none
    case 'neg': {
      const a = literal(n.arg);
      return a === undefined ? undefined : -a;
    }
    case 'bin': {
      const [a, b] = [literal(n.left), literal(n.right)];
      if (a === undefined || b === undefined) return undefined;
      const v = { '+': a + b, '-': a - b, '*': a * b, '/': a / b, '^': a > 0 ? a ** b : NaN }[n.op];
      return Number.isFinite(v) ? v : undefined;
    }
    case 'call':
      return undefined;
  }
}

const halfPower = (e: Node) => {
  const n = literal(e);
  return n !== undefined && Number.isInteger(2 * n) && Math.abs(n) <= 64;
};

/**
 * Why this loss cannot run in double (the first function or power it cannot carry), or undefined.
 * @example
 * doubleRefusal(parse('(x^2*y^2 - 1)^2/4')); // undefined
 * doubleRefusal(parse('tanh(x)^2')); // "uses tanh: double runs + - * /, powers n or n/2 (|n| <= 64), sqrt and abs"
 */
export function formulaDoubleRefusal(loss: Node): string | undefined {
  const why = (what: string) =>
    `uses ${what}: double runs + - * /, powers n or n/2 (|n| <= 64), sqrt and abs`;
  const walk = (n: Node): string | undefined => {
    switch (n.kind) {
      case 'num':
      case 'name':
        return undefined;
      case 'neg':
        return walk(n.arg);
      case 'bin':
        if (n.op === '^' && !halfPower(n.right))
          return why('a power with a non-constant or fractional exponent');
        return walk(n.left) ?? walk(n.right);
      case 'call':
        if (n.fn === 'pow') {
          if (!halfPower(n.args[1]!)) return why('pow with a non-constant or fractional exponent');
        } else if (!DOUBLE_FUNCTIONS.has(n.fn)) return why(n.fn);
        return n.args.map(walk).find(Boolean);
    }
  };
  return walk(loss);
}
