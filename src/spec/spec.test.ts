import { describe, expect, it } from 'vitest';
import { axisIndex, axisValues } from './axes.js';
import { SpecError } from './errors.js';
import { normalizeSpec, sweepablePaths } from './normalize.js';
import { getPath, setPath } from './path.js';

const base = { model: { name: 'uv' }, optimizer: { name: 'gd', lr: 1 }, steps: 10 };

/** The SpecError message for `spec`, or a failure if it validates. */
function error(spec: unknown): SpecError {
  try {
    normalizeSpec(spec);
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error('spec unexpectedly valid');
}

describe('spec validation', () => {
  it('fills defaults for a minimal spec', () => {
    const s = normalizeSpec(base);
    expect(s.model).toEqual({ name: 'uv', width: 16, target: 1, input: 1, parameterization: 'ntk' });
    expect(s.init).toEqual({ seed: 0, scale: 1, value: 0 });
    // Nothing is recorded unless asked (host memory stays O(lanes)); sharpness only at the final iterate.
    expect(s.record).toEqual({ observables: [], vectors: [], last: 0, every: 1 });
    expect(s.sharpness).toEqual({ iterations: 100, tolerance: 1e-3, every: 0, k: 4 });
    expect(s.classify).toMatchObject({ window: 11, maxPeriod: 5, lyapunov: true, measure: false });
    // Recording sharpness evaluates it every max(10, record.every) steps, not every step.
    const rec = normalizeSpec({ ...base, steps: 100, record: { observables: ['sharpness'], every: 3 } });
    expect(rec.sharpness.every).toBe(10);
    expect(
      normalizeSpec({ ...base, steps: 100, record: { observables: ['sharpness'], every: 25 } }).sharpness
        .every,
    ).toBe(25);
    expect(s.divergence.maxLoss).toBe(1e10);
  });

  it.each([
    [
      { ...base, optimizer: { name: 'gd', lr: -1 } },
      'optimizer.lr',
      'must be a finite number in (0, Infinity], got -1',
    ],
    [{ ...base, optimizer: { name: 'adam', lr: 1 } }, 'optimizer.name', "must be one of 'gd', 'momentum'"],
    [{ ...base, model: { name: 'cnn' } }, 'model.name', "must be one of 'quadratic', 'chain'"],
    [{ ...base, model: { name: 'uv', width: 0 } }, 'model.width', 'must be an integer in [1, 128], got 0'],
    [{ ...base, model: { name: 'uv', widht: 3 } }, 'model.widht', 'is not a known field'],
    [{ ...base, steps: 1.5 }, 'steps', 'must be an integer in [1, 10000000], got 1.5'],
    [{ ...base, record: { observables: ['lozz'] } }, 'record.observables.0', "must be one of 'loss'"],
    [{ ...base, record: { last: 12 } }, 'record.last', 'must be an integer in [0, 11], got 12'],
    [{ ...base, init: { params: [1, 2] } }, 'init.params', 'must be an array of 32 finite numbers'],
    [
      { ...base, sweep: [{ path: 'model.width', min: 1, max: 2 }] },
      'sweep.0.path',
      "must be one of 'optimizer.lr'",
    ],
    [
      { ...base, sweep: [{ path: 'optimizer.lr', min: -1, max: 2, count: 3 }] },
      'sweep.0',
      'sets optimizer.lr = -1',
    ],
    [
      { ...base, sweep: [{ path: 'optimizer.lr', min: 0, max: 2, spacing: 'log' }] },
      'sweep.0.min',
      'in (0, Infinity]',
    ],
    [
      {
        ...base,
        sweep: [
          { path: 'optimizer.lr', min: 1, max: 2, count: 2 ** 14 },
          { path: 'init.seed', min: 0, max: 9, count: 2 ** 13 },
        ],
      },
      'sweep',
      'at most 67108864',
    ],
    [
      { ...base, record: { observables: ['sharpness'] }, sharpness: { every: 0 } },
      'sharpness.every',
      'recording sharpness',
    ],
  ])('rejects %# with a message naming the field', (spec, field, message) => {
    const e = error(spec);
    expect(e.field).toBe(field);
    expect(e.message).toContain(`[eos-lab] spec: ${field}`);
    expect(e.message).toContain(message);
  });

  it('lists sweepable paths from the model registry', () => {
    expect(sweepablePaths(normalizeSpec(base))).toEqual([
      'optimizer.lr',
      'optimizer.beta',
      'optimizer.lossMin',
      'model.target',
      'model.input',
      'init.seed',
      'init.scale',
      'init.value',
    ]);
    const q = normalizeSpec({ ...base, model: { name: 'quadratic', curvatures: [1, 2] } });
    expect(sweepablePaths(q)).toContain('model.curvatures.1');
  });
});

describe('axes and paths', () => {
  it('spaces values linearly and logarithmically, endpoints exact', () => {
    expect(Array.from(axisValues({ path: 'p', min: 1, max: 2, count: 5 }))).toEqual([1, 1.25, 1.5, 1.75, 2]);
    const log = axisValues({ path: 'p', min: 1e-3, max: 1e1, count: 5, spacing: 'log' });
    expect(log[0]).toBe(1e-3);
    expect(log[2]).toBeCloseTo(0.1, 14);
    expect(log[4]).toBeCloseTo(10, 12);
    expect(Array.from(axisValues({ path: 'p', values: [3, 1] }))).toEqual([3, 1]);
  });

  it('orders lanes first axis fastest', () => {
    const lengths = [3, 2];
    const pairs = Array.from({ length: 6 }, (_, lane) => [
      axisIndex(lane, lengths, 0),
      axisIndex(lane, lengths, 1),
    ]);
    expect(pairs).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
  });

  it('gets and sets dotted paths without mutating the input', () => {
    const spec = { optimizer: { lr: 1 }, model: { curvatures: [1, 2] } };
    const copy = setPath(spec, 'optimizer.lr', 3);
    expect(getPath(copy, 'optimizer.lr')).toBe(3);
    expect(spec.optimizer.lr).toBe(1);
    expect(getPath(spec, 'model.curvatures.1')).toBe(2);
  });
});

describe('plan', () => {
  it('splits lanes into tiles that respect the buffer limit and the memory budget', async () => {
    const { makePlan } = await import('../engine/plan/plan.js');
    const spec = normalizeSpec({
      model: { name: 'uv', width: 64 },
      optimizer: { name: 'gd', lr: 1 },
      sweep: [{ path: 'optimizer.lr', min: 1, max: 2, count: 100_000 }],
      steps: 100,
      record: { observables: ['loss', 'output'], last: 64 },
    });
    const plan = makePlan(
      spec,
      { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 },
      { maxTileBytes: 2 ** 26 },
    );
    // Per lane: state 128 params x 3 blocks (w, eigenvector, tangent) x 4 B = 1536 B, orbit 2 x 101 x 4 B
    // = 808 B, the exp-euler eigenvalue word 4 B, and read back twice: record 2 x 64 x 4 B = 512 B, latest
    // 15 rows = 60 B, status 4 B, classes 4 B; plus 64 B of hyper structs and 4 x 128 B of init tables:
    // 64 MiB / (1536 + 808 + 4 + 2 (512 + 60 + 4 + 4) + 64 + 512) B = 16432.2, rounded down to workgroups of 64.
    expect(plan.tileLanes).toBe(16_384);
    expect(plan.tiles.reduce((n, t) => n + t.count, 0)).toBe(100_000);
    expect(plan.tiles.every((t) => t.count * plan.bytesPerLane.state <= 2 ** 27)).toBe(true);
  });
});

describe('zoom', () => {
  const spec = {
    model: { name: 'uv' },
    optimizer: { name: 'gd' as const, lr: 1 },
    sweep: [{ path: 'optimizer.lr', min: 3, max: 8, count: 512 }],
    steps: 10,
  };

  it('recomputes a window of an axis at the same resolution', async () => {
    const { zoomSpec } = await import('./zoom.js');
    const z = zoomSpec(spec, [{ axis: 0, min: 4.9, max: 5 }]);
    expect(z.spec.sweep[0]).toMatchObject({ path: 'optimizer.lr', min: 4.9, max: 5, count: 512 });
    expect(z.warning).toBeUndefined();
  });

  it('refuses empty or inverted windows and says when float32 cannot resolve the window', async () => {
    const { zoomSpec } = await import('./zoom.js');
    expect(() => zoomSpec(spec, [{ axis: 0, min: 5, max: 5 }])).toThrow('zoom.0 must have max > min');
    expect(() => zoomSpec(spec, [{ axis: 0, min: 6, max: 5 }])).toThrow('got [6, 5]');
    expect(() => zoomSpec(spec, [{ axis: 1, min: 1, max: 2 }])).toThrow(
      'zoom.0.axis must be an integer in [0, 0]',
    );
    // uv runs double: 'auto' resolves the fine window; forced single says the lanes coincide.
    const fine = zoomSpec(spec, [{ axis: 0, min: 5, max: 5 * (1 + 1e-6) }]);
    expect(fine.precision).toBe('double');
    expect(fine.warning).toBeUndefined();
    const forced = zoomSpec({ ...spec, precision: 'single' }, [{ axis: 0, min: 5, max: 5 * (1 + 1e-6) }]);
    expect(forced.warning).toContain("below float32's resolution");
  });
});
