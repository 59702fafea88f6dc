// <eos-basin-map>'s attributes (each sets one spec path) and its default spec; no DOM, so Node tests import it.
import type { ExperimentSpec } from '../../src/spec/types.js';
import { AUTO, FORMULA_FIELDS, formulaStart, type AttrField } from '../spec-attrs.js';

export const BASIN_FIELDS: readonly AttrField[] = [
  { attr: 'model', path: 'model.name', kind: 'string' },
  { attr: 'lr', path: 'optimizer.lr', kind: 'number' },
  { attr: 'x-path', path: 'sweep.0.path', kind: 'string' },
  { attr: 'x-min', path: 'sweep.0.min', kind: 'number' },
  { attr: 'x-max', path: 'sweep.0.max', kind: 'number' },
  { attr: 'y-path', path: 'sweep.1.path', kind: 'string' },
  { attr: 'y-min', path: 'sweep.1.min', kind: 'number' },
  { attr: 'y-max', path: 'sweep.1.max', kind: 'number' },
  { attr: 'count', path: 'sweep.0.count', kind: 'lanes' },
  { attr: 'count', path: 'sweep.1.count', kind: 'lanes' },
  { attr: 'steps', path: 'steps', kind: 'integer' },
  { attr: 'color-by', path: 'figure.colorBy', kind: 'string' },
  { attr: 'precision', path: 'precision', kind: 'string' },
  ...FORMULA_FIELDS,
];

export const BASIN_DEFAULTS: ExperimentSpec = {
  model: { name: 'minimalist' },
  init: { x: 1, y: 1 },
  optimizer: { name: 'gd', lr: 0.25 },
  sweep: [
    // count 'auto': the map's side in device pixels, capped by the GPU's speed.
    { path: 'init.x', min: 0.2, max: 4, count: AUTO as unknown as number },
    { path: 'init.y', min: 0.2, max: 4, count: AUTO as unknown as number },
  ],
  steps: 500,
  figure: { kind: 'basin', colorBy: 'class' },
};

/**
 * A formula basin map without a sweep of its own sweeps its first two parameters over the default ranges;
 * the other parameters start at 1 (formulaStart).
 * @example
 * basinFormula({ model: { name: 'formula', params: ['x', 'y'], loss: 'x^2*y^2' }, ... }).sweep[0].path; // 'init.x'
 */
export function basinFormula(spec: ExperimentSpec): ExperimentSpec {
  const params = spec.model.params;
  if (spec.model.name === 'formula' && !spec.sweep?.length && Array.isArray(params) && params.length >= 2) {
    const [x, y] = BASIN_DEFAULTS.sweep!;
    spec = {
      ...spec,
      sweep: [
        { ...x!, path: `init.${String(params[0])}` },
        { ...y!, path: `init.${String(params[1])}` },
      ],
    };
  }
  return formulaStart(spec);
}
