// <eos-trajectory>'s attributes (each sets one spec path) and its default spec; no DOM, so Node tests import it.
import type { ExperimentSpec } from '../../src/spec/types.js';
import type { AttrField } from '../spec-attrs.js';

export const TRAJECTORY_FIELDS: readonly AttrField[] = [
  { attr: 'model', path: 'model.name', kind: 'string' },
  { attr: 'lr', path: 'optimizer.lr', kind: 'number' },
  { attr: 'steps', path: 'steps', kind: 'integer' },
];

export const TRAJECTORY_DEFAULTS: ExperimentSpec = {
  model: { name: 'minimalist' },
  init: { x: 4, y: 0.2625 },
  optimizer: { name: 'gd', lr: 0.1 },
  steps: 500,
  record: { observables: ['loss', 'sharpness'], last: 501, every: 1 },
  sharpness: { every: 1 },
};
