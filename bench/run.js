// npm run bench: lane-steps per second of the engine (WebGPU: a real GPU, or SwiftShader on the CPU) for the
// issues' cases, against the same math in numpy float32, in JAX where python3 (or EOS_BENCH_JAX_PYTHON) has it,
// and in a plain JavaScript loop. Prints a table with the ratios. numpy and the JS loop run fewer lanes/steps
// (their rate does not depend on the count). The matrix models' cases are in matrix.js.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { Engine } from '../dist/index.js';
import { doubleCases } from './double.js';
import { formulaCases } from './formula.js';
import { hostCase } from './host.js';
import { matrixCases } from './matrix.js';
import { fixed, fmt, jaxRate, numpyRate } from './peers.js';
import { minimalistLoop, uvLoop } from './ts-loop.js';

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

// Unset: the engine's own default budget (what users get); EOS_BENCH_BUDGET_MS=N to pin one.
const budgetMs = process.env.EOS_BENCH_BUDGET_MS ? Number(process.env.EOS_BENCH_BUDGET_MS) : undefined;
// EOS_BENCH_POLL=1: wait for submits by polling (RunOptions.quietWait false) instead of the engine's default.
const quietWait = process.env.EOS_BENCH_POLL ? false : undefined;

/** numpy_bench.py / jax_bench.py arguments of a lane-family case (the peers run 100 steps). */
const peerArgs = (c) =>
  c.model.name === 'minimalist'
    ? ['minimalist', c.lanes, 100]
    : ['uv', c.lanes, 100, c.model.width, c.every ?? 0];

function jsLoop(c) {
  return c.model.name === 'minimalist'
    ? minimalistLoop(65_536, 200)
    : uvLoop(Math.min(c.lanes, 1024), 100, c.model.width, c.every ?? 0);
}

// EOS_LAB_NO_ROBUSTNESS=1: Dawn without buffer bounds checks, as `eos-lab --no-robustness` (bench/RESULTS.md).
const engine = await Engine.create({
  nodeFlags: process.env.EOS_LAB_NO_ROBUSTNESS ? ['enable-dawn-features=disable_robustness'] : [],
});
console.log(
  `device: ${JSON.stringify(engine.info)}; CPU: ${cpus().length} x ${cpus()[0]?.model ?? '?'}; budget ${budgetMs ?? 'default'} ms/submit, ${quietWait === false ? 'polling' : 'default'} waits`,
);
const laneCases = CASES.filter((x) => !only || x.name.startsWith(only));
if (laneCases.length)
  console.log(
    'case                 lanes      steps  GPU lane-steps/s  numpy f32  JAX       JS loop   GPU/numpy  GPU/JAX  GPU/JS',
  );
for (const c of laneCases) {
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
  const np = numpyRate(...peerArgs(c));
  const jax = jaxRate(...peerArgs(c));
  const js = jsLoop(c);
  console.log(
    `${c.name.padEnd(20)} ${String(c.lanes).padStart(8)} ${String(c.steps).padStart(6)}  ${fmt(gpu).padStart(16)}  ${fmt(np).padStart(9)}  ${fmt(jax.rate).padStart(8)}  ${fmt(js).padStart(8)}  ${(gpu / np).toFixed(2).padStart(9)}  ${fixed(gpu / jax.rate).padStart(7)}  ${(gpu / js).toFixed(2).padStart(6)}`,
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
await matrixCases(engine, only, { budgetMs, quietWait });
await formulaCases(engine, only, { budgetMs, quietWait });
await doubleCases(engine, only, { budgetMs, quietWait });
if (!only || only === 'host') await hostCase(engine);
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
  const npRate = numpyRate(...s.numpy);
  const jax = jaxRate(...s.numpy);
  console.log(
    `${s.label}: ${(out.wallMs / 1000).toFixed(1)} s, ${fmt(out.laneStepsPerSecond)} lane-steps/s, peak ${out.peakMB} MB, ` +
      `${out.tiles} tiles; numpy f32 (slice) ${fmt(npRate)}, JAX (slice, ${jax.device}) ${fmt(jax.rate)}: ` +
      `engine/numpy ${(out.laneStepsPerSecond / npRate).toFixed(2)}, engine/JAX ${fixed(out.laneStepsPerSecond / jax.rate)}`,
  );
}
