// Formula models on the GPU: formula versions of five built-in models classify their lanes as those models do,
// and a sweep over a formula constant puts GD's edge of stability where float64 does. (Parity with the float64
// reference for every optimiser: tests/gpu-parity.test.ts, 'formula (transcendental)'.)
import { describe, expect, it } from 'vitest';
import { runReference } from '../src/engine/reference.js';
import { CLASSES } from '../src/engine/plan/lane-rows.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { testEngine } from './gpu.js';
import { within } from './parity-models.js';

type Case = [
  string,
  ExperimentSpec['model'],
  ExperimentSpec['init'],
  Record<string, unknown>,
  [number, number],
];

// Each learning-rate range runs from convergence through the period-doubling cascade to the onset of chaos (the
// minimalist's well into its chaotic band). Deeper into the chaotic bands of the chain and the UV model the
// exact period of a lane follows f32 rounding: measured 1.2-1.6 % of lanes differing there (chain to 0.95, UV to
// 1.7), every one of them in a band where the outcomes (bounded, not settled) agree.
const CASES: Case[] = [
  [
    'minimalist',
    { name: 'minimalist' },
    { x: 1.5, y: 0.5 },
    { params: ['x', 'y'], loss: '((x*y)^2 - 1)^2/4', output: 'x*y' },
    [0.1, 0.7],
  ],
  [
    'valley',
    { name: 'valley' },
    { x: 1, y: 0.5 },
    { params: ['x', 'y'], loss: '(1 + x^2)*y^2', output: 'y' },
    [0.5, 1.2],
  ],
  [
    'quadratic',
    { name: 'quadratic', curvatures: [1, 4, 0.5] },
    { params: [1, -1, 2] },
    { params: ['a', 'b', 'c'], loss: '(a^2 + 4*b^2 + 0.5*c^2)/2', output: 'a' },
    [0.3, 0.7],
  ],
  [
    'chain (L = 3)',
    { name: 'chain', depth: 3, target: 1 },
    { params: [0.8, 1.1, 0.9] },
    { params: ['u', 'v', 'w'], loss: '(u*v*w - 1)^2/2', output: 'u*v*w' },
    [0.6, 0.9],
  ],
  [
    'uv (width 1)',
    { name: 'uv', width: 1, target: 1 },
    { params: [0.3, 0.5] },
    { params: ['u', 'v'], loss: '(v*u - 1)^2/2', output: 'v*u' },
    [0.9, 1.45],
  ],
];

const LANES = 256;

describe('formula versions of built-in models on the GPU', () => {
  // Both kernels run GD on the same loss in f32, their operations in different orders, so their orbits part
  // by rounding. On a lane near a class boundary that can change the class; elsewhere it cannot. Away from
  // float64's boundaries means: the lane and both neighbours have the same float64 class, and that class is
  // converged, diverged or a cycle of period <= 8, whose neighbourhoods are structurally stable. In a chaotic
  // band periodic windows are dense (every lane is near a boundary), and f32's finite orbits can close into
  // long cycles (period 64 where float64 is chaotic), so there the outcome is compared: bounded and not settled.
  // Over all lanes the same class and period on >= 99 %. Converged lanes settle on the same fixed point:
  // outputs within 1e-4 relative + 1e-5 (contracting maps keep only the f32 rounding of the last steps,
  // ~10 ops x 6e-8, far below that).
  it.each(CASES)('%s', async (_, builtin, init, model, [lo, hi]) => {
    const spec = (m: ExperimentSpec['model'], i: ExperimentSpec['init']): ExperimentSpec => ({
      model: m,
      init: i,
      optimizer: { name: 'gd', lr: lo },
      sweep: [{ path: 'optimizer.lr', min: lo, max: hi, count: LANES }],
      steps: 1000,
    });
    const engine = await testEngine();
    const a = await engine.run(spec(builtin, init));
    const named = init!.params ? { params: init!.params } : init;
    const b = await engine.run(spec({ ...model, name: 'formula' }, named));
    const ref = runReference(spec(builtin, init)).map((r) => r.class);
    const code = (r: typeof a, lane: number) => `${CLASSES[r.kind[lane]!]} ${r.period[lane]}`;
    const settled = (r: typeof a, lane: number) =>
      ['converged', 'diverged', 'collapsed'].includes(CLASSES[r.kind[lane]!]!);
    const key = (lane: number) => `${ref[lane]!.kind} ${ref[lane]!.period}`;
    const stable = (lane: number) =>
      ['converged', 'diverged'].includes(ref[lane]!.kind) ||
      (ref[lane]!.kind === 'periodic' && ref[lane]!.period <= 8);
    let same = 0;
    let inner = 0;
    for (let lane = 0; lane < LANES; lane++) {
      const agree = code(a, lane) === code(b, lane);
      if (agree) same++;
      const neighbours =
        lane > 0 && lane < LANES - 1 && key(lane - 1) === key(lane) && key(lane + 1) === key(lane);
      if (neighbours && stable(lane)) {
        inner++;
        expect(code(b, lane), `lane ${lane} (float64: ${key(lane)})`).toBe(code(a, lane));
      } else if (neighbours) {
        expect(settled(b, lane), `lane ${lane} in a chaotic band (float64: ${key(lane)})`).toBe(
          settled(a, lane),
        );
      }
      if (agree && CLASSES[a.kind[lane]!] === 'converged')
        within(b.final.output[lane]!, a.final.output[lane]!, 1e-4, 1e-5, `lane ${lane} output`);
    }
    expect(same / LANES).toBeGreaterThanOrEqual(0.99);
    // The range is not trivial: most lanes are compared exactly, and at least two classes occur.
    expect(inner).toBeGreaterThan(LANES / 2);
    expect(new Set(ref.map((c) => c.kind)).size).toBeGreaterThanOrEqual(2);
  });
});

describe('a sweep over a formula constant', () => {
  it("puts GD's edge of stability at a = 2 / lr, as float64 does (L = a x^2 / 2 + b y^2 / 2)", async () => {
    // GD scales x by 1 - lr a per step: converged for lr a < 2, an undamped 2-cycle at lr a = 2, diverged
    // beyond; y (lr b = 0.4) converges throughout.
    const spec: ExperimentSpec = {
      model: { name: 'formula', params: ['x', 'y'], loss: 'a*x^2/2 + b*y^2/2', constants: { a: 1, b: 0.5 } },
      init: { x: 0.5, y: 0.3 },
      optimizer: { name: 'gd', lr: 0.8 },
      sweep: [{ path: 'model.constants.a', min: 1, max: 4, count: 61 }],
      steps: 400,
    };
    const gpu = await (await testEngine()).run(spec);
    const ref = runReference(spec);
    for (const r of ref) {
      const a = 1 + (3 * r.lane) / 60;
      const want = a < 2.45 ? 'converged' : a > 2.55 ? 'diverged' : undefined;
      if (want) {
        expect(r.class.kind, `float64 at a = ${a}`).toBe(want);
        expect(CLASSES[gpu.kind[r.lane]!], `GPU at a = ${a}`).toBe(want);
      }
    }
    expect(gpu.axes[0]!.path).toBe('model.constants.a');
  });
});
