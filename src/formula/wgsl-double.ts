// A formula's loss_grad in double-single arithmetic (precision "double"; common/df64.wgsl): the same program as
// wgsl.ts emits for f32, each value a vec2<f32> (hi, lo), parameters read as ((*w)[k], wLo[k]), the gradient's
// low words written to gLo, literals split into two f32 words (so 0.1 keeps 48 bits), constants f32 (as every
// model constant in double), every function from shaders/formula/functions_double.wgsl. The loss returned is its
// hi word; hvp and observe stay f32 (wgsl.ts).
import type { ProgramParts } from './program.js';
import type { Instr } from './program.js';
import { f32Literal } from './wgsl.js';

/** The df64 function of each op (common/df64.wgsl, shaders/formula/functions_double.wgsl). */
const DF: Partial<Record<Instr['op'], string>> = {
  add: 'df_add',
  sub: 'df_sub',
  mul: 'df_mul',
  div: 'df_div',
  pow: 'df_pow',
  sqrt: 'df_sqrt',
  exp: 'df_exp',
  log: 'df_log',
  log1p: 'df_log1p',
  expm1: 'df_expm1',
  sin: 'df_sin',
  cos: 'df_cos',
  tanh: 'df_tanh',
  sigmoid: 'df_sigmoid',
  softplus: 'df_softplus',
};

/** The domain of an op as a test on its argument's hi word (program.ts DOMAIN). */
const DOMAIN_TEST: Partial<Record<Instr['op'], (a: string) => string>> = {
  sqrt: (a) => `${a}.x >= 0.0`,
  log: (a) => `${a}.x > 0.0`,
  log1p: (a) => `${a}.x > -1.0`,
  pow: (a) => `${a}.x > 0.0`,
};

function dfExpression(i: Instr, name: (t: number) => string): string {
  switch (i.op) {
    case 'lit': {
      const hi = Math.fround(i.value);
      return `vec2<f32>(${f32Literal(hi)}, ${f32Literal(i.value - hi)})`;
    }
    case 'param':
      return `vec2<f32>((*w)[${i.index}], wLo[${i.index}])`;
    case 'const':
      return `df(h.k${i.index})`;
    case 'neg':
      return `-${name(i.a)}`;
    case 'abs':
      return `select(${name(i.a)}, -${name(i.a)}, ${name(i.a)}.x < 0.0)`;
    case 'sign':
      return `df(sign(${name(i.a)}.x))`;
    default: {
      const fn = DF[i.op];
      if (!fn) throw new Error(`[eos-lab] formula: '${i.op}' has no double-single form`);
      if ('b' in i) return `${fn}(${name(i.a)}, ${name(i.b)})`;
      return 'a' in i ? `${fn}(${name(i.a)})` : fn;
    }
  }
}

/** The loss_grad function of the double model file. */
export function emitLossGradDouble(parts: ProgramParts): string[] {
  const ops = parts.program.ops;
  const leaf = (i: Instr) => i.op === 'lit' || i.op === 'param' || i.op === 'const';
  const name = (t: number): string => (leaf(ops[t]!) ? dfExpression(ops[t]!, name) : `t${t}`);
  const lines: string[] = [];
  const domain: string[] = [];
  for (const t of parts.program.live([parts.loss, ...parts.grad])) {
    const i = ops[t]!;
    if (leaf(i)) continue;
    lines.push(`  let t${t} = ${dfExpression(i, name)};`);
    const test = DOMAIN_TEST[i.op];
    if (test && 'a' in i) domain.push(`  ok = ok && (${test(name(i.a))});`);
  }
  const ks = Array.from({ length: parts.params }, (_, k) => k);
  return [
    'fn loss_grad(w: ptr<function, Vec>, h: ModelHyper, grad: ptr<function, Vec>) -> f32 {',
    ...lines,
    ...(domain.length ? ['  var ok = true;', ...domain] : []),
    ...ks.flatMap((k) => [
      `  let g${k} = ${name(parts.grad[k]!)};`,
      `  (*grad)[${k}] = g${k}.x;`,
      `  gLo[${k}] = g${k}.y;`,
    ]),
    domain.length ? `  return select(1e38f, ${name(parts.loss)}.x, ok);` : `  return ${name(parts.loss)}.x;`,
    '}',
  ];
}
