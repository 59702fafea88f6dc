// <eos-trajectory>'s attributes (each sets one spec path) and its default spec; no DOM, so Node tests import it.
import type { ExperimentSpec } from '../../src/spec/types.js';
import { FORMULA_FIELDS, type AttrField } from '../spec-attrs.js';

export const TRAJECTORY_FIELDS: readonly AttrField[] = [
  { attr: 'model', path: 'model.name', kind: 'string' },
  { attr: 'lr', path: 'optimizer.lr', kind: 'number' },
  { attr: 'steps', path: 'steps', kind: 'integer' },
  { attr: 'k', path: 'sharpness.k', kind: 'integer' },
  ...FORMULA_FIELDS,
];

/** Most lanes one trajectory chart draws (a sweep of at most this many lanes). */
export const TRAJECTORY_MAX_LANES = 8;

/** Line colours per lane (Okabe & Ito), the same order as the class palette's. */
export const LANE_COLORS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#f0e442',
  '#000000',
];

export const TRAJECTORY_DEFAULTS: ExperimentSpec = {
  model: { name: 'minimalist' },
  init: { x: 4, y: 0.2625 },
  optimizer: { name: 'gd', lr: 0.1 },
  steps: 500,
  record: { observables: ['loss', 'sharpness'], last: 501, every: 1 },
  sharpness: { every: 1 },
};
