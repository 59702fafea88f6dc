// npm run bench: lane-steps per second of the engine (WebGPU: a real GPU, or SwiftShader on the CPU) for the
// issue's cases, against the same math in numpy float32 and in a plain JavaScript loop. Prints a table with
// the ratios. numpy and the JS loop run fewer lanes/steps (their rate does not depend on the count).
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { Engine } from '../dist/index.js';
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
const budgetMs = Number(process.env.EOS_BENCH_BUDGET_MS ?? 200);

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

const engine = await Engine.create();
const fmt = (x) => (Number.isFinite(x) ? x.toExponential(2) : 'n/a');
console.log(
  `device: ${JSON.stringify(engine.info)}; CPU: ${cpus().length} x ${cpus()[0]?.model ?? '?'}; budget ${budgetMs} ms/submit`,
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
    record: { observables: ['loss'], last: 1 },
    sharpness: { iterations: 20, every: c.every ?? 0 },
  };
  await engine.run({ ...spec, steps: 2 }); // compile and warm up
  const r = await engine.run(spec, { budgetMs });
  const gpu = (c.lanes * c.steps) / (r.elapsedMs / 1000);
  const np = numpy(c);
  const js = jsLoop(c);
  console.log(
    `${c.name.padEnd(20)} ${String(c.lanes).padStart(8)} ${String(c.steps).padStart(6)}  ${fmt(gpu).padStart(16)}  ${fmt(np).padStart(9)}  ${fmt(js).padStart(8)}  ${(gpu / np).toFixed(2).padStart(9)}  ${(gpu / js).toFixed(2).padStart(6)}`,
  );
}
engine.destroy();
