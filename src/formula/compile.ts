// A parsed formula model -> its program (loss, output, balance, gradient, Hessian-vector product), the WGSL
// model file the lane-family kernels call, and the float64 reference that evaluates the same program.
// Loaded on demand in browsers (the embeddable bundle keeps it in a second file); src/index.ts loads it
// eagerly, so Node callers never wait for it.
import type { ModelReference } from '../models/types.js';
import { referenceOf } from './evaluate.js';
import type { Node } from './parse.js';
import { reverse, tangent } from './derive.js';
import { Program, type ProgramParts } from './program.js';
import { emitModel } from './wgsl.js';
import { emitLossGradDouble } from './wgsl-double.js';

/** What the compiler needs of a formula model: its trees and names, already validated (parse.ts). */
export interface FormulaTrees {
  params: readonly string[];
  constants: readonly string[];
  loss: Node;
  output: Node;
  balance: Node;
}

export interface CompiledFormula extends ProgramParts {
  /** The generated WGSL model file (ModelHyper, loss_grad, hvp, observe). */
  wgsl: string;
  /** The model file for precision "double" (loss_grad in df64; undefined should an op lack a df64 form). */
  wgslDouble: string | undefined;
  reference: ModelReference;
}

/**
 * Compiles a formula model (single-assignment program, reverse-mode gradient, forward-over-reverse HVP).
 * @example
 * const c = compileFormula({ params: ['x', 'y'], constants: [], loss, output, balance });
 * c.reference.lossGrad(Float64Array.of(1, 2), {}, grad);
 */
export function compileFormula(f: FormulaTrees): CompiledFormula {
  const p = new Program();
  const names = new Map<string, number>();
  const params = f.params.map((n, k) => {
    const leaf = p.leaf('param', k);
    names.set(n, leaf);
    return leaf;
  });
  f.constants.forEach((n, j) => names.set(n, p.leaf('const', j)));
  const loss = p.fromTree(f.loss, names);
  const grad = reverse(p, loss, params);
  const end = p.ops.length;
  const dot = tangent(p, end, (i) => (i.op === 'param' ? p.leaf('dir', i.index) : undefined));
  const hvp = grad.map((g) => dot[g] ?? p.lit(0));
  const output = p.fromTree(f.output, names);
  const balance = p.fromTree(f.balance, names);
  const out = {
    program: p,
    params: f.params.length,
    constants: f.constants.length,
    loss,
    output,
    balance,
    grad,
    hvp,
  };
  // The double file (the emitter throws for an op without a double-single form: none today).
  let double: string | undefined;
  try {
    double = emitModel(out, emitLossGradDouble(out));
  } catch {
    double = undefined;
  }
  return { ...out, wgsl: emitModel(out), wgslDouble: double, reference: referenceOf(out) };
}
