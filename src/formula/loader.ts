// The formula compiler (compile.ts: program, derivatives, WGSL, float64 reference) on demand: browsers fetch it
// as a second file the first time a formula model runs, so pages without formulas never load it. src/index.ts
// and the CLI provide it eagerly (Node has no page weight to save).
import type * as Compiler from './compile.js';

let loaded: typeof Compiler | undefined;

/** Makes the compiler available without a dynamic import (the Node entry points call this). */
export function provideFormulaCompiler(compiler: typeof Compiler): void {
  loaded = compiler;
}

/**
 * Loads the formula compiler (once). `Engine.run` awaits it for formula models; call it yourself before
 * `runReference` of a formula spec in a browser.
 * @example
 * await loadFormulaCompiler();
 */
export async function loadFormulaCompiler(): Promise<typeof Compiler> {
  loaded ??= await import('./compile.js');
  return loaded;
}

/** The compiler, or an error saying to load it first. */
export function formulaCompiler(): typeof Compiler {
  if (!loaded)
    throw new Error(
      '[eos-lab] formula models need the formula compiler: await loadFormulaCompiler() first (Engine.run does; ' +
        "import 'eos-lab' loads it in Node)",
    );
  return loaded;
}
