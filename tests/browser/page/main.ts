// Runs the engine in the browser (navigator.gpu) and exposes the result to the Puppeteer check; draws the
// recorded outputs against the learning rate so the screenshot shows the period-doubling cascade.
import { Engine, type ExperimentSpec } from '../../../src/index.js';
import { runProbe } from '../../../src/engine/run/df64-probe.js';
import deep from './deep.json';
import spec from './spec.json';

const SPEC = spec as ExperimentSpec;

function draw(values: Float32Array, lanes: number, T: number): void {
  const canvas = document.getElementById('plot') as HTMLCanvasElement;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#1f4e79';
  for (let lane = 0; lane < lanes; lane++) {
    for (let s = 0; s < T; s++) {
      const v = values[lane * T + s] as number;
      if (!Number.isFinite(v)) continue;
      const y = canvas.height * (1 - (v + 0.5) / 3);
      ctx.fillRect((lane / lanes) * canvas.width, y, 2, 2);
    }
  }
}

const w = window as unknown as { __eos?: unknown; __eosError?: string };
try {
  const engine = await Engine.create();
  const r = await engine.run(SPEC);
  const T = r.record.steps.length;
  draw(r.record.values.output!, r.lanes, T);
  w.__eos = {
    device: r.device,
    lanes: r.lanes,
    finalOutput: Array.from(r.final.output),
    finalLoss: Array.from(r.final.loss),
    diverged: Array.from(r.diverged),
    // Precision double in Chromium's compiler: the df64 probe, and a 1e-10 window of the minimalist's
    // fractal boundary ('auto' resolves double), checked against float64 in Node (tests/double.test.ts's window).
    probe: await runProbe(engine.device),
    deep: await engine
      .run(deep as ExperimentSpec, { read: 'lanes' })
      .then((d) => ({ precision: d.precision, diverged: Array.from(d.diverged) })),
  };
  document.getElementById('status')!.textContent =
    `${r.lanes} lanes x ${SPEC.steps} steps on ${r.device.vendor} ${r.device.architecture} in ${r.elapsedMs.toFixed(0)} ms`;
} catch (e) {
  w.__eosError = String(e);
  document.getElementById('status')!.textContent = String(e);
}
