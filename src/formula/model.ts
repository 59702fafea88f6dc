// A formula model's fields, validated and parsed (synchronously, in every bundle), and its compiled program
// (from the compiler loaded on demand): each memoised per formula, so a sweep over a constant compiles once
// and the pipeline cache keys on the same generated code.
import { SpecError, checkNumber, checkObject } from '../spec/errors.js';
import type { ModelSpec } from '../spec/types.js';
import type { CompiledFormula } from './compile.js';
import { formulaCompiler } from './loader.js';
import { FORMULA_LIMITS, checkNames, parseFormula, type Node } from './parse.js';

export interface ParsedFormula {
  params: string[];
  constants: string[];
  /** Constant values given in the spec (per-lane values come from sweeps). */
  values: Record<string, number>;
  text: { loss: string; output: string; balance: string };
  trees: { loss: Node; output: Node; balance: Node };
}

const parsed = new Map<string, ParsedFormula>();
const compiled = new Map<string, CompiledFormula>();
const MEMO = 64;

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  const hit = cache.get(key);
  if (hit) return hit;
  const v = make();
  if (cache.size >= MEMO) cache.delete(cache.keys().next().value!);
  cache.set(key, v);
  return v;
}

/**
 * Validates and parses a formula model's fields (params, loss, output, balance, constants); SpecErrors name
 * the field and, inside a formula, the 1-based character position.
 * @example
 * parsedFormula({ name: 'formula', params: ['x'], loss: 'x^4/4 - x^2/2' }).trees.loss;
 */
export function parsedFormula(model: ModelSpec): ParsedFormula {
  const key = JSON.stringify([model.params, model.loss, model.output, model.balance, model.constants]);
  return remember(parsed, key, () => {
    const raw = model.params;
    if (!Array.isArray(raw) || raw.length < 1 || raw.length > FORMULA_LIMITS.params)
      throw new SpecError(
        'model.params',
        `must be an array of 1 to ${FORMULA_LIMITS.params} parameter names, got ${JSON.stringify(raw)}`,
      );
    const params = checkNames('model.params', raw, []);
    const given = checkObject('model.constants', model.constants ?? {});
    const constants = Object.keys(given);
    if (constants.length > FORMULA_LIMITS.constants)
      throw new SpecError(
        'model.constants',
        `has ${constants.length} names; at most ${FORMULA_LIMITS.constants}`,
      );
    checkNames('model.constants', constants, params, true);
    const values = Object.fromEntries(
      constants.map((c) => {
        const v = checkNumber(`model.constants.${c}`, given[c]);
        if (!Number.isFinite(Math.fround(v)))
          throw new SpecError(`model.constants.${c}`, `must be finite in float32 (at most 3.4e38), got ${v}`);
        return [c, v];
      }),
    );
    const names = [...params, ...constants];
    if (model.loss === undefined)
      throw new SpecError(
        'model.loss',
        `is needed: a formula in ${params.join(', ')}, e.g. "${params[0]}^2/2"`,
      );
    const text = {
      loss: model.loss as string,
      output: (model.output ?? params[0]) as string,
      balance: (model.balance ?? '0') as string,
    };
    const trees = {
      loss: parseFormula(text.loss, 'model.loss', names),
      output: parseFormula(text.output, 'model.output', names),
      balance: parseFormula(text.balance, 'model.balance', names),
    };
    return { params, constants, values, text, trees };
  });
}

/** The compiled program of a formula model (the compiler must be loaded: loadFormulaCompiler). */
export function compiledFormula(model: ModelSpec): CompiledFormula {
  const f = parsedFormula(model);
  const key = JSON.stringify([f.params, f.constants, f.text]);
  return remember(compiled, key, () =>
    formulaCompiler().compileFormula({ params: f.params, constants: f.constants, ...f.trees }),
  );
}
