// Sweeps on the GPU against the float64 reference: classification along the L = 2 chain's period-doubling
// cascade, the bifurcation density (mass conservation, orbit points per column), and the invariances the
// sweep machinery promises (GPU init = host packing, tiling, streaming).
import { describe, expect, it } from 'vitest';
import { CLASSES } from '../src/engine/plan/lane-rows.js';
import { ownerMasks } from '../src/engine/plan/init-tables.js';
import { runReference } from '../src/engine/reference.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { testEngine } from './gpu.js';

// Balanced chain of depth 2, sigma = 1: lambda_flat = 2, so kappa = 2 lr and s = kappa / 2 = lr (docs/equations.md,
// identity 3): converged for s < 1, a 2-cycle until s = sqrt(5) - 1, then 4, 8, ... and chaos.
const cascade = (count: number, extra: Partial<ExperimentSpec> = {}): ExperimentSpec => ({
  model: { name: 'chain', depth: 2, target: 1 },
  init: { value: 0.5, scale: 0 },
  optimizer: { name: 'gd', lr: 1 },
  sweep: [{ path: 'optimizer.lr', min: 0.9, max: 2.2, count }],
  steps: 3000,
  ...extra,
});

describe('sweeps', () => {
  it('classifies the chain cascade as float64 does, and locates the first two doublings', async () => {
    const spec = cascade(261); // spacing 0.005
    const engine = await testEngine();
    const r = await engine.run(spec);
    const ref = runReference(spec);
    const s = r.axes[0]!.values;
    const gpu = Array.from(r.kind, (k, i) => `${CLASSES[k]}/${r.period[i]}`);
    const f64 = ref.map((l) => `${l.class.kind}/${l.class.period}`);
    // Up to the accumulation point (~1.30) and away from bifurcation points (the f64 class equals its
    // neighbours'), the GPU's class is the f64 class. Past it, periodic windows are dense and f32 and f64
    // orbits part within a few dozen steps, so only the outcome (bounded or diverged) is compared.
    let compared = 0;
    for (let i = 1; i + 1 < r.lanes; i++) {
      if (f64[i - 1] !== f64[i] || f64[i + 1] !== f64[i]) continue;
      if ((s[i] as number) < 1.3) expect(gpu[i], `s = ${s[i]}`).toBe(f64[i]);
      else expect(gpu[i] === 'diverged/0', `s = ${s[i]}`).toBe(f64[i] === 'diverged/0');
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
    const seen = new Set(gpu);
    for (const c of ['converged/1', 'periodic/2', 'periodic/4', 'periodic/8', 'chaotic/0', 'diverged/0'])
      expect(seen, c).toContain(c);
    const first = (c: string) => s[gpu.indexOf(c)] as number;
    const spacing = (s[1] as number) - (s[0] as number);
    expect(Math.abs(first('periodic/2') - 1)).toBeLessThanOrEqual(spacing * (1 + 1e-9)); // axis values round
    expect(Math.abs(first('periodic/4') - (Math.sqrt(5) - 1))).toBeLessThanOrEqual(spacing * (1 + 1e-9));
    // Lyapunov exponents: negative on cycles and equal to f64 there (tangent maps of the same orbit);
    // positive on chaotic lanes (their f32 and f64 orbits part, so only the sign is compared). Cycles of 8 and
    // more sit close to the next doubling, where a 128-step exponent is sensitive to the orbit's phase.
    for (let i = 0; i < r.lanes; i++) {
      const l = r.final.lyapunov[i] as number;
      if (['periodic/2', 'periodic/4'].includes(gpu[i]!) && gpu[i] === f64[i])
        expect(Math.abs(l - ref[i]!.lyapunov), `s = ${s[i]}`).toBeLessThan(0.01);
      if (gpu[i] === 'chaotic/0') expect(l).toBeGreaterThan(0.01);
      if (gpu[i] === 'diverged/0') {
        expect(r.final.lyapunov[i]).toBeNaN();
        expect(r.divergedAt[i]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('puts the 2-cycle on its closed form: b1 + b2 = 1 + s and b1 b2 = 1 with b = s P', async () => {
    // docs/equations.md identity 3 (L = 2, sigma = 1, s = lr). Lanes well inside the 2-cycle band
    // [1.02, 1.2] have contracted to it by step 3000 (multiplier 9 - 2 (1 + s)^2, at most 0.92 in magnitude);
    // f32 holds P to ~1e-7 relative, so 1e-5 is a wide margin.
    const spec = cascade(10, { record: { observables: ['output'], last: 2 } });
    spec.sweep = [{ path: 'optimizer.lr', min: 1.02, max: 1.2, count: 10 }];
    const r = await (await testEngine()).run(spec);
    for (let lane = 0; lane < r.lanes; lane++) {
      const s = r.axes[0]!.values[lane] as number;
      expect(CLASSES[r.kind[lane] as number]).toBe('periodic');
      expect(r.period[lane]).toBe(2);
      const [p1, p2] = Array.from(r.record.values.output!.subarray(2 * lane, 2 * lane + 2));
      const b1 = s * (p1 as number);
      const b2 = s * (p2 as number);
      expect(Math.abs(b1 + b2 - (1 + s)), `s = ${s}`).toBeLessThan(1e-5);
      expect(Math.abs(b1 * b2 - 1), `s = ${s}`).toBeLessThan(1e-5);
    }
  });

  it("computes Sohl-Dickstein's signed convergence measure as float64 does", async () => {
    // Converged lanes: -sum_t min(L_t / L_0, 1e6) over 401 iterates of a contracting orbit, summed in f32 in
    // step order: relative error ~ steps x 6e-8 ~ 3e-5, checked at 1e-3. Diverged lanes: +sum 1 / v_t, the
    // same sign in both precisions. Chaotic lanes are left out: their f32 and f64 orbits part.
    const spec = cascade(24, { steps: 400, classify: { measure: true } });
    spec.sweep = [{ path: 'optimizer.lr', min: 0.3, max: 2.6, count: 24 }];
    const r = await (await testEngine()).run(spec);
    const ref = runReference(spec);
    let converged = 0;
    for (let lane = 0; lane < r.lanes; lane++) {
      const g = r.final.measure[lane] as number;
      const f = ref[lane]!.measure;
      const kind = CLASSES[r.kind[lane] as number];
      if (kind === ref[lane]!.class.kind && kind !== 'chaotic' && kind !== 'aperiodic')
        expect(Math.sign(g), `lane ${lane} (${kind})`).toBe(Math.sign(f));
      if (CLASSES[r.kind[lane] as number] === 'converged') {
        expect(Math.abs(g - f), `lane ${lane}: ${g} vs ${f}`).toBeLessThanOrEqual(1e-3 * Math.abs(f));
        converged++;
      }
    }
    expect(converged).toBeGreaterThan(3);
    expect(r.final.measure.some((m) => m > 0)).toBe(true); // some lanes diverge at s > ~2
  });

  it('bins every sample of a bifurcation density exactly once; periods show as occupied bins', async () => {
    const figure = { observable: 'output' as const, window: 64, bins: 200 };
    const spec = cascade(128, { figure });
    const engine = await testEngine();
    const r = await engine.run(spec);
    const d = r.density!;
    expect(d.columns).toBe(128);
    const total = d.counts.reduce((a, b) => a + b, 0);
    expect(total + d.outOfRange + d.nonFinite + d.diverged).toBe(128 * 64);
    expect(d.diverged).toBe(64 * r.diverged.reduce((a, b) => a + b, 0));
    expect(d.outOfRange).toBe(0); // automatic range
    for (let col = 0; col < 128; col++) {
      let occupied = 0;
      for (let b = 0; b < d.bins; b++) if ((d.counts[b * 128 + col] as number) > 0) occupied++;
      const cls = CLASSES[r.kind[col] as number];
      if (cls === 'converged') expect(occupied).toBe(1);
      if (cls === 'periodic') expect(occupied).toBeLessThanOrEqual(r.period[col] as number);
      if (cls === 'periodic' && r.period[col] === 2) expect(occupied).toBe(2);
    }
    // A given range that cuts the orbit: the rest is counted out of range, nothing is lost.
    const cut = await engine.run(cascade(128, { figure: { ...figure, range: [0.9, 1.1] } }));
    const inside = cut.density!.counts.reduce((a, b) => a + b, 0);
    expect(cut.density!.outOfRange).toBeGreaterThan(0);
    expect(inside + cut.density!.outOfRange + cut.density!.nonFinite + cut.density!.diverged).toBe(128 * 64);
  });

  it('gives bit-identical lanes, classes and densities whatever the tiling, and with host-packed init', async () => {
    const spec = cascade(200, { figure: { window: 32, bins: 64, range: [-2, 3] }, steps: 400 });
    const engine = await testEngine();
    const one = await engine.run(spec);
    const tiled = await engine.run(spec, { plan: { maxTileLanes: 64 } });
    const host = await engine.run(spec, { plan: { maxTileLanes: 128, hostInit: true } });
    for (const other of [tiled, host]) {
      expect(Array.from(other.kind)).toEqual(Array.from(one.kind));
      expect(Array.from(other.final.lyapunov)).toEqual(Array.from(one.final.lyapunov));
      expect(Array.from(other.final.output)).toEqual(Array.from(one.final.output));
      expect(Array.from(other.density!.counts)).toEqual(Array.from(one.density!.counts));
    }
    // A 2-D sweep over the initial point (each parameter follows one axis) and a Gaussian seed sweep.
    const basin: ExperimentSpec = {
      model: { name: 'minimalist' },
      optimizer: { name: 'gd', lr: 0.3 },
      sweep: [
        { path: 'init.x', min: 0.5, max: 4, count: 33 },
        { path: 'init.y', min: -2, max: 2, count: 17 },
      ],
      init: { x: 1, y: 1 },
      steps: 200,
    };
    const seeds: ExperimentSpec = {
      model: { name: 'uv', width: 8 },
      init: { seed: 0, scale: 0.5 },
      optimizer: { name: 'gd', lr: 1 },
      sweep: [
        { path: 'init.seed', values: [0, 1, 2, 3, 4, 5, 6, 7] },
        { path: 'optimizer.lr', min: 1, max: 3, count: 5 },
      ],
      steps: 100,
    };
    // 48 parameters a lane: past the 32 words whose owners expand.wgsl takes from override masks, so the
    // owners come from their buffer (MASKS false). Mutations (checked): an owner-0 word read from the base lane
    // (expand.wgsl `o == 0` -> `o == 2`), or owner_of returning -1 past 32 words, fail the comparisons below.
    const wide: ExperimentSpec = {
      ...seeds,
      model: { name: 'uv', width: 24 },
      sweep: [{ path: 'init.seed', values: [0, 1, 2, 3] }],
      steps: 20,
    };
    expect(ownerMasks({ words: 3, owner: Int32Array.of(0, -1, 1) })).toEqual({
      MASKS: true,
      OWN0: 1,
      OWN1: 4,
    });
    expect(ownerMasks({ words: 48, owner: new Int32Array(48) }).MASKS).toBe(false);
    for (const s of [basin, seeds, wide]) {
      const gpuInit = await engine.run(s);
      const hostInit = await engine.run(s, { plan: { hostInit: true } });
      expect(Array.from(gpuInit.final.output)).toEqual(Array.from(hostInit.final.output));
      expect(Array.from(gpuInit.kind)).toEqual(Array.from(hostInit.kind));
    }
  });

  it('streams tiles to a sink and keeps no per-lane arrays when asked', async () => {
    const engine = await testEngine();
    const spec = cascade(300, { steps: 200 });
    const seen: number[] = [];
    const r = await engine.run(spec, {
      plan: { maxTileLanes: 128 },
      keep: { lanes: false, record: false },
      onTile: (data) => {
        seen.push(data.tile.offset, data.tile.count);
        expect(data.classes).toHaveLength(data.tile.count);
        expect(data.record).toBeUndefined();
      },
    });
    expect(seen).toEqual([0, 128, 128, 128, 256, 44]);
    expect(r.kind).toHaveLength(0);
    expect(r.final.loss).toHaveLength(0);
  });

  it('runs shards of a sweep whose lanes equal the unsharded run bit for bit', async () => {
    const engine = await testEngine();
    const spec = cascade(100, { steps: 300 });
    const whole = await engine.run(spec);
    const parts = [];
    for (let i = 0; i < 3; i++)
      parts.push(await engine.run(spec, { plan: { shard: { index: i, count: 3 } } }));
    expect(parts.map((p) => [p.range.first, p.range.end])).toEqual([
      [0, 33],
      [33, 66],
      [66, 100],
    ]);
    for (const p of parts) {
      const { first, end } = p.range;
      expect(Array.from(p.final.output.subarray(first, end))).toEqual(
        Array.from(whole.final.output.subarray(first, end)),
      );
      expect(Array.from(p.kind.subarray(first, end))).toEqual(Array.from(whole.kind.subarray(first, end)));
    }
  });

  it('folds dispatches past 65,535 workgroups (a 4M-lane tile) and still maps every lane', async () => {
    const engine = await testEngine();
    const spec: ExperimentSpec = {
      model: { name: 'minimalist' },
      init: { x: 1, y: 1 },
      optimizer: { name: 'gd', lr: 0.02 },
      sweep: [
        { path: 'init.x', min: 0.5, max: 1.2, count: 2048 },
        { path: 'init.y', min: 0.5, max: 1.2, count: 2048 },
      ],
      steps: 3,
      classify: { window: 2, lyapunov: false },
    };
    const plan = engine.plan(spec, { maxTileBytes: 2 ** 31 });
    expect(plan.tiles).toHaveLength(1);
    expect(Math.ceil(plan.tileLanes / 64)).toBeGreaterThan(
      engine.device.limits.maxComputeWorkgroupsPerDimension,
    );
    const r = await engine.run(spec, { plan: { maxTileBytes: 2 ** 31 } });
    const lanes = [0, 65_535 * 64 - 1, 65_535 * 64, 65_535 * 64 + 1, plan.lanes - 1];
    const ref = runReference(spec, { lanes });
    lanes.forEach((lane, i) => {
      const want = ref[i]!.final.output;
      expect(ref[i]!.divergedAt).toBe(-1);
      expect(Math.abs((r.final.output[lane] as number) - want), `lane ${lane}`).toBeLessThanOrEqual(
        1e-5 * Math.abs(want) + 1e-6,
      );
    });
  });

  it('frees every buffer it created when a run is cancelled', async () => {
    const base = (await testEngine()).device;
    const live = new Set<GPUBuffer>();
    // A view of the device that notes every buffer created and destroyed through it.
    const device = new Proxy(base, {
      get(target, key) {
        const value = Reflect.get(target, key) as unknown;
        if (key === 'createBuffer') {
          return (desc: GPUBufferDescriptor) => {
            const b = target.createBuffer(desc);
            live.add(b);
            const destroy = b.destroy.bind(b);
            b.destroy = () => {
              live.delete(b);
              destroy();
            };
            return b;
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const { Engine } = await import('../src/engine/engine.js');
    const engine = await Engine.create({ device });
    const controller = new AbortController();
    const spec = cascade(512, { steps: 20_000, figure: { window: 16, bins: 32, range: [0, 2] } });
    let submits = 0;
    const run = engine.run(spec, {
      signal: controller.signal,
      budgetMs: 5,
      plan: { maxTileLanes: 256 },
      onProgress: () => {
        submits++;
        if (submits === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(submits).toBeLessThanOrEqual(5); // stopped within two submits of the abort
    expect(live.size).toBe(0);
    engine.destroy(); // the caller's device stays usable: a value still makes the round trip through it
    const probe = base.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    base.queue.writeBuffer(probe, 0, new Float32Array([1, 2, 3, 4]));
    await probe.mapAsync(GPUMapMode.READ);
    expect(Array.from(new Float32Array(probe.getMappedRange()))).toEqual([1, 2, 3, 4]);
    probe.destroy();
  });

  it("puts a deep linear network's first doubling where its top mode reaches kappa = 2 (Ghosh et al.)", async () => {
    // ghosh init, L = 3: mode i leaves the minimum at eta = 2 / (L s_i^(2 - 2/L)) (docs/equations.md, identity 3
    // for the chain each mode follows); the top mode s = 1 doubles first, at eta = 2/3.
    const spec: ExperimentSpec = {
      model: { name: 'dln', depth: 3, width: 3, spectrum: [1, 0.6, 0.3], init: 'ghosh', alpha: 0.5 },
      optimizer: { name: 'gd', lr: 0.5 },
      sweep: [{ path: 'optimizer.lr', min: 0.55, max: 0.8, count: 26 }],
      steps: 4000,
    };
    const r = await (await testEngine()).run(spec);
    const xs = r.axes[0]!.values;
    const first = Array.from(r.kind).findIndex((k, i) => CLASSES[k] === 'periodic' && r.period[i] === 2);
    expect(first).toBeGreaterThan(0);
    const spacing = (xs[1] as number) - (xs[0] as number);
    // Away from the bifurcation (3 grid steps) every lane below it has converged; the lanes right at it are
    // still settling after 4000 steps (critical slowing down), so the 2-cycle is first seen within the spacing.
    const below = Array.from(r.kind, (k) => CLASSES[k]).filter(
      (_, i) => (xs[i] as number) < 2 / 3 - 3 * spacing,
    );
    expect(
      below.every((k) => k === 'converged'),
      below.join(' '),
    ).toBe(true);
    expect(Math.abs((xs[first] as number) - 2 / 3), `first 2-cycle at ${xs[first]}`).toBeLessThanOrEqual(
      spacing * (1 + 1e-9),
    );
  });

  it('adaptive-gd (step min(eta, 1 / sharpness)) converges without oscillating where GD at eta sits at the edge', async () => {
    // The minimalist model from a sharp point (sharpness ~ 32, eta sharpness ~ 3 as in Zhu et al.): GD at
    // eta = 0.1 sheds sharpness to just below 2/eta = 20 through oscillation (the edge of stability);
    // adaptive-gd steps 1 / sharpness ~ 0.03, a gradient flow that keeps the loss decreasing and stops at a
    // minimum sharper than 2/eta.
    const run = (name: 'gd' | 'adaptive-gd') =>
      testEngine().then((e) =>
        e.run({
          model: { name: 'minimalist' },
          init: { x: 4, y: 0.2625 },
          optimizer: { name, lr: 0.1 },
          steps: 800,
          record: { observables: ['loss', 'sharpness'], last: 801 },
          sharpness: { every: 1 },
        }),
      );
    const [gd, adaptive] = [await run('gd'), await run('adaptive-gd')];
    const ups = (r: typeof gd) => {
      const l = r.record.values.loss!;
      let n = 0;
      for (let t = 1; t < l.length; t++)
        if ((l[t] as number) > (l[t - 1] as number) * (1 + 1e-5) + 1e-12) n++;
      return n;
    };
    expect(ups(adaptive)).toBe(0);
    expect(ups(gd)).toBeGreaterThan(10);
    expect(gd.diverged[0]).toBe(0);
    expect(adaptive.final.sharpness[0]).toBeGreaterThan(2 / 0.1);
    expect(gd.final.sharpness[0]).toBeLessThan(2 / 0.1);
    expect(CLASSES[adaptive.kind[0] as number]).toBe('converged');
  });

  it('flow integrates the gradient flow (RK4): on a quadratic w(T) = w0 exp(-a T) at the time it reports', async () => {
    // a = (1, 4), step min(lr, alpha / sharpness) = min(0.1, 0.5 / 4) = 0.1, T = 100 steps x 0.1 = 10. RK4's
    // error per step on w' = -a w is ~ (a h)^5 / 120 ~ 1e-7 relative, so 1e-3 over 100 steps (with f32
    // rounding ~1e-5) is loose; GD at the same step is 40 % off exp(-T) on the first coordinate.
    const spec = (name: 'gd' | 'flow'): ExperimentSpec => ({
      model: { name: 'quadratic', curvatures: [1, 4] },
      init: { value: 1 },
      optimizer: { name, lr: 0.1 },
      steps: 100,
      record: { observables: ['output', 'time'], last: 101 },
      sharpness: { every: 1 },
    });
    const engine = await testEngine();
    const flow = await engine.run(spec('flow'));
    const gd = await engine.run(spec('gd'));
    const T = flow.final.time[0] as number;
    expect(Math.abs(T - 10)).toBeLessThan(1e-4);
    expect(Math.abs((flow.final.output[0] as number) / Math.exp(-T) - 1)).toBeLessThan(1e-3);
    expect(Math.abs((gd.final.output[0] as number) / Math.exp(-T) - 1)).toBeGreaterThan(0.3);
    // The recorded time advances by the step taken: 0, 0.1, 0.2, ...
    const times = flow.record.values.time!;
    expect(times[0]).toBe(0);
    expect(Math.abs((times[50] as number) - 5)).toBeLessThan(1e-4);
  });
});
