// Quiet waits (src/engine/waits.ts): the sharpness-event count each forecast uses, the forecast's learning
// rules, and the submit markers on the software GPU.
import { describe, expect, it } from 'vitest';
import {
  CENSORED_SHRINK,
  DONE_WITHIN_MS,
  sharpnessEvents,
  SubmitForecast,
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
    const f = new SubmitForecast();
    f.learn(10, 1, 500, false); // steps and an event: the two costs cannot be told apart yet
    expect(f.ms(10, 0)).toBe(0);
    f.learn(20, 0, 200, false); // 10 ms a step
    expect(f.ms(30, 0)).toBeCloseTo(300, 9);
    f.learn(10, 2, 300, false); // (300 - 10 x 10) / 2 = 100 ms an event
    expect(f.ms(10, 1)).toBeCloseTo(200, 9);
    // Done before the host woke: an upper bound, so the cost it teaches is cut.
    f.learn(20, 0, 200, true);
    expect(f.ms(20, 0)).toBeCloseTo(CENSORED_SHRINK * 200, 9);
    // A submit with an event that ran faster than its steps alone were forecast lowers the step cost.
    f.learn(20, 1, 100, false);
    expect(f.ms(20, 0)).toBeCloseTo(100, 9);
    expect(f.ms(20, 1)).toBeCloseTo(100, 9);
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
