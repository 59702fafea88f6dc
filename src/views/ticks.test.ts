// Tick positions and labels: plain where few digits tell ticks apart, offset notation deep in a zoom.
// Mutation: labelling with short(v, 4) alone (no offset fallback) makes the 4e-9 window read "5" five times and
// fails 'never repeats a label'.
import { describe, expect, it } from 'vitest';
import { niceTicks, rangeText, tickLabels } from './ticks.js';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 x 10^k and covers the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3.6, 8.4)).toEqual([4, 5, 6, 7, 8]);
  });

  it('places ticks as k x step deep in a zoom (no drift from a running sum)', () => {
    const t = niceTicks(5, 5 + 4e-9);
    expect(t).toHaveLength(5);
    t.forEach((v, i) => expect(Math.abs(v - (5 + i * 1e-9))).toBeLessThan(1e-15));
  });
});

describe('tickLabels', () => {
  it('keeps plain labels where up to 6 digits tell the ticks apart', () => {
    expect(tickLabels([4.9, 4.92, 4.94])).toEqual(['4.9', '4.92', '4.94']);
    expect(tickLabels(niceTicks(5, 5.0001))).toEqual([
      '5',
      '5.00002',
      '5.00004',
      '5.00006',
      '5.00008',
      '5.0001',
    ]);
    expect(tickLabels([1e-12, 2e-12])).toEqual(['1e-12', '2e-12']);
  });

  it('never repeats a label: offset notation where plain labels would (a 4e-9 window at 5)', () => {
    const ticks = niceTicks(5, 5 + 4e-9);
    const labels = tickLabels(ticks);
    expect(labels).toEqual(['5', '5 + 1e-9', '5 + 2e-9', '5 + 3e-9', '5 + 4e-9']);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('takes the base near the middle, so offsets are short and signed (a 2e-13 window at 5)', () => {
    const labels = tickLabels(niceTicks(5 - 1e-13, 5 + 1e-13));
    expect(labels[0]).toBe('5 - 1e-13');
    expect(labels).toContain('5');
    expect(labels.at(-1)).toBe('5 + 1e-13');
    // Each label, read back as base + offset, is its tick to within a tenth of the tick step.
    for (const [i, v] of niceTicks(5 - 1e-13, 5 + 1e-13).entries()) {
      const [b, sign, d] = labels[i]!.split(' ');
      const back = Number(b) + (sign === '-' ? -1 : 1) * Number(d ?? 0);
      expect(Math.abs(back - v)).toBeLessThan(5e-15 + 1e-16);
    }
  });

  it("labels uPlot's hidden ticks (null) with nothing", () => {
    expect(tickLabels([null, 1, 10])).toEqual(['', '1', '10']);
  });
});

describe('rangeText', () => {
  it('reads back the ends of a 1e-10 window of 256 lanes to a tenth of the lane step (the data table)', () => {
    const x0 = 3.0325483975781253;
    const values = Array.from({ length: 256 }, (_, i) => x0 + (i * 1e-10) / 255);
    const text = rangeText(values);
    const m = /^(.*) to (.*), 256 values$/.exec(text)!;
    expect(m, text).not.toBeNull();
    const back = (label: string) => {
      const [b, sign, d] = label.split(' ');
      return Number(b) + (sign === '-' ? -1 : 1) * Number(d ?? 0);
    };
    expect(Math.abs(back(m[1]!) - values[0]!)).toBeLessThan(1e-10 / 255 / 10);
    expect(Math.abs(back(m[2]!) - values[255]!)).toBeLessThan(1e-10 / 255 / 10);
    expect(m[1]).not.toBe(m[2]);
    expect(rangeText([0.5, 1, 1.5])).toBe('0.5 to 1.5, 3 values');
    expect(rangeText([5, 5 + 1e-10, 5 + 2e-10])).toBe('5 to 5 + 2e-10, 3 values');
  });
});
