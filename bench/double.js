// Precision double in `npm run bench` (issue 20): the minimalist at 1M lanes x 1000 steps and UV width 16 at 16k
// lanes x 1000 steps (bench/run.js's rows) in single and in double, alternated in one process (twice each), with
// the ratio; and a 512 x 512 double zoom frame of the
// minimalist basin at 1000 steps (a window 1e-9 wide around a point of its fractal boundary; 'auto' resolves
// double), read as colours like a figure. Targets on the software GPU: double within 10x of single, the frame
// under 10 s.
const PAIRS = [
  {
    name: 'minimalist 1M x 1000',
    model: { name: 'minimalist' },
    init: { x: 1.5, y: 0.5 },
    optimizer: { name: 'gd', lr: 0.01 },
    sweep: [{ path: 'optimizer.lr', min: 0.01, max: 0.02, count: 1_048_576 }],
    steps: 1000,
  },
  {
    name: 'uv n=16, 16k x 1000',
    model: { name: 'uv', width: 16 },
    init: { scale: 0.1 },
    optimizer: { name: 'gd', lr: 1 },
    sweep: [{ path: 'optimizer.lr', min: 1, max: 1.1, count: 16_384 }],
    steps: 1000,
  },
];
const X0 = 3.0325483975781253;
const FRAME = {
  model: { name: 'minimalist' },
  init: { x: 1, y: 1 },
  optimizer: { name: 'gd', lr: 0.25 },
  sweep: [
    { path: 'init.x', min: X0, max: X0 + 1e-9, count: 512 },
    { path: 'init.y', min: 0.4, max: 0.4 + 1e-9, count: 512 },
  ],
  steps: 1000,
  figure: { kind: 'basin', colorBy: 'class' },
};

export async function doubleCases(engine, only, options) {
  if (only && only !== 'double') return;
  for (const { name, ...base } of PAIRS) await pair(engine, name, base, options);
  const frames = [];
  let precision;
  for (let i = 0; i < 2; i++) {
    const r = await engine.run(FRAME, { ...options, read: 'color' });
    frames.push(r.elapsedMs);
    precision = r.precision;
  }
  console.log(
    `double zoom frame (minimalist basin 512^2 x 1000, window 1e-9, ${precision}): ${frames.map((t) => (t / 1000).toFixed(1)).join(' / ')} s`,
  );
  // On a real GPU (bench/device/run.sh): the same window as a 4096^2 map, in double and in single.
  if (engine.info.isFallback) return;
  const big = (precision) => ({
    ...FRAME,
    precision,
    sweep: FRAME.sweep.map((a) => ({ ...a, count: 4096 })),
  });
  for (const p of ['double', 'single', 'double']) {
    const r = await engine.run(big(p), { ...options, read: 'color' });
    console.log(`4096^2 map of that window x 1000 steps, ${r.precision}: ${r.elapsedMs.toFixed(0)} ms`);
  }
}

/** Single and double of one spec, alternated twice after a 2-step warm-up of each; the pairwise ratios. */
async function pair(engine, name, base, options) {
  const spec = (precision) => ({ ...base, precision });
  await engine.run({ ...spec('single'), steps: 2 });
  await engine.run({ ...spec('double'), steps: 2 });
  const times = { single: [], double: [] };
  for (let i = 0; i < 2; i++)
    for (const p of ['single', 'double'])
      times[p].push((await engine.run(spec(p), { ...options, keep: { lanes: false } })).elapsedMs);
  const lanes = base.sweep[0].count;
  const rate = (ms) => ((lanes * base.steps) / (ms / 1000)).toExponential(2);
  const pairs = times.single.map((s, i) => (times.double[i] / s).toFixed(2));
  console.log(
    `double (${name}): single ${times.single.map((t) => t.toFixed(0)).join(' / ')} ms ` +
      `(${rate(Math.min(...times.single))} lane-steps/s), double ${times.double.map((t) => t.toFixed(0)).join(' / ')} ms ` +
      `(${rate(Math.min(...times.double))}); double / single, pairwise ${pairs.join(' / ')}`,
  );
}
