// Formula models in float64: the grammar and its errors (field and 1-based position), the generated gradient and
// Hessian-vector product against central differences on random formulas, the program's linear size, and
// formula versions of built-in models against those models' references.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFormulaCompiler } from '../../formula/loader.js';
import { compiledFormula, parsedFormula } from '../../formula/model.js';
import { parseFormula } from '../../formula/parse.js';
import { f32Literal } from '../../formula/wgsl.js';
import { gradientText } from '../../formula/display.js';
import { runReference } from '../../engine/reference.js';
import { normalizeSpec } from '../../spec/normalize.js';
import type { ExperimentSpec } from '../../spec/types.js';
import { formula } from './index.js';

beforeAll(async () => void (await loadFormulaCompiler()));

const spec = (
  model: Record<string, unknown>,
  init: Record<string, unknown> = {},
  extra = {},
): ExperimentSpec =>
  ({
    model: { name: 'formula', ...model },
    init,
    optimizer: { name: 'gd', lr: 0.1 },
    steps: 10,
    ...extra,
  }) as ExperimentSpec;

/** The message of what `f` throws. */
const thrown = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'nothing thrown';
};

describe('formula grammar', () => {
  const show = (text: string, names = ['x', 'y', 'z']): string => {
    const go = (n: ReturnType<typeof parseFormula>): string => {
      switch (n.kind) {
        case 'num':
          return String(n.value);
        case 'name':
          return n.name;
        case 'neg':
          return `(-${go(n.arg)})`;
        case 'bin':
          return `(${go(n.left)} ${n.op} ${go(n.right)})`;
        case 'call':
          return `${n.fn}(${n.args.map(go).join(', ')})`;
      }
    };
    return go(parseFormula(text, 'model.loss', names));
  };

  it('binds ^ tighter than unary minus, right to left, and accepts a signed exponent', () => {
    expect(show('-x^2')).toBe('(-(x ^ 2))');
    expect(show('x^y^z')).toBe('(x ^ (y ^ z))');
    expect(show('x^-2')).toBe('(x ^ (-2))');
    expect(show('2*x - y/z + 1')).toBe('(((2 * x) - (y / z)) + 1)');
    expect(show('pow(x, 2) + sigmoid(-y)')).toBe('(pow(x, 2) + sigmoid((-y)))');
    expect(show('1.5e-3*pi')).toBe('(0.0015 * pi)');
  });

  it.each([
    ['x + q', "unknown name 'q'", 5],
    ['foo(x)', "unknown function 'foo'", 1],
    ['pow(x)', 'pow with 1 argument; it takes 2', 1],
    ['2x', 'write the product with *', 1],
    ['x; y', "has ';'", 2],
    ['x } fn main() {', "has '}'", 3],
    ['fn(x)', "unknown function 'fn'", 1],
    ['@compute x', "has '@'", 1],
    ['x // y', 'has a comment', 3],
    ['x /* y */', 'has a comment', 3],
    ['`x`', 'has a backtick', 1],
    ['x + \u0445', "non-ASCII character '\u0445' (U+0445)", 5],
    ['x**2', "'**': write powers with ^", 2],
    ['1e39*x', 'not finite in float32', 1],
    ['(x + y', "expects ')'", 7],
    ['x y', "has 'y' where the formula should end", 3],
    ['sqrt + x', "function 'sqrt' without arguments", 1],
    ['+x', "unary '+'", 1],
    ['x +', 'found the end', 4],
  ])('refuses %j: %s at position %i', (text, message, pos) => {
    const m = thrown(() => parseFormula(text, 'model.loss', ['x', 'y']));
    expect(m).toContain('model.loss');
    expect(m).toContain(message);
    expect(m).toContain(`at position ${pos}`);
  });

  it('refuses formulas past the size and nesting limits (1000 terms, 32 parentheses, 4000 characters)', () => {
    expect(thrown(() => parseFormula(Array(600).fill('x').join('+'), 'model.loss', ['x']))).toContain(
      'more than 1000 terms',
    );
    expect(thrown(() => parseFormula(`${'('.repeat(60)}x${')'.repeat(60)}`, 'model.loss', ['x']))).toContain(
      'nests deeper than 32 parentheses or calls',
    );
    expect(thrown(() => parseFormula(`${'-'.repeat(900)}x`, 'model.loss', ['x']))).toContain(
      'nests too deeply',
    );
    expect(thrown(() => parseFormula(`x${' '.repeat(4000)}`, 'model.loss', ['x']))).toContain('at most 4000');
  });

  it('checks names, init and the other fields, naming each', () => {
    const base = { params: ['x', 'y'], loss: 'x^2 + y^2' };
    const cases: [ExperimentSpec, string][] = [
      [spec({ params: ['x', 'pi'], loss: 'x' }, { x: 1, pi: 1 }), "model.params.1 'pi' is reserved"],
      [spec({ params: ['x', 'x'], loss: 'x' }, { x: 1 }), "model.params.1 'x' is named twice"],
      [
        spec({ params: ['x'], loss: 'x*a', constants: { x: 2 } }, { x: 1 }),
        "model.constants.x 'x' is named twice",
      ],
      [spec({ params: ['seed'], loss: 'seed' }), "model.params.0 'seed' is reserved"],
      [spec({ params: ['x y'], loss: 'x' }), 'model.params.0 must be a name'],
      [
        spec({ params: Array.from({ length: 17 }, (_, k) => `p${k}`), loss: 'p0' }),
        'model.params must be an array of 1 to 16',
      ],
      [spec({ params: ['x'] }, { x: 1 }), 'model.loss is needed'],
      [spec({ params: ['x'], loss: 'x', output: 'x+' }, { x: 1 }), 'model.output expects'],
      [
        spec({ params: ['x'], loss: 'a*x', constants: { a: 1e39 } }, { x: 1 }),
        'model.constants.a must be finite in float32',
      ],
      [
        spec({ params: ['x'], loss: 'a*x', constants: { a: 'big' } }, { x: 1 }),
        'model.constants.a must be a finite number',
      ],
      [spec(base, { x: 1 }), 'init.y is needed: give init.y, init.params, or a sweep over init.y'],
      [spec(base, { x: 1, params: [1, 2] }), 'init.params is given with init.x'],
      [spec(base, { params: [1] }), 'init.params must be an array of 2 finite numbers (x, y)'],
      [spec(base, { x: 1, y: 1, z: 3 }), 'init.z is not a known field (known: x, y, params)'],
    ];
    for (const [s, message] of cases) expect(thrown(() => normalizeSpec(s))).toContain(message);
    // A parameter a sweep sets needs no start value; init.params become the named fields.
    const swept = normalizeSpec({
      ...spec(base, { x: 1 }),
      sweep: [{ path: 'init.y', min: 0, max: 1, count: 3 }],
    });
    expect(swept.init).toEqual({ x: 1 });
    expect(normalizeSpec(spec(base, { params: [1, 2] })).init).toEqual({ x: 1, y: 2 });
  });

  it('defaults output to the first parameter, balance to 0 and minimum to 0 (the default lossMin)', () => {
    const n = normalizeSpec(spec({ params: ['u', 'v'], loss: '(u*v - 1)^2', minimum: 0.25 }, { u: 1, v: 2 }));
    expect(n.model).toMatchObject({ output: 'u', balance: '0', constants: {}, minimum: 0.25 });
    expect(n.optimizer.lossMin).toBe(0.25);
  });
});

/** A random formula in x, y, z whose every operation stays inside its domain (arguments kept positive). */
function randomFormula(rand: () => number, depth: number): string {
  const leaf = () => ['x', 'y', 'z', (rand() * 3 - 1.5).toFixed(2)][Math.floor(rand() * 4)]!;
  if (depth === 0) return leaf();
  const a = () => `(${randomFormula(rand, depth - 1)})`;
  const pos = () => `(1.5 + ${a()}^2)`;
  const pick = Math.floor(rand() * 14);
  return [
    () => `${a()} + ${a()}`,
    () => `${a()} - ${a()}`,
    () => `${a()} * ${a()}`,
    () => `${a()} / ${pos()}`,
    () => `${a()}^3`,
    () => `sqrt(${pos()})`,
    () => `exp(0.3*tanh(${a()}))`,
    () => `log(${pos()})`,
    () => `log1p(${a()}^2)`,
    () => `expm1(0.2*sin(${a()}))`,
    () => `cos(${a()})`,
    () => `sigmoid(${a()}) * softplus(${a()})`,
    () => `pow(${pos()}, 0.5*tanh(${a()}))`,
    () => `-${a()}^2`,
  ][pick]!();
}

describe('the gradient as a reader writes it (display only)', () => {
  it('differentiates symbolically, prints with few parentheses, and stops at its size limit', () => {
    const parse = (t: string, names: string[]) => parseFormula(t, 'model.loss', names);
    expect(gradientText(parse('x^2*y', ['x', 'y']), ['x', 'y'])).toEqual([
      { param: 'x', text: '2 * x * y' },
      { param: 'y', text: 'x ^ 2' },
    ]);
    expect(gradientText(parse('-x^2 + sin(x)/3', ['x']), ['x'])[0]!.text).toBe('-2 * x + cos(x) / 3');
    const big = Array.from({ length: 40 }, (_, k) => `tanh(x*${k + 1})^2`).join(' * ');
    expect(gradientText(parse(big, ['x']), ['x'])[0]!.text).toMatch(/terms: too long to show/);
  });
});

describe('WGSL literals', () => {
  it("print each float32 value's exact decimal, never past float32's range", () => {
    expect(f32Literal(0.25)).toBe('0.25f');
    expect(f32Literal(-2)).toBe('(-2f)');
    expect(f32Literal(0.1)).toBe('0.10000000149011612f');
    const top = f32Literal(3.4028234e38);
    expect(Number(top.slice(0, -1))).toBeLessThanOrEqual(3.4028234663852886e38);
    expect(() => f32Literal(1e39)).toThrow('not finite in float32');
  });
});

describe('generated derivatives', () => {
  // Identity: g = grad L and H v = d/dt g(w + t v) at t = 0. Central differences with h = 1e-5 have truncation
  // error ~h^2 |f'''| ~ 1e-10 and rounding ~1e-16 / h ~ 1e-11, so 1e-6 (relative to the scale of the values)
  // passes every correct program and fails a wrong rule: mutation (the reverse rule of 'div' without its minus
  // sign) fails it at the first formula with a quotient of parameters.
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;

  it('give the gradient and the Hessian-vector product of 60 random formulas (central differences, float64)', () => {
    for (let n = 0; n < 60; n++) {
      const loss = randomFormula(rand, 3);
      const model = formula.normalize({ name: 'formula', params: ['x', 'y', 'z'], loss });
      const ref = compiledFormula(model).reference;
      const w = Float64Array.from({ length: 3 }, () => rand() * 2 - 1);
      const v = Float64Array.from({ length: 3 }, () => rand() * 2 - 1);
      const g = new Float64Array(3);
      const L = ref.lossGrad(w, {}, g);
      const hv = new Float64Array(3);
      ref.hvp(w, {}, v, hv);
      const h = 1e-5;
      const at = (t: number, dir: Float64Array) => w.map((x, k) => x + t * dir[k]!);
      const fd = new Float64Array(3);
      const gp = new Float64Array(3);
      const gm = new Float64Array(3);
      for (let k = 0; k < 3; k++) {
        const e = Float64Array.from({ length: 3 }, (_, j) => (j === k ? 1 : 0));
        fd[k] = (ref.lossGrad(at(h, e), {}, gp) - ref.lossGrad(at(-h, e), {}, gm)) / (2 * h);
      }
      ref.lossGrad(at(h, v), {}, gp);
      ref.lossGrad(at(-h, v), {}, gm);
      const scale = 1 + Math.abs(L) + Math.max(...g.map(Math.abs)) + Math.max(...hv.map(Math.abs));
      for (let k = 0; k < 3; k++) {
        expect(Math.abs(g[k]! - fd[k]!), `${loss}: dL/dw${k}`).toBeLessThan(1e-6 * scale);
        expect(Math.abs(hv[k]! - (gp[k]! - gm[k]!) / (2 * h)), `${loss}: (Hv)_${k}`).toBeLessThan(
          1e-6 * scale,
        );
      }
    }
  });

  it('grow linearly: the whole program stays within 10x its forward part, from 4 to 16 parameters (~200 nodes)', () => {
    const count = (n: ReturnType<typeof parseFormula>): number =>
      1 +
      (n.kind === 'neg'
        ? count(n.arg)
        : n.kind === 'bin'
          ? count(n.left) + count(n.right)
          : n.kind === 'call'
            ? n.args.reduce((s, a) => s + count(a), 0)
            : 0);
    for (const P of [4, 16]) {
      const params = Array.from({ length: P }, (_, k) => `p${k}`);
      const terms = params.map((p, k) => `tanh(${p} * ${params[(k + 1) % P]})^2 * log1p(${p}^2) / ${k + 1}`);
      const loss = `${terms.join(' + ')} + (${params.join(' + ')})^4`;
      const model = formula.normalize({ name: 'formula', params, loss });
      const nodes = count(parsedFormula(model).trees.loss);
      const c = compiledFormula(model);
      const forward = c.program.live([c.loss]).length;
      const all = c.program.live([c.loss, ...c.grad, ...c.hvp]).length;
      if (P === 16) expect(nodes).toBeGreaterThan(180);
      expect(forward).toBeLessThan(nodes);
      expect(all).toBeLessThan(10 * forward);
      expect(c.wgsl.split('\n').length).toBeLessThan(15 * nodes);
    }
  });
});

describe('formula versions of built-in models (float64 references)', () => {
  // The same function written as a formula: the two references run the same algorithm on the same loss, so
  // they agree to float64 rounding (1e-9 relative over these short runs below the edge of stability).
  const cases: [string, ExperimentSpec['model'], ExperimentSpec['init'], Record<string, unknown>, number][] =
    [
      [
        'minimalist',
        { name: 'minimalist' },
        { x: 1.5, y: 0.5 },
        { params: ['x', 'y'], loss: '(x^2*y^2 - 1)^2/4', output: 'x*y', balance: 'x^2 - y^2' },
        0.05,
      ],
      [
        'valley',
        { name: 'valley' },
        { x: 1, y: 0.5 },
        { params: ['x', 'y'], loss: '(1 + x^2)*y^2', output: 'y', balance: 'x' },
        0.1,
      ],
      [
        'quadratic',
        { name: 'quadratic', curvatures: [1, 4, 0.5] },
        { params: [1, -1, 2] },
        { params: ['a', 'b', 'c'], loss: '(a^2 + 4*b^2 + 0.5*c^2)/2', output: 'a' },
        0.3,
      ],
      [
        'chain',
        { name: 'chain', depth: 3, target: 1.5 },
        { params: [0.8, 1.1, 0.9] },
        {
          params: ['w1', 'w2', 'w3'],
          loss: '(w1*w2*w3 - 1.5)^2/2',
          output: 'w1*w2*w3',
          balance: 'w1^2 - w3^2',
        },
        0.1,
      ],
      [
        'uv (width 1)',
        { name: 'uv', width: 1, target: 1 },
        { params: [0.3, 0.5] },
        { params: ['u', 'v'], loss: '(v*u - 1)^2/2', output: 'v*u' },
        0.5,
      ],
    ];
  it.each(cases)('%s', (_, builtin, init, model, lr) => {
    const s = (m: ExperimentSpec['model'], i: ExperimentSpec['init']) =>
      ({
        model: m,
        init: i,
        optimizer: { name: 'gd', lr },
        steps: 50,
        // Tight: the two start the power iteration from different vectors (the Vec files' vstart).
        sharpness: { every: 5, tolerance: 1e-8, iterations: 400 },
      }) as ExperimentSpec;
    const named = init!.params ? { params: init!.params } : init;
    const [a] = runReference(s(builtin, init));
    const [b] = runReference(s({ ...model, name: 'formula' }, named));
    for (const f of ['loss', 'output', 'sharpness', 'gradNorm'] as const)
      expect(Math.abs(b!.final[f] - a!.final[f]), f).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(a!.final[f])));
  });
});
