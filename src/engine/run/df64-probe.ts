// The portability probe of precision "double" (shaders/common/df64.wgsl, docs/equations.md "Double precision"):
// double-single arithmetic lives on error terms a compiler could erase by reassociating; df64.wgsl makes that
// impossible by construction, and this checks it on the adapter at hand. Cases a, b = hi + lo (hi, lo f32):
//   two_sum(a.hi, b.hi), two_prod(a.hi, b.hi): exact (s + e = a.hi + b.hi, p + e = a.hi b.hi in float64)
//   df_add(a, b), df_mul(a, b): relative error against float64 (itself within 2^-53) at most 2^-MIN_BITS
// The engine runs it once per device before the first double run and refuses double where it fails.
import { getKernel } from '../../gpu/kernel.js';
import { GPUFailureError } from '../../gpu/errors.js';
import { packStruct } from '../../gpu/layout.js';
import { shaderFile } from '../plan/sources.js';
import { readFloats, stagingBuffer, storageBuffer } from './passes.js';

/**
 * Bits every df_add / df_mul must keep: the proven bounds are 3 u^2 and 7 u^2 (u = 2^-24), i.e. 2^-46.4 and
 * 2^-45.2; a compiler that dropped an error term would leave ~24.
 */
export const MIN_BITS = 45;

export interface ProbeReport {
  cases: number;
  /** two_sum and two_prod exact on every case. */
  exact: boolean;
  /** -log2 of the largest relative error of df_add and of df_mul. */
  addBits: number;
  mulBits: number;
  /** The first failing case, if any, for the error message. */
  failure?: string;
}

/** a = hi + lo, b likewise: 4 f32 words a case; mixed magnitudes (2^-20..2^20), signs and near-cancellations. */
export function probeCases(count: number, seed = 1): Float32Array<ArrayBuffer> {
  let state = seed >>> 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(4 * count);
  const split = (x: number, at: number) => {
    out[at] = x;
    out[at + 1] = x - (out[at] as number);
  };
  for (let i = 0; i < count; i++) {
    const a = (rand() < 0.5 ? -1 : 1) * (1 + rand()) * 2 ** Math.floor(40 * rand() - 20);
    let b = (rand() < 0.5 ? -1 : 1) * (1 + rand()) * 2 ** Math.floor(40 * rand() - 20);
    if (i % 4 === 1) b = -a * (1 + (rand() - 0.5) * 2 ** -20); // cancellation: a + b keeps the low words only
    if (i % 4 === 2) b = a * 2 ** -(24 + Math.floor(8 * rand())); // b below a's ulp: two_sum's e = b
    split(a, 4 * i);
    split(b, 4 * i + 2);
  }
  return out;
}

/** Checks the kernel's outputs against float64 (the host twin of the probe's claims). */
export function checkProbe(x: Float32Array, out: Float32Array): ProbeReport {
  const cases = x.length / 4;
  let exact = true;
  let addErr = 0;
  let mulErr = 0;
  let failure: string | undefined;
  for (let i = 0; i < cases; i++) {
    const [ah, al, bh, bl] = [x[4 * i]!, x[4 * i + 1]!, x[4 * i + 2]!, x[4 * i + 3]!];
    const o = out.subarray(8 * i, 8 * i + 8);
    if (o[0]! + o[1]! !== ah + bh || o[2]! + o[3]! !== ah * bh) {
      exact = false;
      failure ??= `case ${i}: two_sum(${ah}, ${bh}) = ${o[0]} + ${o[1]}, two_prod = ${o[2]} + ${o[3]}`;
    }
    const a = ah + al;
    const b = bh + bl;
    const rel = (got: number, want: number) =>
      want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
    addErr = Math.max(addErr, rel(o[4]! + o[5]!, a + b));
    mulErr = Math.max(mulErr, rel(o[6]! + o[7]!, a * b));
  }
  const bits = (e: number) => (e === 0 ? 53 : Math.min(53, -Math.log2(e)));
  return { cases, exact, addBits: bits(addErr), mulBits: bits(mulErr), ...(failure ? { failure } : {}) };
}

/** Runs the probe kernel on `device` over `count` cases and checks it. */
export async function runProbe(device: GPUDevice, count = 4096): Promise<ProbeReport> {
  const kernel = await getKernel(device, {
    label: 'df64.probe',
    files: [shaderFile('common/df64.wgsl'), shaderFile('common/df64_probe.wgsl')],
    entry: 'df64_probe',
  });
  const x = probeCases(count);
  const layout = kernel.bindingStruct('u');
  const uniform = new ArrayBuffer(layout.size);
  packStruct(kernel.label, layout, { count, zero: 0 }, new DataView(uniform));
  const u = device.createBuffer({
    label: 'df64.probe.uniforms',
    size: layout.size,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  const input = storageBuffer(device, 'df64.probe.x', x.byteLength);
  const output = storageBuffer(device, 'df64.probe.out', 8 * 4 * count);
  const staging = stagingBuffer(device, 'df64.probe.staging', 8 * 4 * count);
  try {
    device.queue.writeBuffer(u, 0, uniform);
    device.queue.writeBuffer(input, 0, x);
    const enc = device.createCommandEncoder({ label: 'df64.probe.encoder' });
    const pass = enc.beginComputePass({ label: 'df64.probe.pass' });
    pass.setPipeline(kernel.pipeline);
    kernel.bind(device, { u, x: input, out: output }).forEach((g, i) => pass.setBindGroup(i, g));
    pass.dispatchWorkgroups(Math.ceil(count / 64));
    pass.end();
    device.queue.submit([enc.finish()]);
    return checkProbe(x, await readFloats(device, output, staging, 8 * 4 * count));
  } finally {
    for (const b of [u, input, output, staging]) b.destroy();
  }
}

const probes = new WeakMap<GPUDevice, Promise<ProbeReport>>();

/**
 * Throws unless double-single arithmetic keeps its error terms on this device (the probe, once per device).
 */
export async function requireDouble(device: GPUDevice): Promise<ProbeReport> {
  let p = probes.get(device);
  if (!p) {
    p = runProbe(device);
    probes.set(device, p);
  }
  const r = await p;
  if (!r.exact || r.addBits < MIN_BITS || r.mulBits < MIN_BITS)
    throw new GPUFailureError(
      `precision 'double' is not exact on this adapter: its shader compiler changed double-single arithmetic ` +
        `(two_sum/two_prod exact: ${r.exact}; add ${r.addBits.toFixed(1)} bits, multiply ` +
        `${r.mulBits.toFixed(1)} bits, need ${MIN_BITS}${r.failure ? `; ${r.failure}` : ''}). Use precision 'single'.`,
    );
  return r;
}
