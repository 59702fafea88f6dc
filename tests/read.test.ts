// What comes back per lane (RunOptions.read, retain): one colour byte a lane computed on the GPU, with global
// ranges from GPU reductions, equals what the host computes from the full per-lane rows; a density read alone
// equals the density read with every lane; a retained picture reads one lane back as the rows say; staging
// buffers are made once per run, whatever the tile count. A 'color' run's classify pass writes no NaN rows for
// diverged lanes (classify.wgsl ROWS false) except where the colouring reads them (kappa: run-options.ts
// needsLaneRows); mutation: needsLaneRows leaving kappa out starts the kappa range at a diverged lane's unset
// sharpness (0) and fails the first test.
import { describe, expect, it } from 'vitest';
import { CLASSES } from '../src/engine/plan/lane-rows.js';
import type { ColorBy, ExperimentSpec } from '../src/spec/types.js';
import { laneLr } from '../src/views/image.js';
import { scaledIndex } from '../src/views/palette.js';
import { testEngine } from './gpu.js';

const basin = (colorBy: ColorBy): ExperimentSpec => ({
  model: { name: 'minimalist' },
  init: { x: 1, y: 1 },
  optimizer: { name: 'gd', lr: 0.25 },
  sweep: [
    { path: 'init.x', min: 0.2, max: 4, count: 48 },
    { path: 'init.y', min: 0.2, max: 4, count: 40 },
  ],
  steps: 300,
  classify: { measure: true },
  figure: { kind: 'basin', colorBy },
});

describe("read: 'color' (one byte a lane)", () => {
  it('gives each lane the index the full rows give: class, period, escape and kappa exactly, the measure to its bin', async () => {
    const engine = await testEngine();
    const rows = await engine.run(basin('class'), { plan: { maxTileLanes: 512 } });
    const lanes = rows.lanes;
    for (const by of ['class', 'period', 'escape', 'kappa', 'measure'] as const) {
      const r = await engine.run(basin(by), { read: 'color', plan: { maxTileLanes: 512 } });
      expect(r.colors).toHaveLength(lanes);
      expect(r.kind).toHaveLength(0); // nothing else per lane came back
      const scale = r.colorScale!;
      // The host's value of a lane, as src/views/image.ts laneColoring reads it; the index it implies.
      const value = (lane: number) =>
        by === 'period'
          ? rows.period[lane]!
          : by === 'escape'
            ? rows.divergedAt[lane]!
            : by === 'kappa'
              ? rows.final.sharpness[lane]! * laneLr(rows, lane)
              : rows.final.measure[lane]!;
      const valid = (v: number) =>
        Number.isFinite(v) && !(by === 'escape' && v < 0) && !(by === 'period' && v <= 0);
      if (by !== 'class' && by !== 'measure') {
        const vs = Array.from({ length: lanes }, (_, l) => value(l)).filter(valid);
        expect(scale.lo).toBe(Math.fround(Math.min(...vs)));
        expect(scale.hi).toBe(Math.fround(Math.max(...vs)));
      }
      let off = 0;
      for (let lane = 0; lane < lanes; lane++) {
        const got = r.colors![lane]!;
        if (by === 'class') expect(got).toBe(rows.kind[lane]);
        else if (by === 'measure') {
          // The GPU ranks each value within one of 2^18 log-spaced bins per sign: the stretched value (index /
          // 126.5 - 1) lies within 0.75 x (values sharing its bin) / (values of that sign) of the exact rank's.
          const v = value(lane);
          if (!valid(v)) expect(got).toBe(254);
          else off = Math.max(off, Math.abs(got / 126.5 - 1 - exactStretch(rows.final.measure, lane)));
        } else {
          const v = value(lane);
          expect(got, `lane ${lane}`).toBe(valid(v) ? scaledIndex(v, scale.lo, scale.hi) : 254);
        }
      }
      // Measured 0.017: about 11 of the 502 converging lanes' measures lie within 5e-5 of each other (1.0000005
      // ... 1.00005), one of the 2^18 log-spaced bins, and share its mean rank (0.75 x 11 / 501 = 0.016), plus
      // the index's rounding (1 / 253). A wrong ranking (by value, or one sign's ranks for the other's) is off
      // by > 0.25.
      if (by === 'measure') expect(off).toBeLessThan(0.03);
    }
  });

  it("reads a bifurcation density alone ('none') bit for bit as with every lane", async () => {
    const spec: ExperimentSpec = {
      model: { name: 'uv', width: 8 },
      init: { seed: 0, scale: 0.1 },
      optimizer: { name: 'gd', lr: 1 },
      sweep: [{ path: 'optimizer.lr', min: 3, max: 7, count: 300 }],
      steps: 400,
      figure: { kind: 'bifurcation', observable: 'output', window: 64, bins: 96, range: [-2, 3] },
    };
    const engine = await testEngine();
    const all = await engine.run(spec, { plan: { maxTileLanes: 128 } });
    const alone = await engine.run(spec, { read: 'none', plan: { maxTileLanes: 128 } });
    expect(alone.kind).toHaveLength(0);
    expect(Array.from(alone.density!.counts)).toEqual(Array.from(all.density!.counts));
    expect(alone.density!.diverged).toBe(all.density!.diverged);
  });
});

/** Sohl-Dickstein's stretch of lane `lane` from exact ranks (src/views/image.ts rankStretch). */
function exactStretch(values: Float32Array, lane: number): number {
  const v = values[lane]!;
  const same = Array.from(values).filter((x) => Number.isFinite(x) && Math.sign(x) === Math.sign(v));
  same.sort((a, b) => Math.abs(a) - Math.abs(b));
  // Equal values share their mean rank (the GPU cannot order them either).
  const r = (same.indexOf(v) + same.lastIndexOf(v)) / 2;
  return Math.sign(v) * (0.25 + (0.75 * r) / Math.max(1, same.length - 1));
}

describe('retain: the picture stays on the GPU', () => {
  it('reads back one lane, every class word and the colour indices as the rows give them; release frees', async () => {
    const engine = await testEngine();
    const rows = await engine.run(basin('class'));
    const r = await engine.run(basin('class'), { read: 'color', retain: true });
    const gpu = r.gpu!;
    try {
      expect(r.colors).toBeUndefined(); // drawn from the GPU: nothing read back to draw
      for (const lane of [0, 17, 999, rows.lanes - 1]) {
        const one = await gpu.lane(lane);
        expect([CLASSES[one.kind], one.period]).toEqual([CLASSES[rows.kind[lane]!], rows.period[lane]]);
        if (Number.isFinite(rows.final.lyapunov[lane]!)) expect(one.lyapunov).toBe(rows.final.lyapunov[lane]);
      }
      const codes = await gpu.codes();
      expect(Array.from(codes, (c) => c & 0xff)).toEqual(Array.from(rows.kind));
      expect(Array.from(await gpu.colorIndices())).toEqual(Array.from(rows.kind));
    } finally {
      gpu.release();
    }
    await expect(gpu.codes()).rejects.toThrow('released');
  });
});

describe('staging buffers', () => {
  it('are made once per run: a run of 12 tiles creates no more GPU buffers than one of 2 (no per-tile createBuffer)', async () => {
    const engine = await testEngine();
    const device = engine.device as GPUDevice & { createBuffer: GPUDevice['createBuffer'] };
    const made = async (tiles: number, read: 'lanes' | 'color') => {
      const real = device.createBuffer.bind(device);
      let n = 0;
      device.createBuffer = (d) => (n++, real(d));
      try {
        await engine.run(basin('escape'), { read, plan: { maxTileLanes: Math.ceil(1920 / tiles) } });
      } finally {
        device.createBuffer = real;
      }
      return n;
    };
    for (const read of ['lanes', 'color'] as const) expect(await made(12, read)).toBe(await made(2, read));
  });
});
