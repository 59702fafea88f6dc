// Batched small-matrix products on the GPU (shaders/common/matmul.wgsl over common/wg_matmul.wgsl's mm(), the
// product the matrix models call in their step kernels) and their float64 reference; one workgroup per lane.
import { withErrorScopes } from '../gpu/device.js';
import { getKernel } from '../gpu/kernel.js';
import { dispatchSize } from '../engine/run/passes.js';
import { checkGroupSize, wideBlocks } from '../engine/plan/plan.js';
import { shaderFile } from '../engine/plan/sources.js';

export { SOFTWARE_GROUP_SIZE, wideBlocks } from '../engine/plan/plan.js';

export interface MatmulShape {
  /** op(A) is m x k, op(B) is k x n, C is m x n (per lane). */
  m: number;
  k: number;
  n: number;
  /** A is stored k x m (C = A^T B). */
  transA?: boolean;
  /** B is stored n x k (C = A B^T). */
  transB?: boolean;
}

/**
 * C_l = op(A_l) op(B_l) for every lane l, in float64 (row-major, lane-major; sums in k order like the kernel).
 * @example
 * matmulReference(a, b, 256, { m: 32, k: 32, n: 32 }); // Float64Array of 256 * 32 * 32
 */
export function matmulReference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  lanes: number,
  s: MatmulShape,
): Float64Array {
  const { m, k, n } = s;
  const c = new Float64Array(lanes * m * n);
  for (let l = 0; l < lanes; l++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let q = 0; q < k; q++) {
          const av = s.transA ? a[l * k * m + q * m + i] : a[l * m * k + i * k + q];
          const bv = s.transB ? b[l * n * k + j * k + q] : b[l * k * n + q * n + j];
          sum += (av as number) * (bv as number);
        }
        c[l * m * n + i * n + j] = sum;
      }
    }
  }
  return c;
}

export interface MatmulOptions {
  /**
   * Invocations per workgroup (one workgroup per lane; default 64). The engine's workgroup family runs 4 on a
   * software GPU (SOFTWARE_GROUP_SIZE, exported here); pass that to time the same kernel it runs.
   */
  groupSize?: number;
}

/**
 * Runs the batched product on the GPU and reads C back (for tests and benchmarks; models keep C on the GPU).
 * @example
 * const c = await batchedMatmul(engine.device, a, b, 256, { m: 32, k: 32, n: 32 });
 */
export async function batchedMatmul(
  device: GPUDevice,
  a: Float32Array<ArrayBuffer>,
  b: Float32Array<ArrayBuffer>,
  lanes: number,
  s: MatmulShape,
  options: MatmulOptions = {},
): Promise<Float32Array> {
  for (const key of ['m', 'k', 'n'] as const)
    if (!Number.isInteger(s[key]) || s[key] < 1)
      throw new RangeError(`[eos-lab] batched matmul: ${key} must be an integer >= 1, got ${s[key]}`);
  const groupSize = checkGroupSize(options.groupSize, device.limits, 'batched matmul: groupSize');
  const kernel = await getKernel(device, {
    label: 'linalg.matmul',
    files: [shaderFile('common/wg_matmul.wgsl'), shaderFile('common/matmul.wgsl')],
    entry: 'matmul',
    overrides: { WG: groupSize, MM_WIDE: wideBlocks(groupSize) },
  });
  const { m, k, n } = s;
  const stride = m * k + k * n + m * n;
  const packed = new Float32Array(lanes * stride);
  for (let l = 0; l < lanes; l++) {
    packed.set(a.subarray(l * m * k, (l + 1) * m * k), l * stride);
    packed.set(b.subarray(l * k * n, (l + 1) * k * n), l * stride + m * k);
  }
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const make = (name: string, bytes: number, u = usage) =>
    device.createBuffer({ label: `linalg.matmul.${name}`, size: Math.max(16, bytes), usage: u });
  const buffers = {
    u: make('uniforms', kernel.bindingStruct('u').size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST),
    scratch: make('scratch', packed.byteLength),
  };
  const read = make('readback', packed.byteLength, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  try {
    await withErrorScopes(device, 'linalg.matmul', () => {
      const uniforms = [lanes, m, k, n, Number(Boolean(s.transA)), Number(Boolean(s.transB))];
      device.queue.writeBuffer(buffers.u, 0, new Uint32Array(uniforms));
      device.queue.writeBuffer(buffers.scratch, 0, packed);
      const enc = device.createCommandEncoder({ label: 'linalg.matmul.encoder' });
      const pass = enc.beginComputePass({ label: 'linalg.matmul.pass' });
      pass.setPipeline(kernel.pipeline);
      kernel.bind(device, buffers).forEach((g, i) => pass.setBindGroup(i, g));
      pass.dispatchWorkgroups(...dispatchSize(device, lanes, 1));
      pass.end();
      enc.copyBufferToBuffer(buffers.scratch, 0, read, 0, packed.byteLength);
      device.queue.submit([enc.finish()]);
    });
    await read.mapAsync(GPUMapMode.READ);
    const all = new Float32Array(read.getMappedRange());
    const c = new Float32Array(lanes * m * n);
    for (let l = 0; l < lanes; l++)
      c.set(all.subarray(l * stride + m * k + k * n, (l + 1) * stride), l * m * n);
    read.unmap();
    return c;
  } finally {
    for (const buf of [...Object.values(buffers), read]) buf.destroy();
  }
}
