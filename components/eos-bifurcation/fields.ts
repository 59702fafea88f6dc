// <eos-bifurcation>'s attributes (each sets one spec path) and its default spec; no DOM, so Node tests import it.
import type { ExperimentSpec } from '../../src/spec/types.js';
import { AUTO, FORMULA_FIELDS, type AttrField } from '../spec-attrs.js';

export const BIFURCATION_FIELDS: readonly AttrField[] = [
  { attr: 'model', path: 'model.name', kind: 'string' },
  { attr: 'width', path: 'model.width', kind: 'integer' },
  { attr: 'seed', path: 'init.seed', kind: 'integer' },
  { attr: 'scale', path: 'init.scale', kind: 'number' },
  { attr: 'lr-min', path: 'sweep.0.min', kind: 'number' },
  { attr: 'lr-max', path: 'sweep.0.max', kind: 'number' },
  { attr: 'columns', path: 'sweep.0.count', kind: 'lanes' },
  { attr: 'steps', path: 'steps', kind: 'integer' },
  { attr: 'observable', path: 'figure.observable', kind: 'string' },
  { attr: 'window', path: 'figure.window', kind: 'integer' },
  { attr: 'bins', path: 'figure.bins', kind: 'integer' },
  { attr: 'precision', path: 'precision', kind: 'string' },
  ...FORMULA_FIELDS,
];

export const BIFURCATION_DEFAULTS: ExperimentSpec = {
  model: { name: 'uv', width: 16 },
  init: { seed: 0, scale: 0.1 },
  optimizer: { name: 'gd', lr: 1 },
  // count 'auto': as many learning rates as the plot is wide in device pixels, capped by the GPU's speed.
  sweep: [{ path: 'optimizer.lr', min: 3.6, max: 8.4, count: AUTO as unknown as number }],
  steps: 1000,
  figure: { kind: 'bifurcation', observable: 'output', window: 128, bins: 256 },
};
