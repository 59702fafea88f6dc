// The host case of `npm run bench` (issue 21): everything around the steps of a 4096^2 minimalist basin map.
// In one process, after a warm-up: the map at 4 and at 40 steps (twice each, read 'color': one byte a lane),
// so the run's fixed cost (start values, classification, colours, readback) comes out in steps' worth; the
// JavaScript self time per lane from a CPU profile of the 4-step run (garbage collection apart); and the bytes
// read back per lane, with today's 'lanes' readback beside it; and the GPU time of the 4-step run by pass.
import { Session } from 'node:inspector/promises';
import { Engine } from '../dist/index.js';

const N = Number(process.env.EOS_BENCH_HOST_SIDE ?? 4096);
const spec = (steps) => ({
  model: { name: 'minimalist' },
  init: { x: 1, y: 1 },
  optimizer: { name: 'gd', lr: 0.25 },
  sweep: [
    { path: 'init.x', min: 0.2, max: 4, count: N },
    { path: 'init.y', min: 0.2, max: 4, count: N },
  ],
  steps,
  figure: { kind: 'basin', colorBy: 'class' },
});

/** Bytes mapped for reading during `f` (every mapAsync of a MAP_READ buffer, whole or the range asked). */
async function mappedBytes(f) {
  const proto = globalThis.GPUBuffer.prototype;
  const map = proto.mapAsync;
  let bytes = 0;
  proto.mapAsync = function (mode, offset, size) {
    if (this.usage & GPUBufferUsage.MAP_READ && this.size > 4) bytes += size ?? this.size - (offset ?? 0);
    return map.call(this, mode, offset, size);
  };
  try {
    await f();
  } finally {
    proto.mapAsync = map;
  }
  return bytes;
}

/**
 * Self time (ms) by category of a CPU profile: eos-lab's own JavaScript (frames of its dist/ bundle), the rest
 * of the JavaScript (Node's timers, the WebGPU bindings' native calls and polling), garbage collection, idle.
 */
function selfTimes(profile) {
  const out = { own: 0, js: 0, gc: 0, idle: 0, program: 0 };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const name = frame?.functionName;
    const ms = (dt[i] ?? 0) / 1000;
    if (name === '(idle)') out.idle += ms;
    else if (name === '(garbage collector)') out.gc += ms;
    else if (name === '(program)') out.program += ms;
    else if (frame?.url.includes('/dist/')) out.own += ms;
    else out.js += ms;
  });
  return out;
}

/**
 * GPU time (ms) by pass of one run: each submit's time from its start (or the previous submit's end) to its
 * onSubmittedWorkDone, summed by its command encoder's label less the model and tile ('encoder' = the step
 * submits, 'initEncoder', 'classifyEncoder', ...), and 'GPU idle': the time nothing was queued (from the last
 * done submit to the next submit; the host's round trips between tiles). The extra waits make the run itself
 * slower; the shares are what this is for.
 */
async function byPass(engine, s) {
  const queue = globalThis.GPUQueue.prototype;
  const enc = globalThis.GPUCommandEncoder.prototype;
  const [submit, finish] = [queue.submit, enc.finish];
  const ms = new Map();
  let prevDone = 0;
  let pending = 0;
  let idle = 0;
  enc.finish = function (d) {
    const cb = finish.call(this, d);
    cb.eosLabel = (this.label ?? '?').replace(/^.*\./, '');
    return cb;
  };
  queue.submit = function (cbs) {
    const t0 = performance.now();
    const label = cbs.map((c) => c.eosLabel).join('+');
    submit.call(this, cbs);
    if (pending === 0 && prevDone > 0) idle += t0 - prevDone;
    pending++;
    void this.onSubmittedWorkDone().then(() => {
      const t = performance.now();
      ms.set(label, (ms.get(label) ?? 0) + t - Math.max(prevDone, t0));
      prevDone = t;
      pending--;
    });
  };
  try {
    await engine.run(s, { read: 'color' });
  } finally {
    [queue.submit, enc.finish] = [submit, finish];
  }
  ms.set('GPU idle', idle);
  return [...ms].filter(([, t]) => t >= 1).map(([k, t]) => `${k} ${t.toFixed(0)}`);
}

export async function hostCase(engine) {
  const lanes = N * N;
  await engine.run({ ...spec(4), sweep: spec(4).sweep.map((a) => ({ ...a, count: 64 })) }, { read: 'color' });
  const times = { 4: [], 40: [] };
  for (let i = 0; i < 2; i++)
    for (const steps of [4, 40])
      times[steps].push((await engine.run(spec(steps), { read: 'color' })).elapsedMs);
  const t4 = Math.min(...times[4]);
  const t40 = Math.min(...times[40]);
  const perStep = (t40 - t4) / 36;
  const fixed = t4 - 4 * perStep;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const color = await mappedBytes(() => engine.run(spec(4), { read: 'color' }));
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  const self = selfTimes(profile);
  const rows = await mappedBytes(() => engine.run(spec(4), { keep: { lanes: false, record: false } }));
  console.log(
    `host ${N}^2 minimalist (read 'color'): 4 steps ${times[4].map((t) => t.toFixed(0)).join(' / ')} ms, 40 steps ${times[40]
      .map((t) => t.toFixed(0))
      .join(
        ' / ',
      )} ms; a step ${perStep.toFixed(0)} ms, fixed cost ${fixed.toFixed(0)} ms = ${(fixed / perStep).toFixed(1)} steps' worth`,
  );
  console.log(
    `host JavaScript self time (4-step run, CPU profile): eos-lab's own ${((1e6 * self.own) / lanes).toFixed(2)} ns a lane ` +
      `(${self.own.toFixed(0)} ms); with Node's timers and the WebGPU bindings (their polling, buffer creation) ` +
      `${((1e6 * (self.own + self.js)) / lanes).toFixed(2)} ns a lane; garbage collection ${self.gc.toFixed(0)} ms, ` +
      `idle ${self.idle.toFixed(0)} ms, program ${self.program.toFixed(0)} ms`,
  );
  const passes = await byPass(engine, spec(4));
  console.log(`host GPU ms by pass (4-step run, each submit awaited): ${passes.join(', ')}`);
  console.log(
    `host bytes read back a lane: ${(color / lanes).toFixed(2)} (read 'color'), ${(rows / lanes).toFixed(2)} (read 'lanes', keep nothing)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const engine = await Engine.create();
  await hostCase(engine);
  engine.destroy();
}
