// The figure elements' shared types: their state, the details of the events they fire, and the property name
// of an attribute field. No runtime beyond propertyName.
import type { ExperimentSpec } from '../src/spec/types.js';

/** The property of an attribute: 'lr-min' -> 'lrMin'. */
export function propertyName(attr: string): string {
  return attr.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

export type FigureState = 'idle' | 'running' | 'done' | 'error' | 'fallback';

/** Detail of `eos-progress`. */
export interface ProgressDetail {
  fraction: number;
}
/** Detail of `eos-error`. */
export interface ErrorDetail {
  message: string;
  field?: string;
}
/** Detail of `eos-select`: the lane, its axis values and a one-lane spec for it. */
export interface SelectDetail {
  lane: number;
  values: Record<string, number>;
  spec: ExperimentSpec;
}
