// One sweep-scale bench case in its own process (so its peak host memory is its own), printing one JSON
// line: wall time of engine.run to the per-lane class codes in host memory (warm device, compiled
// pipelines, no PNG), lane-steps/s and the process's peak resident memory.
// Usage: node bench/sweep-case.js basin|bifurcation [budgetMs]
import { readFileSync } from 'node:fs';
import { Engine } from '../dist/index.js';

/** VmHWM (peak resident set of this process since exec; getrusage's maxRSS inherits the parent's). */
const peakMB = () =>
  Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024);

const CASES = {
  // A 4096 x 4096 minimalist basin map over (x0, y0), 1000 steps, coloured by class.
  basin: {
    model: { name: 'minimalist' },
    init: { x: 1, y: 1 },
    optimizer: { name: 'gd', lr: 0.25 },
    sweep: [
      { path: 'init.x', min: 0.2, max: 4, count: 4096 },
      { path: 'init.y', min: 0.2, max: 4, count: 4096 },
    ],
    steps: 1000,
    figure: { kind: 'basin', colorBy: 'class' },
  },
  // An 8192-lane UV bifurcation diagram (width 16, 2000 steps, the last 256 in the GPU density).
  bifurcation: {
    model: { name: 'uv', width: 16 },
    init: { seed: 0, scale: 0.1 },
    optimizer: { name: 'gd', lr: 1 },
    sweep: [{ path: 'optimizer.lr', min: 3.6, max: 8.4, count: 8192 }],
    steps: 2000,
    figure: { kind: 'bifurcation', observable: 'output', window: 256, bins: 512 },
  },
};

const name = process.argv[2] ?? 'basin';
const budgetMs = process.argv[3] ? Number(process.argv[3]) : undefined;
const spec = CASES[name];
const engine = await Engine.create();
const small = {
  ...spec,
  sweep: spec.sweep.map((a) => ({ ...a, count: 64 })),
  steps: 4,
  figure: { ...spec.figure, window: 2 },
};
await engine.run(small, { keep: { lanes: false, record: false } }); // compile the pipelines
const plan = engine.plan(spec);
const classes = new Uint8Array(plan.lanes);
const t0 = performance.now();
const r = await engine.run(spec, {
  budgetMs,
  quietWait: process.env.EOS_BENCH_POLL ? false : undefined, // inherited from bench/run.js
  keep: { lanes: false, record: false },
  onTile: (d) => {
    for (let i = 0; i < d.tile.count; i++) classes[d.tile.offset + i] = d.classes[i] & 0xff;
  },
});
const wallMs = performance.now() - t0;
const counts = {};
for (const c of classes) counts[c] = (counts[c] ?? 0) + 1;
console.log(
  JSON.stringify({
    name,
    lanes: plan.lanes,
    steps: spec.steps,
    tiles: plan.tiles.length,
    wallMs: Math.round(wallMs),
    laneStepsPerSecond: (plan.lanes * spec.steps) / (wallMs / 1000),
    peakMB: peakMB(),
    densityMass: r.density ? r.density.counts.reduce((a, b) => a + b, 0) : undefined,
    classes: counts,
    device: engine.info,
  }),
);
engine.destroy();
