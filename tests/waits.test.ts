// Quiet waits (src/engine/waits.ts): the sharpness-event count each forecast uses, the pacer's learning
// rules, and the submit markers on the software GPU.
import { describe, expect, it } from 'vitest';
import {
  CENSORED_SHRINK,
  DONE_WITHIN_MS,
  sharpnessEvents,
  StepPacer,
  SubmitMarks,
} from '../src/engine/waits.js';
import { testEngine } from './gpu.js';

describe('quiet waits', () => {
  it('counts the sharpness events of iterates start..end-1 as common/advance.wgsl evaluates them', () => {
    // The kernel's rule, iterate by iterate: the last iterate S, and every multiple of `every` (> 0).
    const brute = (start: number, end: number, every: number, S: number) => {
      let n = 0;
      for (let t = start; t < end; t++) if (t === S || (every > 0 && t % every === 0)) n++;
      return n;
    };
    for (const S of [0, 1, 7, 50, 64])
      for (const every of [0, 1, 3, 50])
        for (let start = 0; start <= S; start++)
          for (let end = start + 1; end <= S + 1; end++)
            expect(sharpnessEvents(start, end, every, S), `${start}..${end} every ${every} S ${S}`).toBe(
              brute(start, end, every, S),
            );
  });

  it('forecasts nothing until a submit without events is measured, then steps plus events', () => {
    const p = new StepPacer();
    const settled = (steps: number, events: number, ms: number, early = false) =>
      p.settled(steps, events, ms, early, 1000);
    settled(10, 1, 500); // steps and an event: the two costs cannot be told apart yet
    expect(p.forecastMs(10, 0)).toBe(0);
    settled(20, 0, 200); // 10 ms a step
    expect(p.forecastMs(30, 0)).toBeCloseTo(300, 9);
    settled(10, 2, 300); // (300 - 10 x 10) / 2 = 100 ms an event
    expect(p.forecastMs(10, 1)).toBeCloseTo(200, 9);
    // Done before the host woke: an upper bound, so the cost it teaches is cut.
    settled(20, 0, 200, true);
    expect(p.forecastMs(20, 0)).toBeCloseTo(CENSORED_SHRINK * 200, 9);
    // A submit with an event that ran faster than its steps alone were forecast lowers the step cost.
    settled(20, 1, 100);
    expect(p.forecastMs(20, 0)).toBeCloseTo(100, 9);
    expect(p.forecastMs(20, 1)).toBeCloseTo(100, 9);
    // A submit that also held other passes adapts the steps per submit but teaches no cost.
    p.settled(20, 0, 5000, false, 1000, false);
    expect(p.forecastMs(20, 0)).toBeCloseTo(100, 9);
  });

  it('moves the steps per submit toward the budget, at most 4x a submit', () => {
    const p = new StepPacer();
    const start = p.stepsPerSubmit;
    p.settled(start, 0, 10, false, 1000); // 100x under budget: grows, capped at 4x
    expect(p.stepsPerSubmit).toBe(4 * start);
    p.settled(p.stepsPerSubmit, 0, 2000, false, 1000); // twice the budget: halves
    expect(p.stepsPerSubmit).toBe(2 * start);
  });

  it("learns a submit's end from its marker, flags an end found on waking, and reuses markers", async () => {
    const { device } = await testEngine();
    const marks = new SubmitMarks(device, 'test.waits');
    try {
      const submit = () => {
        const enc = device.createCommandEncoder();
        const marker = marks.mark(enc);
        device.queue.submit([enc.finish()]);
        return marker;
      };
      const first = submit();
      const polled = await marks.done(first);
      expect(polled.early).toBe(false); // never slept
      const second = submit();
      expect(second).toBe(first); // the settled marker is cleared again, not a new buffer
      // A submit that only clears 4 bytes is done long before a 300 ms sleep ends.
      const woke = performance.now() + 300;
      const slept = await marks.done(second, woke);
      expect(slept.at).toBeGreaterThanOrEqual(woke - 1);
      expect(slept.early).toBe(true);
      expect(slept.at - woke).toBeLessThan(DONE_WITHIN_MS + 50);
    } finally {
      marks.destroy();
    }
  });
});
