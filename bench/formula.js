// Formula models in `npm run bench`: the minimalist typed as a formula against the built-in minimalist (1M lanes
// x 1000 steps, alternated in the same process, twice each; they do the same arithmetic), and the time from a
// formula never seen before to its first result (parse, generate the WGSL, compile the pipelines, run 2 steps).

/** The minimalist as the formula the issue names (its derivatives generated), and the built-in. */
const LANES = 1_048_576;
const base = {
  init: { x: 1.5, y: 0.5 },
  optimizer: { name: 'gd', lr: 0.01 },
  sweep: [{ path: 'optimizer.lr', min: 0.01, max: 0.02, count: LANES }],
  steps: 1000,
};
const BUILTIN = { ...base, model: { name: 'minimalist' } };
const FORMULA = {
  ...base,
  model: {
    name: 'formula',
    params: ['x', 'y'],
    loss: '(x^2*y^2 - 1)^2/4',
    output: 'x*y',
    balance: 'x^2 - y^2',
  },
};

export async function formulaCases(engine, only, options) {
  if (only && only !== 'formula') return;
  // A fresh formula each time (a literal no earlier run used), so nothing is cached: parse, program, WGSL,
  // reflection and pipeline creation are all in the time.
  const fresh = (k) => ({
    model: { name: 'formula', params: ['x', 'y'], loss: `(x^2*y^2 - 1)^2/4 + ${1 + k / 1000}e-9*x^2` },
    init: { x: 1.5, y: 0.5 },
    optimizer: { name: 'gd', lr: 0.01 },
    steps: 2,
  });
  const first = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    await engine.run(fresh(k));
    first.push(performance.now() - t0);
  }
  await engine.run({ ...BUILTIN, steps: 2 });
  await engine.run({ ...FORMULA, steps: 2 });
  const times = { builtin: [], formula: [] };
  for (let i = 0; i < 2; i++)
    for (const [name, spec] of [
      ['builtin', BUILTIN],
      ['formula', FORMULA],
    ]) {
      const r = await engine.run(spec, { ...options, keep: { lanes: false } });
      times[name].push(r.elapsedMs);
    }
  const rate = (ms) => ((LANES * 1000) / (ms / 1000)).toExponential(2);
  console.log(
    `formula minimalist 1M x 1000: built-in ${times.builtin.map((t) => t.toFixed(0)).join(' / ')} ms (${rate(Math.min(...times.builtin))} lane-steps/s), ` +
      `formula ${times.formula.map((t) => t.toFixed(0)).join(' / ')} ms (${rate(Math.min(...times.formula))}); ` +
      `formula/built-in ${times.formula.map((t, i) => (t / times.builtin[i]).toFixed(2)).join(' / ')} (pairwise)`,
  );
  console.log(
    `new formula to first result (parse, generate, compile, 2 steps; Node): ${first.map((t) => t.toFixed(0)).join(' / ')} ms`,
  );
}
