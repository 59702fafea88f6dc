// A valid one-step spec of a model at a size, for the suites that walk every model (registry, limits): the
// model's `example` fields where it has required ones (formula: a loss), its `testInit` where no init default.
import type { ModelDefinition } from '../src/models/types.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import type { ModelSpec, NormalSpec } from '../src/spec/types.js';

export function modelSpec(m: ModelDefinition, size: Partial<ModelSpec> = {}): NormalSpec {
  const model = m.normalize({ name: m.name, ...(Object.keys(size).length ? size : (m.example ?? {})) });
  return normalizeSpec({
    model,
    ...(m.testInit ? { init: m.testInit(model) } : {}),
    optimizer: { name: 'gd', lr: 0.1 },
    steps: 1,
  });
}
