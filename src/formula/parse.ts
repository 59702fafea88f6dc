// Formula text -> syntax tree, every node and every error with its 1-based character position
// (docs/equations.md, "Your own model"). A hand-written tokenizer and precedence-climbing parser for a fixed,
// small grammar:
//   expr  := term (('+' | '-') term)*          term := unary (('*' | '/') unary)*
//   unary := '-' unary | power                   power := primary ('^' unary)?   (right-associative)
//   primary := number | name | function '(' expr (',' expr)* ')' | '(' expr ')'
// so `-x^2` = -(x^2), `x^-2` = x^(-2) and `x^y^z` = x^(y^z). Not mathjs: its trees carry no positions, it
// accepts implicit multiplication, units, matrices and more that would each need refusing again, and this
// grammar is ~200 lines where mathjs's parser pulls ~150 kB into the page. The text never reaches WGSL, JS or
// HTML: only the tree does, and only its whitelisted node kinds (src/formula/wgsl.ts).
import { SpecError } from '../spec/errors.js';

/** The functions a formula may call, with their argument counts. */
export const FUNCTIONS = {
  sqrt: 1,
  exp: 1,
  log: 1,
  log1p: 1,
  expm1: 1,
  sin: 1,
  cos: 1,
  tanh: 1,
  sigmoid: 1,
  softplus: 1,
  abs: 1,
  pow: 2,
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

/** Named constants of every formula. */
export const KNOWN_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** Names no parameter or constant may take: the init fields of other models, `params`, pi, e, the functions. */
export const RESERVED: readonly string[] = [
  'seed',
  'scale',
  'value',
  'params',
  ...Object.keys(KNOWN_CONSTANTS),
  ...Object.keys(FUNCTIONS),
];

/** Size limits: characters of a formula, nodes of its tree, open parentheses and calls at once, names. */
export const FORMULA_LIMITS = {
  chars: 4000,
  nodes: 1000,
  nesting: 32,
  params: 16,
  constants: 16,
  name: 32,
} as const;

/** Parser recursion past which a formula (a chain of signs or powers) is refused before the stack runs out. */
const MAX_RECURSION = 400;

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

export type Node =
  | { kind: 'num'; value: number; pos: number }
  | { kind: 'name'; name: string; pos: number; value?: number }
  | { kind: 'neg'; arg: Node; pos: number }
  | { kind: 'bin'; op: BinaryOp; left: Node; right: Node; pos: number }
  | { kind: 'call'; fn: FunctionName; args: Node[]; pos: number };

type Token =
  | { t: 'num'; value: number; pos: number }
  | { t: 'name'; name: string; pos: number }
  | { t: 'op'; op: string; pos: number }
  | { t: 'end'; pos: number };

const OPS = '+-*/^(),';

/** Why a character cannot be part of a formula. */
function badChar(text: string, i: number): string {
  const c = text[i]!;
  const code = c.codePointAt(0)!;
  if (code > 127)
    return `has the non-ASCII character '${String.fromCodePoint(code)}' (U+${code.toString(16).toUpperCase().padStart(4, '0')}): formulas are plain ASCII (a look-alike letter?)`;
  if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return 'has a comment: formulas have none';
  if (c === '`') return 'has a backtick: formulas are plain expressions';
  if (code < 32) return `has the control character U+${code.toString(16).padStart(4, '0')}`;
  return `has '${c}', which is not part of a formula (numbers, names, + - * / ^, parentheses and commas)`;
}

function tokenize(text: string, field: string): Token[] {
  const out: Token[] = [];
  const fail = (msg: string, i: number): never => {
    throw new SpecError(field, `${msg} at position ${i + 1}`);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      const value = Number(num[0]);
      if (!Number.isFinite(Math.fround(value)))
        fail(`has the number ${num[0]}, which is not finite in float32 (at most 3.4e38)`, i);
      const next = text[i + num[0].length];
      if (next !== undefined && /[A-Za-z_(.]/.test(next))
        fail(`has ${num[0]} followed by '${next}': write the product with * (no implicit multiplication)`, i);
      out.push({ t: 'num', value, pos: i + 1 });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      out.push({ t: 'name', name: name[0], pos: i + 1 });
      i += name[0].length;
      continue;
    }
    if (c === '*' && text[i + 1] === '*') fail("has '**': write powers with ^", i);
    if (OPS.includes(c) && !(c === '/' && (text[i + 1] === '/' || text[i + 1] === '*'))) {
      out.push({ t: 'op', op: c, pos: i + 1 });
      i++;
      continue;
    }
    fail(badChar(text, i), i);
  }
  out.push({ t: 'end', pos: text.length + 1 });
  return out;
}

/**
 * Parses one formula. `names` are the names it may use besides pi and e (parameters, constants); every error
 * is a SpecError naming `field` and the 1-based position.
 * @example
 * parseFormula('(x^2*y^2 - 1)^2/4', 'model.loss', ['x', 'y']); // { kind: 'bin', op: '/', ... }
 */
export function parseFormula(text: unknown, field: string, names: readonly string[]): Node {
  if (typeof text !== 'string')
    throw new SpecError(field, `must be a formula (a string), got ${JSON.stringify(text)}`);
  if (text.length > FORMULA_LIMITS.chars)
    throw new SpecError(
      field,
      `has ${text.length} characters; a formula has at most ${FORMULA_LIMITS.chars}`,
    );
  const tokens = tokenize(text, field);
  let k = 0;
  let nodes = 0;
  const fail = (msg: string, pos: number): never => {
    throw new SpecError(field, `${msg} at position ${pos}`);
  };
  const peek = () => tokens[k]!;
  const isOp = (op: string) => {
    const t = peek();
    return t.t === 'op' && t.op === op;
  };
  const describe = (t: Token) =>
    t.t === 'end' ? 'the end' : t.t === 'num' ? 'a number' : t.t === 'name' ? `'${t.name}'` : `'${t.op}'`;
  let nesting = 0;
  const node = <N extends Node>(n: N, depth: number): N => {
    if (++nodes > FORMULA_LIMITS.nodes) fail(`is too long: more than ${FORMULA_LIMITS.nodes} terms`, n.pos);
    if (depth > MAX_RECURSION) fail('nests too deeply (a chain of signs or powers)', n.pos);
    return n;
  };
  /** One more open parenthesis or call: at most FORMULA_LIMITS.nesting at once. */
  const open = (pos: number) => {
    if (++nesting > FORMULA_LIMITS.nesting)
      fail(`nests deeper than ${FORMULA_LIMITS.nesting} parentheses or calls`, pos);
  };

  const expr = (d: number): Node => {
    let left = term(d + 1);
    while (isOp('+') || isOp('-')) {
      const t = tokens[k++] as { op: BinaryOp; pos: number };
      left = node({ kind: 'bin', op: t.op, left, right: term(d + 1), pos: t.pos }, d);
    }
    return left;
  };
  const term = (d: number): Node => {
    let left = unary(d + 1);
    while (isOp('*') || isOp('/')) {
      const t = tokens[k++] as { op: BinaryOp; pos: number };
      left = node({ kind: 'bin', op: t.op, left, right: unary(d + 1), pos: t.pos }, d);
    }
    return left;
  };
  const unary = (d: number): Node => {
    if (isOp('-')) {
      const pos = tokens[k++]!.pos;
      return node({ kind: 'neg', arg: unary(d + 1), pos }, d);
    }
    if (isOp('+')) fail("has a unary '+': leave it out", peek().pos);
    return power(d + 1);
  };
  const power = (d: number): Node => {
    const base = primary(d + 1);
    if (!isOp('^')) return base;
    const pos = tokens[k++]!.pos;
    return node({ kind: 'bin', op: '^', left: base, right: unary(d + 1), pos }, d);
  };
  const primary = (d: number): Node => {
    const t = tokens[k++]!;
    if (t.t === 'num') return node({ kind: 'num', value: t.value, pos: t.pos }, d);
    if (t.t === 'op' && t.op === '(') {
      open(t.pos);
      const inner = expr(d + 1);
      nesting--;
      if (!isOp(')'))
        fail(`expects ')' to close the '(' at position ${t.pos}, found ${describe(peek())}`, peek().pos);
      k++;
      return inner;
    }
    if (t.t === 'name') {
      const fn = Object.hasOwn(FUNCTIONS, t.name) ? (t.name as FunctionName) : undefined;
      if (isOp('(')) {
        if (!fn)
          fail(`calls the unknown function '${t.name}' (known: ${Object.keys(FUNCTIONS).join(', ')})`, t.pos);
        k++;
        open(t.pos);
        const args = [expr(d + 1)];
        while (isOp(',')) {
          k++;
          args.push(expr(d + 1));
        }
        nesting--;
        if (!isOp(')')) fail(`expects ')' to close ${fn}(, found ${describe(peek())}`, peek().pos);
        k++;
        const arity = FUNCTIONS[fn!];
        if (args.length !== arity)
          fail(
            `calls ${fn} with ${args.length} argument${args.length === 1 ? '' : 's'}; it takes ${arity}`,
            t.pos,
          );
        return node({ kind: 'call', fn: fn!, args, pos: t.pos }, d);
      }
      if (fn) fail(`uses the function '${fn}' without arguments: write ${fn}(...)`, t.pos);
      if (!names.includes(t.name) && !Object.hasOwn(KNOWN_CONSTANTS, t.name))
        fail(
          `uses the unknown name '${t.name}' (known: ${[...names, ...Object.keys(KNOWN_CONSTANTS)].join(', ')})`,
          t.pos,
        );
      // pi and e carry their value, so the compiler (a chunk of its own in browsers) needs nothing from here.
      const known = Object.hasOwn(KNOWN_CONSTANTS, t.name) ? { value: KNOWN_CONSTANTS[t.name]! } : {};
      return node({ kind: 'name', name: t.name, pos: t.pos, ...known }, d);
    }
    return fail(`expects a number, a name or '(' but found ${describe(t)}`, t.pos);
  };

  const tree = expr(0);
  if (peek().t !== 'end') fail(`has ${describe(peek())} where the formula should end`, peek().pos);
  return tree;
}

/**
 * Checks parameter or constant names: identifiers of at most 32 characters, none reserved, none twice
 * (`taken` holds names already used, e.g. the parameters when checking constants); errors name `field.<i>`,
 * or `field.<name>` when `keyed` (the keys of model.constants).
 * @example
 * checkNames('model.params', ['x', 'y'], []); // ok
 */
export function checkNames(
  field: string,
  names: readonly unknown[],
  taken: readonly string[],
  keyed = false,
): string[] {
  const seen = new Set(taken);
  return names.map((n, i) => {
    const f = keyed ? `${field}.${String(n)}` : `${field}.${i}`;
    if (typeof n !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n) || n.length > FORMULA_LIMITS.name)
      throw new SpecError(
        f,
        `must be a name (a letter or _, then letters, digits or _; at most ${FORMULA_LIMITS.name}), got ${JSON.stringify(n)}`,
      );
    if (RESERVED.includes(n)) throw new SpecError(f, `'${n}' is reserved (${RESERVED.join(', ')})`);
    if (seen.has(n))
      throw new SpecError(f, `'${n}' is named twice (parameters and constants share one list)`);
    seen.add(n);
    return n;
  });
}
