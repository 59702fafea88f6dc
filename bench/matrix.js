// The matrix models' bench cases (the workgroup family): a deep linear network and an MLP at the issue's sizes,
// and larger ones where the adapter is a real GPU, each against numpy float32 (stacked np.matmul over lanes),
// JAX (jit + vmap + fori_loop, on whatever device JAX has: the GPU on a device machine) and the plain JavaScript
// loop; then the spectrum pass's cost and the batched products alone. Nominal GFLOP/s count the same products
// for every peer (formulas beside each case). numpy and the JS loop run fewer lanes/steps at the larger sizes
// (their rate does not depend on the count); JAX and the engine run the full case.
import { dlnLoop, mlpLoop } from './ts-loop.js';
import { fixed, fmt, jaxRate, numpyRate, numpyRun, ofPeak } from './peers.js';

// Deep linear networks: [lanes, steps, d, L, sharpness every]; the first is the software-GPU case.
const DLN = [{ size: [256, 200, 32, 4, 50] }, { size: [4096, 200, 64, 8, 50], realGpu: true }];
// MLPs (tanh, 8 teacher inputs + the bias input): [lanes, steps, width, depth, examples].
const MLP = [{ size: [256, 200, 32, 3, 64] }, { size: [4096, 200, 64, 4, 256], realGpu: true }];

/** Runs `spec` once warm (compiled on one lane first) and returns lane-steps/s with the run's seconds. */
async function engineRate(engine, spec, options) {
  await engine.run({ ...spec, sweep: [{ ...spec.sweep[0], count: 1 }], steps: 1 });
  const r = await engine.run(spec, options);
  const lanes = spec.sweep[0].count;
  return { rate: (lanes * spec.steps) / (r.elapsedMs / 1000), seconds: r.elapsedMs / 1000 };
}

function line(label, gpu, peers, gf, info) {
  const [np, jax, js] = peers;
  const peak = info.isFallback ? '' : `, ${ofPeak(Number(gf(gpu.rate)), info.description)}`;
  return (
    `${label}: GPU ${fmt(gpu.rate)} lane-steps/s (${gf(gpu.rate)} GFLOP/s${peak}, ${gpu.seconds.toFixed(1)} s), ` +
    `numpy f32 ${fmt(np)} (${gf(np)}), JAX ${fmt(jax.rate)} (${gf(jax.rate)}, ${jax.device}), JS loop ${fmt(js)} (${gf(js)}): ` +
    `GPU/numpy ${fixed(gpu.rate / np, 3)}, GPU/JAX ${fixed(gpu.rate / jax.rate, 3)}, GPU/JS ${fixed(gpu.rate / js)}`
  );
}

/**
 * DLN: GD on 1/2 ||W_L..W_1 - M||^2 with top-1 sharpness (20 shifted iterations) every `every` steps. A GD step is
 * 4L - 2 products of 2 d^3 flops (prefix, suffix, gradient), an HVP 11L - 2, a sharpness evaluation 25 HVPs.
 */
async function dln(engine, { size: [lanes, steps, d, L, every] }, options) {
  const spec = {
    model: { name: 'dln', depth: L, width: d, spectrum: [1, 0.5, 0.25], init: 'orthogonal', alpha: 1 },
    init: { seed: 1 },
    optimizer: { name: 'gd', lr: 0.01 },
    sweep: [{ path: 'optimizer.lr', min: 0.01, max: 0.02, count: lanes }],
    steps,
    sharpness: { iterations: 20, tolerance: 0, every },
    classify: { lyapunov: false }, // numpy, JAX and the JS loop compute no tangent map
  };
  const gpu = await engineRate(engine, spec, options);
  // numpy at d = 64: 64 lanes x one sharpness period (the same share of sharpness work as the whole run).
  const peers = [
    d > 32 ? numpyRate('dln', 64, every, d, L, every) : numpyRate('dln', lanes, steps, d, L, every),
    jaxRate('dln', lanes, steps, d, L, every),
    dlnLoop(d > 32 ? 1 : 4, every, d, L, every),
  ];
  const flops = (2 * d ** 3 * (steps * (4 * L - 2) + Math.ceil(steps / every) * 25 * (11 * L - 2))) / steps;
  const gf = (rate) => fixed((rate * flops) / 1e9);
  return line(
    `dln d=${d} L=${L} x ${lanes} lanes x ${steps} steps, sharpness/${every}`,
    gpu,
    peers,
    gf,
    engine.info,
  );
}

/**
 * The bench MLP's spec: tanh, 8 teacher inputs, GD over a learning-rate axis of `lanes` values, and no Lyapunov
 * window (the peers compute no tangent map; it costs an HVP and an observation for each of its 11 steps).
 */
const mlpSpec = (lanes, steps, width, depth, n) => ({
  model: { name: 'mlp', depth, width, dataset: 'teacher', inputs: 8, examples: n, activation: 'tanh' },
  init: { seed: 1 },
  optimizer: { name: 'gd', lr: 0.05 },
  sweep: [{ path: 'optimizer.lr', min: 0.05, max: 0.1, count: lanes }],
  steps,
  classify: { lyapunov: false },
});

/**
 * MLP: full-batch GD, 1/2 mean squared error. A GD step's products: forward sum 2 N n_l n_(l-1), the same again
 * for the gradients, and the back signals for l >= 2. The engine's final sharpness (2 power iterations, ~5 HVPs,
 * ~6 % of the run at the size) is in its time, not in the count.
 */
async function mlp(engine, { size: [lanes, steps, width, depth, n] }, options) {
  const inputs = 8;
  const spec = { ...mlpSpec(lanes, steps, width, depth, n), sharpness: { iterations: 2, tolerance: 0 } };
  const gpu = await engineRate(engine, spec, options);
  const peers = [
    numpyRate('mlp', Math.min(lanes, 256), 50, width, depth, n),
    jaxRate('mlp', lanes, steps, width, depth, n),
    mlpLoop(width > 32 ? 2 : 8, 20, width, depth, n, inputs),
  ];
  const fans = [inputs + 1, ...Array(depth - 1).fill(width), 1];
  const forward = fans.slice(1).reduce((a, f, l) => a + 2 * n * f * fans[l], 0);
  const back = fans.slice(2).reduce((a, f, l) => a + 2 * n * f * fans[l + 1], 0);
  const gf = (rate) => fixed((rate * (2 * forward + back)) / 1e9);
  return line(
    `mlp width=${width} depth=${depth} N=${n} x ${lanes} lanes x ${steps} steps`,
    gpu,
    peers,
    gf,
    engine.info,
  );
}

/**
 * The spectrum pass: the small mlp case (64 lanes) with the top-4 eigenvalues recorded every 50 steps (5
 * evaluations of a 6-vector block, at most 30 rounds each) against the same run recording only the loss.
 */
async function eigs(engine, options) {
  const [lanes, steps] = [64, 200];
  const spec = { ...mlpSpec(lanes, steps, 32, 3, 64), sharpness: { iterations: 30, k: 4 } };
  const record = (observables) => ({ observables, every: 50, last: 5 });
  for (const obs of [['loss'], ['loss', 'eigs']])
    await engine.run({
      ...spec,
      record: { observables: obs, last: 1 },
      sweep: [{ ...spec.sweep[0], count: 1 }],
      steps: 1,
    });
  const plain = await engine.run({ ...spec, record: record(['loss']) }, options);
  const withEigs = await engine.run({ ...spec, record: record(['loss', 'eigs']) }, options);
  const res = withEigs.record.vectors.eigsResidual.values;
  return (
    `eigs (mlp width 32, ${lanes} lanes x ${steps} steps, top 4 every 50 steps): ${(plain.elapsedMs / 1000).toFixed(1)} s without, ` +
    `${(withEigs.elapsedMs / 1000).toFixed(1)} s with (${(withEigs.elapsedMs / plain.elapsedMs).toFixed(2)}x); largest residual ${Math.max(...res).toExponential(1)}`
  );
}

/** Batched d x d products alone (GPU kernel, upload and readback included), best of 3, against np.matmul. */
async function matmul(engine) {
  const { batchedMatmul, SOFTWARE_GROUP_SIZE, wideBlocks } = await import('../dist/linalg.js');
  // The group size the models' workgroup family runs on this adapter.
  const opts = { groupSize: engine.info.isFallback ? SOFTWARE_GROUP_SIZE : undefined };
  const lines = [];
  for (const [d, lanes] of [[32, 256], [64, 256], ...(engine.info.isFallback ? [] : [[64, 16384]])]) {
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
    const np = numpyRun('matmul', Math.min(lanes, 256), 20, d)?.gflops ?? NaN;
    lines.push(
      `batched matmul d=${d} x ${lanes} lanes (workgroup of ${opts.groupSize ?? 64} per lane, 8 x ${wideBlocks(opts.groupSize ?? 64) ? 8 : 4} register blocks): ${gpu.toFixed(2)} GFLOP/s (upload + readback included); numpy ${fixed(np)} GFLOP/s: ${fixed(gpu / np)}x`,
    );
  }
  return lines.join('\n');
}

/** The matrix cases `only` selects (all when undefined), printed as they finish. */
export async function matrixCases(engine, only, options) {
  const sized = (list) => list.filter((c) => !c.realGpu || !engine.info.isFallback);
  if (!only || only === 'dln') for (const c of sized(DLN)) console.log(await dln(engine, c, options));
  if (!only || only === 'mlp') for (const c of sized(MLP)) console.log(await mlp(engine, c, options));
  if (!only || only === 'eigs') console.log(await eigs(engine, options));
  if (!only || only === 'matmul') console.log(await matmul(engine));
}
