// The bench's peers: the same math in numpy float32 (bench/numpy_bench.py, the CPU baseline) and in JAX
// (bench/jax_bench.py, the GPU baseline on a machine that has JAX), each run as a python process that prints one
// JSON line; and the float32 peaks of the cards a device session may be lent, for "achieved of peak".
import { spawnSync } from 'node:child_process';

const script = (name) => new URL(`./${name}`, import.meta.url).pathname;

/** One JSON line from `python SCRIPT ARGS...`, or undefined when python, numpy or JAX is missing or it fails. */
function pythonJSON(python, name, args) {
  const r = spawnSync(python, [script(name), ...args.map(String)], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** numpy_bench.py CASE ARGS...: its JSON (laneStepsPerSecond, or gflops for `matmul`); undefined without numpy. */
export const numpyRun = (...args) => pythonJSON('python3', 'numpy_bench.py', args);

/** Lane-steps/s in numpy float32, NaN when python3 or numpy is missing. */
export const numpyRate = (...args) => numpyRun(...args)?.laneStepsPerSecond ?? NaN;

/**
 * jax_bench.py CASE ARGS... (the same arguments as numpy_bench.py) under EOS_BENCH_JAX_PYTHON (default python3):
 * { rate, device } of its compiled second call, or { rate: NaN, device: 'no JAX' } where JAX is not installed.
 */
export function jaxRate(...args) {
  const out = pythonJSON(process.env.EOS_BENCH_JAX_PYTHON ?? 'python3', 'jax_bench.py', args);
  return out ? { rate: out.laneStepsPerSecond, device: out.device } : { rate: NaN, device: 'no JAX' };
}

/** Published float32 (non-tensor) peaks in TFLOP/s, matched on the adapter's description. */
const PEAKS = [
  [/H200/i, 67],
  [/H100.*(PCIe|NVL)/i, 51],
  [/H100/i, 67],
  [/A100/i, 19.5],
];

/** "x.xx TFLOP/s of the card's P (q %)" or just "x.xx TFLOP/s" where the card is not in the table. */
export function ofPeak(gflops, description) {
  const peak = PEAKS.find(([re]) => re.test(description))?.[1];
  const tf = gflops / 1000;
  return peak
    ? `${tf.toFixed(2)} TFLOP/s of ${peak} peak (${((100 * tf) / peak).toFixed(1)} %)`
    : `${tf.toFixed(3)} TFLOP/s`;
}

/** x with `digits` decimals, or n/a (a peer that did not run). */
export const fixed = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** 3 significant figures in exponent form, or n/a. */
export const fmt = (x) => (Number.isFinite(x) ? x.toExponential(2) : 'n/a');
