// The PLAIN variant of the step kernel (common/advance.wgsl, src/engine/run/plain.ts): which dispatches may
// use it, and that a run with it gives the same bits as the general kernel alone.
// Identity: in a plain range [start, end) every iterate is a plain step (no event, no window, no record), so
// the general kernel runs exactly the plain loop there; PLAIN only compiles out code that range never reaches,
// and neither reads nor writes the window's rows (which no plain iterate touches). Mutations: plainRange
// ignoring the first recorded iterate (`end <= plan.windowFirst`; submits are cut at the window's start, not
// at the record's) drops the recorded iterates before the window; advance.wgsl's PLAIN branch returning
// before it stores the measure's sums loses them; the comparisons below fail either way.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../src/engine/plan/plan.js';
import { hasPlainSteps, plainRange } from '../src/engine/run/plain.js';
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

describe('plain steps', () => {
  it('are the iterates before the window and the record, in runs with no sharpness stride', () => {
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
  });

  it.each<[string, ExperimentSpec]>([
    [
      'a 2-D minimalist map (gd, Lyapunov, diverging lanes)',
      {
        ...base,
        init: { x: 1, y: 1 },
        optimizer: { name: 'gd', lr: 0.25 },
        sweep: [
          { path: 'init.x', min: 0.2, max: 4, count: 48 },
          { path: 'init.y', min: 0.2, max: 4, count: 32 },
        ],
      },
    ],
    [
      'momentum with the convergence measure',
      {
        ...base,
        optimizer: { name: 'momentum', lr: 0.3, beta: 0.5 },
        sweep: [{ path: 'optimizer.lr', min: 0.1, max: 1.2, count: 400 }],
        classify: { measure: true },
        record: { observables: ['loss', 'output'], last: 200 }, // iterates 101..300; the window 173..300
      },
    ],
    [
      'precision double',
      {
        ...base,
        steps: 200,
        precision: 'double',
        sweep: [{ path: 'optimizer.lr', min: 0.5, max: 0.7, count: 256 }],
      },
    ],
  ])('give the same bits as the general kernel: %s', async (_, spec) => {
    const engine = await testEngine();
    const both = [await engine.run(spec), await engine.run(spec, { plan: { plainSteps: false } })];
    const [a, b] = both.map((r) => ({
      kind: r.kind,
      period: r.period,
      divergedAt: r.divergedAt,
      ...r.final,
      ...r.record.values,
    }));
    expect(new Set(a!.kind).size).toBeGreaterThan(1); // the runs classify something worth comparing
    for (const [name, values] of Object.entries(a!))
      expect(Array.from(values as ArrayLike<number>), name).toEqual(
        Array.from(b![name as keyof typeof b] as ArrayLike<number>),
      );
  });
});
