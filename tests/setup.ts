// Every suite runs as Node callers of eos-lab do: with the formula compiler loaded (src/index.ts does so).
import * as compiler from '../src/formula/compile.js';
import { provideFormulaCompiler } from '../src/formula/loader.js';

provideFormulaCompiler(compiler);
