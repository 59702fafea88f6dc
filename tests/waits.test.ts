// Quiet waits (src/engine/run/waits.ts): probing a submit's marker on the software GPU, and the steps per submit.
import { describe, expect, it } from 'vitest';
import { probeSubmit, StepPacer, SubmitMarks } from '../src/engine/run/waits.js';
import { testEngine } from './gpu.js';

describe('quiet waits', () => {
  it('moves the steps per submit toward the budget, at most 4x a submit', () => {
    const p = new StepPacer();
    const start = p.stepsPerSubmit;
    p.settled(start, 10, 1000); // 100x under budget: grows, capped at 4x
    expect(p.stepsPerSubmit).toBe(4 * start);
    p.settled(4 * start, 2000, 1000); // twice the budget: halves
    expect(p.stepsPerSubmit).toBe(2 * start);
    expect(p.msPerStep).toBe(2000 / (4 * start)); // what the next wait's probe interval is scaled by
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
