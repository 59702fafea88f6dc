// Axis ticks and their labels, shared by the CLI's PNG/SVG frames and the elements' uPlot axes. Deep in a zoom
// neighbouring ticks differ only in late digits: plain labels would all read "5", so those axes switch to an
// offset notation, "5 + 1.2e-9", whose offsets are computed in float64 from the tick values.

/** Most significant digits a plain label may use before the axis switches to offset notation. */
const PLAIN_DIGITS = 6;

/**
 * Evenly spaced "nice" ticks covering [lo, hi] (1, 2, 5 x 10^k steps). Each tick is k x step for an integer k
 * (never a running sum, which drifts deep in a zoom), rounded to the digits the step needs.
 * @example
 * niceTicks(0, 1); // [0, 0.2, 0.4, 0.6, 0.8, 1]
 * niceTicks(5, 5 + 4e-9); // [5, 5.000000001, 5.000000002, 5.000000003, 5.000000004]
 */
export function niceTicks(lo: number, hi: number, target = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const first = Math.ceil(lo / step - 1e-9);
  const digits = (v: number) => Math.min(17, Math.max(1, Math.ceil(Math.log10(Math.abs(v) / step + 1)) + 2));
  const out: number[] = [];
  for (let k = first; k * step <= hi + step * 1e-9; k++)
    out.push(Number((k * step).toPrecision(digits(k * step))));
  return out;
}

/** A number in at most `digits` significant digits, exponential when very small or large. */
function short(v: number, digits: number): string {
  const r = Number(v.toPrecision(Math.min(17, Math.max(1, digits))));
  const a = Math.abs(r);
  if (a !== 0 && (a < 1e-3 || a >= 1e9)) return r.toExponential().replace('e+', 'e');
  return String(r);
}

/** Significant digits that tell values `step` apart at magnitude `v`. */
function digitsFor(v: number, step: number): number {
  if (v === 0) return 1;
  return Math.max(1, Math.floor(Math.log10(Math.abs(v))) - Math.floor(Math.log10(step)) + 2);
}

/**
 * Labels for ticks: plain where at most 6 significant digits tell them apart (at least 4 are shown), else an
 * offset notation "base + offset" with a round base near the middle of the axis and each offset computed from
 * the tick value in float64, so a 4e-9-wide window at 5 reads "5", "5 + 1e-9", "5 + 2e-9", ... instead of
 * "5 5 5".
 * @example
 * tickLabels([4.9, 4.95, 5]); // ['4.9', '4.95', '5']
 * tickLabels([5, 5 + 1e-9, 5 + 2e-9]); // ['5', '5 + 1e-9', '5 + 2e-9']
 */
export function tickLabels(values: readonly (number | null)[]): string[] {
  // uPlot passes null for ticks it hides (log axes): they get no label.
  const finite = values.filter((v): v is number => Number.isFinite(v));
  const label = (f: (v: number) => string) => values.map((v) => (Number.isFinite(v) ? f(v!) : ''));
  for (let digits = 4; digits <= PLAIN_DIGITS; digits++) {
    const plain = finite.map((v) => short(v, digits));
    if (new Set(plain).size === plain.length) return label((v) => short(v, digits));
  }
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  // The tick step: the mean spacing snapped to 1, 2, 2.5 or 5 x 10^k (the increments niceTicks and uPlot use),
  // since deep in a zoom each gap carries the ticks' own float64 rounding.
  const mean = (hi - lo) / Math.max(1, finite.length - 1) || 1;
  const mag = 10 ** Math.floor(Math.log10(mean));
  const step =
    mag * [1, 2, 2.5, 5, 10].reduce((a, b) => (Math.abs(b - mean / mag) < Math.abs(a - mean / mag) ? b : a));
  return label(offsetLabeler(lo, hi, step));
}

/**
 * "base + offset" labels for values in [lo, hi] told apart to a tenth of `step`: the base is the middle of the
 * range rounded to the decade at or above its span (so offsets stay short), each offset computed in float64.
 */
function offsetLabeler(lo: number, hi: number, step: number): (v: number) => string {
  const unit = 10 ** Math.ceil(Math.log10(hi - lo || step));
  const base = Math.round((lo + hi) / 2 / unit) * unit;
  const baseText = short(base, digitsFor(base, unit));
  return (v) => {
    // The offset to a tenth of the step: a value's own float64 rounding (4.999999999999901 for 5 - 1e-13)
    // shows no digits it does not mean.
    const d = Math.round((v - base) / (step / 10)) * (step / 10);
    if (d === 0) return baseText;
    return `${baseText} ${d < 0 ? '-' : '+'} ${short(Math.abs(d), digitsFor(d, step))}`;
  };
}

/**
 * An axis's lanes as text that tells its ends and neighbours apart: "first to last, n values", plain where 6
 * digits tell the first, second and last apart, else offsets to a tenth of the lane step (the data table).
 * @example
 * rangeText([5, 5 + 1e-10, 5 + 2e-10]); // '5 to 5 + 2e-10, 3 values'
 */
export function rangeText(values: ArrayLike<number>): string {
  const n = values.length;
  if (n === 0) return 'no values';
  if (n === 1) return `${tickLabels([values[0]!])[0]}, 1 value`;
  const [a, b, z] = [values[0]!, values[1]!, values[n - 1]!];
  for (let digits = 4; digits <= PLAIN_DIGITS; digits++) {
    const plain = [a, b, z].map((v) => short(v, digits));
    if (new Set(plain).size === 3 || (n === 2 && plain[0] !== plain[2]))
      return `${plain[0]} to ${plain[2]}, ${n} values`;
  }
  const label = offsetLabeler(Math.min(a, z), Math.max(a, z), Math.abs(b - a));
  return `${label(a)} to ${label(z)}, ${n} values`;
}
