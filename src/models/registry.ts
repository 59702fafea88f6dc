// The explicit list of models: adding a model means its shaders/<name>/ folder, its src/models/<name>/
// folder and one line here (tests/registry.test.ts checks the three agree).
import { chain } from './chain/index.js';
import { dln } from './dln/index.js';
import { mlp } from './mlp/index.js';
import { minimalist } from './minimalist/index.js';
import { quadratic } from './quadratic/index.js';
import type { ModelDefinition } from './types.js';
import { uv } from './uv/index.js';
import { valley } from './valley/index.js';

export const MODELS: readonly ModelDefinition[] = [quadratic, chain, minimalist, valley, uv, dln, mlp];

export function findModel(name: string): ModelDefinition | undefined {
  return MODELS.find((m) => m.name === name);
}
