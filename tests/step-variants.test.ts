// The lean variants of the step kernel (common/advance_lean.wgsl, src/engine/run/variants.ts): which dispatches
// may use them, and that a run with them gives the same bits as the general kernel alone (advance.wgsl).
// Identity: in a plain range [start, end) every iterate is a plain step (no event, no window, no record), and in
// a light range every iterate before S is a light step in the window with S the only event, so the general
// kernel runs exactly advance_lean's PLAIN / LIGHT arithmetic there, in the same order; the variants only
// leave out code those ranges never reach. SHARP false (no sharpness read: read 'color' of a class map) leaves
// the sharpness rows at 0 unread. Mutations: plainRange ignoring the first recorded iterate (`end <=
// plan.windowFirst`) drops the recorded iterates before the window; lightRange accepting a range with a
// stride record before S (without its nextRecord test) loses those records, or one that straddles the first
// stride-1 record (without `recordFirst(plan) <= start`) rounds the time differently; advance_lean adding a
// tangent step at S, or skipping measure_store; each fails a comparison below.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../src/engine/plan/plan.js';
import { hasLightSteps, hasPlainSteps, lightRange, plainRange } from '../src/engine/run/variants.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { testEngine } from './gpu.js';

const LIMITS = { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 };
const plan = (spec: ExperimentSpec) => makePlan(normalizeSpec(spec), LIMITS);
const base: ExperimentSpec = {
  model: { name: 'minimalist' },
  init: { x: 1.5, y: 0.5 },
  optimizer: { name: 'gd', lr: 0.3 },
  steps: 300,
};
const map: ExperimentSpec = {
  ...base,
  init: { x: 1, y: 1 },
  optimizer: { name: 'gd', lr: 0.25 },
  sweep: [
    { path: 'init.x', min: 0.2, max: 4, count: 48 },
    { path: 'init.y', min: 0.2, max: 4, count: 32 },
  ],
};

describe('lean step variants', () => {
  it('are plain before the window and the record, in runs with no sharpness stride', () => {
    const p = plan(base); // window 128: iterates 173..300
    expect(p.windowFirst).toBe(173);
    expect(hasPlainSteps(p)).toBe(true);
    expect(plainRange(p, 0, 173)).toBe(true);
    expect(plainRange(p, 100, 174)).toBe(false); // reaches the window
    expect(plainRange(p, 5, 5)).toBe(false);
    const recorded = plan({ ...base, record: { observables: ['loss'], last: 200 } }); // iterates 101..300
    expect(plainRange(recorded, 0, 101)).toBe(true);
    expect(plainRange(recorded, 0, 102)).toBe(false);
    // A sharpness stride puts an event in almost every submit; the window from iterate 0 leaves none.
    expect(hasPlainSteps(plan({ ...base, sharpness: { every: 10 } }))).toBe(false);
    expect(hasPlainSteps(plan({ ...base, steps: 100 }))).toBe(false);
    // The workgroup family keeps one step pipeline (its compile takes 25-50 s on the software GPU).
    const mlp = plan({ ...base, model: { name: 'mlp', depth: 2, width: 4, examples: 6 }, init: undefined });
    expect(mlp.family).toBe('workgroup');
    expect(hasPlainSteps(mlp)).toBe(false);
    expect(hasLightSteps(mlp)).toBe(false);
  });

  it('are light in the window when no event but S falls in the dispatch', () => {
    const p = plan(base);
    expect(hasLightSteps(p)).toBe(true);
    expect(lightRange(p, 173, 301)).toBe(true); // the window to S and past it
    expect(lightRange(p, 200, 250)).toBe(true);
    expect(lightRange(p, 172, 200)).toBe(false); // a plain step
    expect(hasLightSteps(plan({ ...base, sharpness: { every: 10 } }))).toBe(false);
    // Stride-1 records (no gradient norm) are light: a dispatch is light once they have begun, or before them
    // (the general kernel starts a segment at the first, which rounds the flow's time differently).
    const light = plan({ ...base, record: { observables: ['loss', 'output'], last: 100 } }); // 201..300
    expect(lightRange(light, 173, 201)).toBe(true);
    expect(lightRange(light, 201, 301)).toBe(true);
    expect(lightRange(light, 173, 202)).toBe(false); // straddles the first record
    // Records every 2nd iterate, or of the gradient norm, are events: only a range without one before S.
    const stride = plan({ ...base, record: { observables: ['loss'], last: 50, every: 2 } }); // 202, 204..300
    expect(lightRange(stride, 173, 202)).toBe(true);
    expect(lightRange(stride, 202, 301)).toBe(false);
    expect(lightRange(stride, 300, 301)).toBe(true); // S alone: its event records
    const norm = plan({ ...base, record: { observables: ['gradNorm'], last: 100 } });
    expect(lightRange(norm, 201, 301)).toBe(false);
  });

  it.each<[string, ExperimentSpec, 'lanes' | 'color']>([
    ['a 2-D minimalist map (gd, Lyapunov, diverging lanes)', map, 'lanes'],
    ['a 4-step map, every step in the window (the host bench case)', { ...map, steps: 4 }, 'lanes'],
    [
      'a class map read as colours (no sharpness: SHARP false)',
      { ...map, steps: 40, figure: { kind: 'basin', colorBy: 'class' } },
      'color',
    ],
    [
      'momentum with the convergence measure and stride-1 records',
      {
        ...base,
        optimizer: { name: 'momentum', lr: 0.3, beta: 0.5 },
        sweep: [{ path: 'optimizer.lr', min: 0.1, max: 1.2, count: 400 }],
        classify: { measure: true },
        record: { observables: ['loss', 'output'], last: 200 }, // iterates 101..300; the window 173..300
      },
      'lanes',
    ],
    [
      'records every 3rd iterate with the gradient norm (events in the window)',
      {
        ...base,
        sweep: [{ path: 'optimizer.lr', min: 0.1, max: 1.2, count: 200 }],
        record: { observables: ['loss', 'gradNorm', 'time'], last: 20, every: 3 },
      },
      'lanes',
    ],
    [
      'stride-1 records that begin inside the window',
      {
        ...base,
        sweep: [{ path: 'optimizer.lr', min: 0.1, max: 1.2, count: 200 }],
        record: { observables: ['loss', 'output', 'time'], last: 50 },
      },
      'lanes',
    ],
    [
      'precision double',
      {
        ...base,
        steps: 200,
        precision: 'double',
        sweep: [{ path: 'optimizer.lr', min: 0.5, max: 0.7, count: 256 }],
      },
      'lanes',
    ],
  ])('give the same bits as the general kernel: %s', async (_, spec, read) => {
    const engine = await testEngine();
    const both = [
      await engine.run(spec, { read }),
      await engine.run(spec, { read, plan: { leanSteps: false } }),
    ];
    const [a, b] = both.map((r) => ({
      kind: r.kind,
      period: r.period,
      divergedAt: r.divergedAt,
      colors: r.colors ?? new Uint8Array(),
      ...r.final,
      ...r.record.values,
    }));
    if (read === 'lanes')
      expect(new Set(a!.kind).size).toBeGreaterThan(1); // something worth comparing
    else expect(new Set(a!.colors).size).toBeGreaterThan(1);
    for (const [name, values] of Object.entries(a!))
      expect(Array.from(values as ArrayLike<number>), name).toEqual(
        Array.from(b![name as keyof typeof b] as ArrayLike<number>),
      );
  });
});
