// npm run bench: lane-steps per second of the engine (WebGPU: a real GPU, or SwiftShader on the CPU) for the
// issue's cases, against the same math in numpy float32 and in a plain JavaScript loop. Prints a table with
// the ratios. numpy and the JS loop run fewer lanes/steps (their rate does not depend on the count).
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { Engine } from '../dist/index.js';
import { dlnLoop, minimalistLoop, mlpLoop, uvLoop } from './ts-loop.js';

const CASES = [
  {
    name: 'minimalist',
    lanes: 1_048_576,
    steps: 1000,
    model: { name: 'minimalist' },
    init: { x: 1.5, y: 0.5 },
    lr: [0.01, 0.02],
  },
  {
    name: 'uv n=16',
    lanes: 16_384,
    steps: 1000,
    model: { name: 'uv', width: 16 },
    init: { scale: 0.1 },
    lr: [1, 1.1],
  },
  {
    name: 'uv n=64',
    lanes: 4096,
    steps: 1000,
    model: { name: 'uv', width: 64 },
    init: { scale: 0.1 },
    lr: [1, 1.1],
  },
  {
    name: 'uv n=16 +sharp/10',
    lanes: 16_384,
    steps: 1000,
    every: 10,
    model: { name: 'uv', width: 16 },
    init: { scale: 0.1 },
    lr: [1, 1.1],
  },
  {
    name: 'uv n=64 +sharp/10',
    lanes: 4096,
    steps: 1000,
    every: 10,
    model: { name: 'uv', width: 64 },
    init: { scale: 0.1 },
    lr: [1, 1.1],
  },
];
const only = process.argv[2];

/** Lane-steps/s of bench/numpy_bench.py CASE ARGS... (NaN when python3 or numpy is missing). */
function numpyRate(...args) {
  const out = spawnSync(
    'python3',
    [new URL('./numpy_bench.py', import.meta.url).pathname, ...args.map(String)],
    {
      encoding: 'utf8',
    },
  );
  return out.status === 0 ? JSON.parse(out.stdout).laneStepsPerSecond : NaN;
}
// Unset: the engine's own default budget (what users get); EOS_BENCH_BUDGET_MS=N to pin one.
const budgetMs = process.env.EOS_BENCH_BUDGET_MS ? Number(process.env.EOS_BENCH_BUDGET_MS) : undefined;
// EOS_BENCH_POLL=1: wait for submits by polling (RunOptions.quietWait false) instead of the engine's default.
const quietWait = process.env.EOS_BENCH_POLL ? false : undefined;

function numpy(c) {
  const args =
    c.model.name === 'minimalist'
      ? ['minimalist', String(c.lanes), '100']
      : ['uv', String(c.lanes), '100', String(c.model.width), String(c.every ?? 0)];
  const r = spawnSync('python3', [new URL('./numpy_bench.py', import.meta.url).pathname, ...args], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return NaN;
  return JSON.parse(r.stdout).laneStepsPerSecond;
}

function jsLoop(c) {
  return c.model.name === 'minimalist'
    ? minimalistLoop(65_536, 200)
    : uvLoop(Math.min(c.lanes, 1024), 100, c.model.width, c.every ?? 0);
}

// EOS_LAB_NO_ROBUSTNESS=1: Dawn without buffer bounds checks, as `eos-lab --no-robustness` (bench/RESULTS.md).
const engine = await Engine.create({
  nodeFlags: process.env.EOS_LAB_NO_ROBUSTNESS ? ['enable-dawn-features=disable_robustness'] : [],
});
const fmt = (x) => (Number.isFinite(x) ? x.toExponential(2) : 'n/a');
console.log(
  `device: ${JSON.stringify(engine.info)}; CPU: ${cpus().length} x ${cpus()[0]?.model ?? '?'}; budget ${budgetMs ?? 'default'} ms/submit, ${quietWait === false ? 'polling' : 'default'} waits`,
);
console.log(
  'case                 lanes      steps  GPU lane-steps/s  numpy f32  JS loop   GPU/numpy  GPU/JS',
);
for (const c of CASES.filter((x) => !only || x.name.startsWith(only))) {
  const spec = {
    model: c.model,
    init: c.init,
    optimizer: { name: 'gd', lr: c.lr[0] },
    sweep: [{ path: 'optimizer.lr', min: c.lr[0], max: c.lr[1], count: c.lanes }],
    steps: c.steps,
    sharpness: { iterations: 20, tolerance: 0, every: c.every ?? 0 },
  };
  await engine.run({ ...spec, steps: 2 }); // compile and warm up
  const r = await engine.run(spec, { budgetMs, quietWait });
  const gpu = (c.lanes * c.steps) / (r.elapsedMs / 1000);
  const np = numpy(c);
  const js = jsLoop(c);
  console.log(
    `${c.name.padEnd(20)} ${String(c.lanes).padStart(8)} ${String(c.steps).padStart(6)}  ${fmt(gpu).padStart(16)}  ${fmt(np).padStart(9)}  ${fmt(js).padStart(8)}  ${(gpu / np).toFixed(2).padStart(9)}  ${(gpu / js).toFixed(2).padStart(6)}`,
  );
}

// Pacing: the same 1M-lane minimalist run at the default budget and at 2000 ms per submit.
if (!only || only === 'pacing') {
  const c = CASES[0];
  const spec = {
    model: c.model,
    init: c.init,
    optimizer: { name: 'gd', lr: c.lr[0] },
    sweep: [{ path: 'optimizer.lr', min: c.lr[0], max: c.lr[1], count: c.lanes }],
    steps: c.steps,
  };
  const times = { default: [], 2000: [] };
  for (let i = 0; i < 2; i++) {
    for (const b of ['default', 2000]) {
      const r = await engine.run(spec, {
        budgetMs: b === 'default' ? undefined : b,
        quietWait,
        keep: { lanes: false },
      });
      times[b].push(r.elapsedMs);
    }
  }
  const best = (xs) => Math.min(...xs);
  console.log(
    `pacing (minimalist 1M x 1000): default budget ${best(times.default).toFixed(0)} ms, 2000 ms budget ` +
      `${best(times[2000]).toFixed(0)} ms (best of 2 each): default/2000 = ${(best(times.default) / best(times[2000])).toFixed(2)}`,
  );
}
// Matrix models (the workgroup family): a deep linear network, d = 32, L = 4, 256 lanes x 200 steps with top-1
// sharpness (20 shifted iterations) every 50 steps, against numpy float32 (stacked np.matmul over lanes) and the
// plain JavaScript loop. GFLOP/s count the same nominal products for all three: a GD step is 4L - 2 products
// of 2 d^3 flops (prefix, suffix, gradient), an HVP 11L - 2, a sharpness evaluation 25 HVPs.
if (!only || only === 'dln') {
  const [lanes, steps, d, L, every] = [256, 200, 32, 4, 50];
  const spec = {
    model: { name: 'dln', depth: L, width: d, spectrum: [1, 0.5, 0.25], init: 'orthogonal', alpha: 1 },
    init: { seed: 1 },
    optimizer: { name: 'gd', lr: 0.01 },
    sweep: [{ path: 'optimizer.lr', min: 0.01, max: 0.02, count: lanes }],
    steps,
    sharpness: { iterations: 20, tolerance: 0, every },
    classify: { lyapunov: false }, // as in the mlp case: numpy and the JS loop compute no tangent map
  };
  // Compile and warm up on one lane (a 256-lane sharpness evaluation alone takes a minute on the software GPU).
  await engine.run({ ...spec, sweep: [{ ...spec.sweep[0], count: 1 }], steps: 1 });
  const r = await engine.run(spec, { budgetMs, quietWait });
  const gpu = (lanes * steps) / (r.elapsedMs / 1000);
  const np = numpyRate('dln', lanes, steps, d, L, every);
  const js = dlnLoop(4, every, d, L, every);
  const flopsPerLaneStep =
    (2 * d ** 3 * (steps * (4 * L - 2) + Math.ceil(steps / every) * 25 * (11 * L - 2))) / steps;
  const gf = (rate) => ((rate * flopsPerLaneStep) / 1e9).toFixed(2);
  console.log(
    `dln d=${d} L=${L} x ${lanes} lanes x ${steps} steps, sharpness/${every}: GPU ${fmt(gpu)} lane-steps/s (${gf(gpu)} GFLOP/s, ${(r.elapsedMs / 1000).toFixed(1)} s), ` +
      `numpy f32 ${fmt(np)} (${gf(np)} GFLOP/s), JS loop ${fmt(js)} (${gf(js)} GFLOP/s): GPU/numpy ${(gpu / np).toFixed(2)}, GPU/JS ${(gpu / js).toFixed(1)}`,
  );
}

// MLP (workgroup family): width 32, depth 3, tanh, 64 teacher examples (8 inputs + the bias input), 256 lanes x
// 200 GD steps, against numpy float32 (stacked np.matmul over lanes) and the plain JavaScript loop. Nominal
// GFLOP/s count the products of a GD step: forward sum 2 N n_l n_(l-1), the same again for the gradients, and
// the back signals for l >= 2. The final sharpness (2 power iterations here, ~5 HVPs) is not counted.
if (!only || only === 'mlp') {
  const [lanes, steps, width, depth, n, inputs] = [256, 200, 32, 3, 64, 8];
  const spec = {
    model: { name: 'mlp', depth, width, dataset: 'teacher', inputs, examples: n, activation: 'tanh' },
    init: { seed: 1 },
    optimizer: { name: 'gd', lr: 0.05 },
    sweep: [{ path: 'optimizer.lr', min: 0.05, max: 0.1, count: lanes }],
    steps,
    sharpness: { iterations: 2, tolerance: 0 },
    // numpy and the JS loop compute no tangent map: leave the default Lyapunov window out (it costs an HVP
    // and an observation for each of its 11 steps, about 6 gradient steps each).
    classify: { lyapunov: false },
  };
  await engine.run({ ...spec, sweep: [{ ...spec.sweep[0], count: 1 }], steps: 1 });
  const r = await engine.run(spec, { budgetMs, quietWait });
  const gpu = (lanes * steps) / (r.elapsedMs / 1000);
  const np = numpyRate('mlp', lanes, 50, width, depth, n);
  const js = mlpLoop(8, 20, width, depth, n, inputs);
  const fans = [inputs + 1, ...Array(depth - 1).fill(width), 1];
  const forward = fans.slice(1).reduce((a, f, l) => a + 2 * n * f * fans[l], 0);
  const back = fans.slice(2).reduce((a, f, l) => a + 2 * n * f * fans[l + 1], 0);
  const gf = (rate) => ((rate * (2 * forward + back)) / 1e9).toFixed(2);
  console.log(
    `mlp width=${width} depth=${depth} N=${n} x ${lanes} lanes x ${steps} steps: GPU ${fmt(gpu)} lane-steps/s (${gf(gpu)} GFLOP/s, ${(r.elapsedMs / 1000).toFixed(1)} s), ` +
      `numpy f32 ${fmt(np)} (${gf(np)} GFLOP/s), JS loop ${fmt(js)} (${gf(js)} GFLOP/s): GPU/numpy ${(gpu / np).toFixed(3)}, GPU/JS ${(gpu / js).toFixed(2)}`,
  );
}

// The spectrum pass: the mlp case above (fewer lanes) with the top-4 eigenvalues recorded every 50 steps (5
// evaluations of a 6-vector block, at most 30 rounds each) against the same run recording only the loss: the
// pass's share of the time. Its HVP work per evaluation is ~6 x (2 warm rounds + rounds) HVPs.
if (!only || only === 'eigs') {
  const [lanes, steps] = [64, 200];
  const spec = {
    model: {
      name: 'mlp',
      depth: 3,
      width: 32,
      dataset: 'teacher',
      inputs: 8,
      examples: 64,
      activation: 'tanh',
    },
    init: { seed: 1 },
    optimizer: { name: 'gd', lr: 0.05 },
    sweep: [{ path: 'optimizer.lr', min: 0.05, max: 0.1, count: lanes }],
    steps,
    sharpness: { iterations: 30, k: 4 },
    classify: { lyapunov: false },
  };
  const record = (observables) => ({ observables, every: 50, last: 5 });
  for (const obs of [['loss'], ['loss', 'eigs']])
    await engine.run({
      ...spec,
      record: { observables: obs, last: 1 },
      sweep: [{ ...spec.sweep[0], count: 1 }],
      steps: 1,
    });
  const plain = await engine.run({ ...spec, record: record(['loss']) }, { budgetMs, quietWait });
  const eigs = await engine.run({ ...spec, record: record(['loss', 'eigs']) }, { budgetMs, quietWait });
  const res = eigs.record.vectors.eigsResidual.values;
  console.log(
    `eigs (mlp width 32, ${lanes} lanes x ${steps} steps, top 4 every 50 steps): ${(plain.elapsedMs / 1000).toFixed(1)} s without, ` +
      `${(eigs.elapsedMs / 1000).toFixed(1)} s with (${(eigs.elapsedMs / plain.elapsedMs).toFixed(2)}x); largest residual ${Math.max(...res).toExponential(1)}`,
  );
}

// Batched d x d products (the matrix models' building block): GPU kernel alone, best of 3, against np.matmul.
if (!only || only === 'matmul') {
  const { batchedMatmul, SOFTWARE_GROUP_SIZE, wideBlocks } = await import('../dist/linalg.js');
  // The group size the models' workgroup family runs on this adapter.
  const opts = { groupSize: engine.info.isFallback ? SOFTWARE_GROUP_SIZE : undefined };
  for (const [d, lanes] of [
    [32, 256],
    [64, 256],
  ]) {
    const a = new Float32Array(lanes * d * d).map((_, i) => Math.sin(i));
    const shape = { m: d, k: d, n: d };
    await batchedMatmul(engine.device, a, a, lanes, shape, opts);
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      await batchedMatmul(engine.device, a, a, lanes, shape, opts);
      best = Math.min(best, performance.now() - t0);
    }
    const gpu = (2 * d ** 3 * lanes) / (best / 1000) / 1e9;
    const np = spawnSync(
      'python3',
      [new URL('./numpy_bench.py', import.meta.url).pathname, 'matmul', String(lanes), '20', String(d)],
      {
        encoding: 'utf8',
      },
    );
    const npRate = np.status === 0 ? JSON.parse(np.stdout).gflops : NaN;
    console.log(
      `batched matmul d=${d} x ${lanes} lanes (workgroup of ${opts.groupSize ?? 64} per lane, 8 x ${wideBlocks(opts.groupSize ?? 64) ? 8 : 4} register blocks): ${gpu.toFixed(2)} GFLOP/s (upload + readback included); numpy ${npRate.toFixed(2)} GFLOP/s: ${(gpu / npRate).toFixed(2)}x`,
    );
  }
}
engine.destroy();

// Sweep-scale cases, each in its own process (wall time to the class codes, peak host memory), against
// numpy float32 on a slice of the same work: a quarter of the basin's lanes (4M: memory-bound like the full
// map; a cache-resident slice of 262k lanes runs ~3x faster) and all of the diagram's lanes for 100 steps.
const SWEEPS = [
  { name: 'basin', label: 'basin 4096^2 minimalist x 1000', numpy: ['minimalist', '4194304', '50'] },
  { name: 'bifurcation', label: 'bifurcation 8192 uv16 x 2000', numpy: ['uv', '8192', '100', '16', '0'] },
];
for (const s of SWEEPS.filter((x) => !only || x.name === only)) {
  const args = [new URL('./sweep-case.js', import.meta.url).pathname, s.name];
  if (budgetMs) args.push(String(budgetMs));
  const r = spawnSync('node', args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.log(`${s.label}: failed: ${r.stderr.trim().split('\n').pop()}`);
    continue;
  }
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  const np = spawnSync('python3', [new URL('./numpy_bench.py', import.meta.url).pathname, ...s.numpy], {
    encoding: 'utf8',
  });
  const npRate = np.status === 0 ? JSON.parse(np.stdout).laneStepsPerSecond : NaN;
  console.log(
    `${s.label}: ${(out.wallMs / 1000).toFixed(1)} s, ${fmt(out.laneStepsPerSecond)} lane-steps/s, peak ${out.peakMB} MB, ` +
      `${out.tiles} tiles; numpy f32 (slice) ${fmt(npRate)}: engine/numpy ${(out.laneStepsPerSecond / npRate).toFixed(2)}`,
  );
}
