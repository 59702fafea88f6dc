// Quiet waits (src/engine/run/waits.ts): probing a submit's marker on the software GPU, and the steps per submit.
import { describe, expect, it } from 'vitest';
import { probeSubmit, StepPacer, submitEnd, SubmitMarks } from '../src/engine/run/waits.js';
import { testEngine } from './gpu.js';

describe('quiet waits', () => {
  it('moves the steps per submit toward the budget, at most 4x a submit', () => {
    const p = new StepPacer();
    const start = p.stepsPerSubmit;
    p.settled(start, 10, 1000); // 100x under budget: grows, capped at 4x
    expect(p.stepsPerSubmit).toBe(4 * start);
    // Two lengths give ms = fixed + steps x per step: here per step (2000 - 10) / 12, fixed 0 (clamped), so
    // the budget holds 1000 / per step; the next wait's probes scale with fixed + steps x per step.
    p.settled(4 * start, 2000, 1000);
    const perStep = (2000 - 10) / (3 * start);
    expect(p.msPerStep).toBeCloseTo(perStep, 9);
    expect(p.fixedMs).toBe(0);
    expect(p.stepsPerSubmit).toBeCloseTo(1000 / perStep, 9);
  });

  it('takes enough steps that a large fixed part stays under a quarter of a submit', () => {
    // A 2M-lane tile on the software GPU: ~800 ms a dispatch whatever its steps, 25 ms a step. Splitting to fit
    // a 1000 ms budget would pay the 800 ms every few steps; the pacer takes 3 x 800 / 25 = 96 (4x at most).
    const p = new StepPacer();
    p.settled(4, 900, 1000); // one length: scaled to the budget, 4 x 1000 / 900
    expect(p.stepsPerSubmit).toBeCloseTo(4.444, 3);
    p.settled(2, 850, 1000); // a shorter one (cut by an event): 25 ms a step, 800 fixed
    expect(p.fixedMs).toBeCloseTo(800, 9);
    expect(p.stepsPerSubmit).toBeCloseTo(4 * 4.444, 2); // toward 96, at most 4x a submit
    p.settled(17, 800 + 17 * 25, 1000);
    expect(p.stepsPerSubmit).toBeCloseTo(16 * 4.444, 1);
    p.settled(71, 800 + 71 * 25, 1000);
    expect(p.stepsPerSubmit).toBeCloseTo(96, 9);
  });

  it('halves, not scales, a first submit over budget, and keeps its model when lengths repeat', () => {
    // A 2M-lane tile on the software GPU: 450 ms fixed + 15 ms a step. Scaling the first 5-step submit
    // (525 ms) to a 500 ms budget would take the fixed part for per-step cost; every later tile would pay
    // two dispatches. Mutation: `cur * (budgetMs / ms)` in place of `cur / 2` gives 3.8 here, and the
    // last expectation (the model kept over repeated lengths) fails with the old `cur * budget / ms` rule.
    const p = new StepPacer();
    p.settled(5, 450 + 5 * 15, 500);
    expect(p.stepsPerSubmit).toBe(2);
    p.settled(2, 450 + 2 * 15, 500); // a second length: 15 ms a step, 450 fixed
    expect(p.msPerStep).toBeCloseTo(15, 9);
    expect(p.fixedMs).toBeCloseTo(450, 9);
    for (let i = 0; i < 4; i++) p.settled(41, 450 + 41 * 15, 500); // tiles of 41 iterates, one submit each
    expect(p.fixedMs).toBeCloseTo(450, 9);
    expect(p.stepsPerSubmit).toBeCloseTo((3 * 450) / 15, 9); // 90: the fixed part stays a quarter
  });

  it('joins a remainder shorter than half a submit to the submit before it', () => {
    expect(submitEnd(0, 100, 40)).toBe(40);
    expect(submitEnd(80, 100, 40)).toBe(100); // 20 left of a 40-step submit: one submit, not two
    expect(submitEnd(2, 5, 2)).toBe(4); // 1 left is not under half of 2
    expect(submitEnd(3, 5, 2)).toBe(5);
  });

  it('probes a running submit without waiting for it, then finds it done, and reuses its marker', async () => {
    const { device } = await testEngine();
    const marks = new SubmitMarks(device, 'test.waits');
    const big = device.createBuffer({
      label: 'test.waits.big',
      size: 64 << 20,
      usage: GPUBufferUsage.COPY_DST,
    });
    try {
      const enc = device.createCommandEncoder();
      for (let i = 0; i < 16; i++) enc.clearBuffer(big); // 1 GiB of stores: far longer than one probe
      const marker = marks.mark(enc);
      device.queue.submit([enc.finish()]);
      expect(await probeSubmit(marker)).toBe(false); // the map was cancelled, not awaited
      await marks.done(marker, 2);
      expect(await probeSubmit(marker)).toBe(true); // left unmapped by the cancelled probes: maps again
      const again = device.createCommandEncoder();
      expect(marks.mark(again)).toBe(marker); // the settled marker is cleared again, not a new buffer
      device.queue.submit([again.finish()]);
      await marks.done(marker); // the polling wait
    } finally {
      marks.destroy();
      big.destroy();
    }
  });

  it('rejects, rather than probing forever, when the marker cannot be mapped', async () => {
    const { device } = await testEngine();
    const marks = new SubmitMarks(device, 'test.waits');
    const enc = device.createCommandEncoder();
    const marker = marks.mark(enc);
    device.queue.submit([enc.finish()]);
    marks.destroy();
    await expect(marks.done(marker, 1)).rejects.toThrow();
  });
});
