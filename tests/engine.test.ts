// Engine behaviour on the software GPU: divergence isolation, tiling and pacing invariance, cancel,
// progress, 2-D sweeps, and the UV period-doubling outcomes.
import { describe, expect, it } from 'vitest';
import { classify } from '../src/analysis/classify.js';
import { SOFTWARE_SCRATCH_BYTES } from '../src/engine/engine.js';
import { SOFTWARE_GROUP_SIZE, WORKGROUP_SIZE } from '../src/engine/plan/plan.js';
import { runReference } from '../src/engine/reference.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { testEngine } from './gpu.js';

describe('engine', () => {
  it('marks diverging lanes with their step and leaves the other lanes bit-identical', async () => {
    // Quadratic a = 4: |1 - 4 eta| > 1 for eta > 0.5. At eta = 1 the loss grows 9x a step from 2, so it
    // passes maxLoss = 1e10 at t = 11 in both precisions (9^10 * 2 = 7e9 < 1e10 < 9^11 * 2).
    const spec: ExperimentSpec = {
      model: { name: 'quadratic', curvatures: [4] },
      init: { value: 1 },
      optimizer: { name: 'gd', lr: 0.1 },
      sweep: [{ path: 'optimizer.lr', values: [0.1, 1.0, 0.3, 5.0, 0.2] }],
      steps: 40,
      record: { observables: ['loss', 'output'], last: 8 },
    };
    const engine = await testEngine();
    const r = await engine.run(spec);
    expect(Array.from(r.diverged)).toEqual([0, 1, 0, 1, 0]);
    const ref = runReference(spec);
    expect(r.divergedAt[1]).toBe(11);
    expect(r.divergedAt[1]).toBe(ref[1]!.divergedAt);
    expect(r.divergedAt[3]).toBe(ref[3]!.divergedAt);
    expect(r.final.loss[1]).toBeNaN();
    expect(r.record.values.loss![1 * 8]).toBeNaN();
    const alone = await engine.run({ ...spec, sweep: [{ path: 'optimizer.lr', values: [0.1, 0.3, 0.2] }] });
    expect([r.final.output[0], r.final.output[2], r.final.output[4]]).toEqual(Array.from(alone.final.output));
    expect(Number.isFinite(r.final.loss[0])).toBe(true);
  });

  const uvSpec: ExperimentSpec = {
    model: { name: 'uv', width: 8 },
    init: { seed: 2, scale: 0.3 },
    optimizer: { name: 'gd', lr: 1 },
    sweep: [{ path: 'optimizer.lr', min: 0.5, max: 6, count: 200 }],
    steps: 60,
    record: { observables: ['loss', 'sharpness'], last: 10, every: 3 },
    sharpness: { iterations: 10, every: 4 },
  };

  it('gives bit-identical results whatever the tiling, the steps per submit and the way submits are awaited', async () => {
    // Each tile's init is queued behind the previous tile's readback copies (tile.ts run's `next`); a mutation
    // that submits it before the copies overwrites the rows they read, and fails this.
    const engine = await testEngine();
    const one = await engine.run(uvSpec); // quiet waits: the default in Node on a software GPU
    const tiled = await engine.run(uvSpec, { plan: { maxTileLanes: 64 }, budgetMs: 0.01, quietWait: false });
    expect(engine.plan(uvSpec, { maxTileLanes: 64 }).tiles.length).toBe(4);
    expect(Array.from(tiled.final.sharpness)).toEqual(Array.from(one.final.sharpness));
    expect(Array.from(tiled.record.values.loss!)).toEqual(Array.from(one.record.values.loss!));
    expect(Array.from(tiled.divergedAt)).toEqual(Array.from(one.divergedAt));
    expect(Array.from(one.record.steps)).toEqual([33, 36, 39, 42, 45, 48, 51, 54, 57, 60]);
  });

  it("keeps a workgroup-family tile's scratch within the software GPU's cache budget", async () => {
    // 256 MLP lanes of ~190 KB scratch each: one tile on a real GPU, tiles of <= 8 MiB of scratch on SwiftShader.
    const spec: ExperimentSpec = {
      model: { name: 'mlp', depth: 3, width: 32, dataset: 'teacher', examples: 64 },
      optimizer: { name: 'gd', lr: 0.05 },
      sweep: [{ path: 'optimizer.lr', min: 0.05, max: 0.1, count: 256 }],
      steps: 10,
    };
    const engine = await testEngine();
    const plan = engine.plan(spec);
    const scratch = plan.bytesPerLane.scratch;
    expect(scratch).toBeGreaterThan(100_000);
    if (engine.info.isFallback) {
      expect(plan.tiles.length).toBeGreaterThan(1);
      for (const t of plan.tiles) expect(t.count * scratch).toBeLessThanOrEqual(SOFTWARE_SCRATCH_BYTES);
    } else expect(plan.tiles.length).toBe(1);
    // An explicit tile size wins.
    expect(engine.plan(spec, { maxTileLanes: 256 }).tiles.length).toBe(1);
  });

  it('sizes the workgroup family by the adapter: 4 invocations on a software GPU, 64 elsewhere, or as asked', async () => {
    const spec: ExperimentSpec = {
      model: { name: 'dln', depth: 3, width: 8, spectrum: [1] },
      optimizer: { name: 'gd', lr: 0.05 },
      steps: 2,
    };
    const engine = await testEngine();
    const plan = engine.plan(spec);
    expect(plan.family).toBe('workgroup');
    expect(plan.overrides.WG).toBe(engine.info.isFallback ? SOFTWARE_GROUP_SIZE : WORKGROUP_SIZE);
    expect(engine.plan(spec, { groupSize: 32 }).overrides.WG).toBe(32);
    // The lane family keeps a lane per invocation whatever is asked.
    expect(engine.plan({ ...spec, model: { name: 'minimalist' } }, { groupSize: 4 }).overrides.WG).toBe(64);
    for (const bad of [0, 2.5, 100_000])
      expect(() => engine.plan(spec, { groupSize: bad })).toThrow(
        /plan\.groupSize must be an integer in \[1, \d+\]/,
      );
  });

  it.each([
    ['uv', { name: 'uv', width: 6 }, { seed: 1, scale: 0.4 }, [0.2, 0.6]],
    ['mlp', { name: 'mlp', depth: 2, width: 3, examples: 5 }, { seed: 2 }, [0.1, 0.3]],
  ] as const)(
    'returns the final parameters of every lane when asked (%s, several tiles)',
    async (_, model, init, [lo, hi]) => {
      // Below the edge for 8 steps: f32 against float64 within 1e-4 relative + 1e-5 (gpu-parity.test.ts).
      const spec: ExperimentSpec = {
        model,
        init,
        optimizer: { name: 'gd', lr: lo },
        sweep: [{ path: 'optimizer.lr', min: lo, max: hi, count: 5 }],
        steps: 8,
      };
      const engine = await testEngine();
      const r = await engine.run(spec, { keep: { params: true }, plan: { maxTileLanes: 2 } });
      const P = r.params.length / 5;
      expect(r.params.length).toBe(5 * P);
      for (const ref of runReference(spec)) {
        expect(ref.params.length).toBe(P);
        ref.params.forEach((x, k) => {
          const g = r.params[ref.lane * P + k]!;
          expect(Math.abs(g - x), `lane ${ref.lane} param ${k}`).toBeLessThanOrEqual(
            1e-5 + 1e-4 * Math.abs(x),
          );
        });
      }
      expect((await engine.run(spec)).params.length).toBe(0);
    },
  );

  it('reports monotone progress ending at 1, and cancels on abort', async () => {
    const engine = await testEngine();
    const seen: number[] = [];
    await engine.run(uvSpec, { budgetMs: 0.01, onProgress: (p) => seen.push(p.fraction) });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((f, i) => i === 0 || f >= (seen[i - 1] as number))).toBe(true);
    expect(seen.at(-1)).toBe(1);
    const controller = new AbortController();
    const run = engine.run(
      { ...uvSpec, steps: 5000 },
      {
        signal: controller.signal,
        budgetMs: 0.01,
        onProgress: (p) => p.step > 20 && controller.abort(),
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const after = await engine.run({ ...uvSpec, steps: 3, record: { observables: ['loss'], last: 2 } });
    expect(after.lanes).toBe(200);
  });

  it('orders 2-D sweeps first axis fastest, as the reference does', async () => {
    const spec: ExperimentSpec = {
      model: { name: 'minimalist' },
      init: { x: 2, y: 0.3 },
      optimizer: { name: 'gd', lr: 0.1 },
      sweep: [
        { path: 'init.x', min: 1.5, max: 2.5, count: 3 },
        { path: 'optimizer.lr', values: [0.05, 0.1] },
      ],
      steps: 3,
      record: { observables: ['output'], last: 1 },
    };
    const gpu = await (await testEngine()).run(spec);
    const ref = runReference(spec);
    expect(gpu.lanes).toBe(6);
    ref.forEach((r) => expect(gpu.final.output[r.lane]).toBeCloseTo(r.final.output, 5));
    expect(ref[4]!.final.output).not.toBeCloseTo(ref[1]!.final.output, 3);
  });

  it('reproduces the UV period-doubling route: converge, period 2, period 4 as s = eta y / sqrt(n) grows', async () => {
    // docs/equations.md, identity 4: s < 1 converges, 1 < s < sqrt(5) - 1 = 1.236 is a 2-cycle, then period 4 until ~1.288.
    // Lanes sit well inside each window; outcomes are compared, not trajectories.
    const n = 16;
    const spec: ExperimentSpec = {
      model: { name: 'uv', width: n, target: 1 },
      init: { seed: 0, scale: 0.1 },
      optimizer: { name: 'gd', lr: 1 },
      sweep: [{ path: 'optimizer.lr', values: [0.9, 1.1, 1.26].map((s) => s * Math.sqrt(n)) }],
      steps: 3000,
      record: { observables: ['output'], last: 64 },
    };
    const gpu = await (await testEngine()).run(spec);
    const periods = [0, 1, 2].map(
      (lane) => classify(gpu.record.values.output!.subarray(lane * 64, lane * 64 + 64), false).period,
    );
    const ref = runReference(spec).map((r) => classify(r.record.output!, false).period);
    expect(ref).toEqual([1, 2, 4]);
    expect(periods).toEqual(ref);
  });

  it('rejects runs on a destroyed engine with a clear error', async () => {
    const { Engine } = await import('../src/engine/engine.js');
    const own = await Engine.create();
    own.destroy();
    // At once, before the device's lost promise settles (mutation: marking it only in that promise gives an
    // AbortError with an empty message here), and again once it has.
    await expect(own.run(uvSpec)).rejects.toThrow(
      'cannot run: the engine was destroyed; create a new Engine',
    );
    await own.device.lost;
    await expect(own.run(uvSpec)).rejects.toThrow('cannot run: the engine was destroyed');
  });
});
