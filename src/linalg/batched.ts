// Batched small-matrix products on the GPU (shaders/common/matmul.wgsl) and their float64 reference: the
// building blocks of the matrix models (deep linear networks, MLPs), one workgroup per lane and output tile.
import { withErrorScopes } from '../gpu/device.js';
import { getKernel } from '../gpu/kernel.js';
import { shaderFile } from '../engine/sources.js';

export interface MatmulShape {
  /** op(A) is m x k, op(B) is k x n, C is m x n (per lane). */
  m: number;
  k: number;
  n: number;
  /** A is stored k x m (C = A^T B). */
  transA?: boolean;
  /** B is stored n x k (C = A B^T). */
  transB?: boolean;
  /** Stage tiles in workgroup memory (default true; false reads storage directly: 2x faster on SwiftShader). */
  shared?: boolean;
}

export const MATMUL_TILE = 8;

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

/** Workgroups for `lanes` lanes of an m x n output: (tiles, lanes folded over y and z at the device limit). */
export function matmulDispatch(device: GPUDevice, lanes: number, s: MatmulShape): [number, number, number] {
  const tiles = Math.ceil(s.m / MATMUL_TILE) * Math.ceil(s.n / MATMUL_TILE);
  const y = Math.min(lanes, device.limits.maxComputeWorkgroupsPerDimension);
  return [tiles, y, Math.ceil(lanes / y)];
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
): Promise<Float32Array> {
  const kernel = await getKernel(device, {
    label: 'linalg.matmul',
    files: [shaderFile('common/matmul.wgsl')],
    entry: 'matmul',
    overrides: {
      M: s.m,
      K: s.k,
      N: s.n,
      TRANS_A: Boolean(s.transA),
      TRANS_B: Boolean(s.transB),
      TILE: MATMUL_TILE,
      SHARED: s.shared ?? true,
    },
  });
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const make = (name: string, bytes: number, u = usage) =>
    device.createBuffer({ label: `linalg.matmul.${name}`, size: Math.max(16, bytes), usage: u });
  const cBytes = 4 * lanes * s.m * s.n;
  const buffers = {
    u: make('uniforms', 16, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST),
    a: make('a', a.byteLength),
    b: make('b', b.byteLength),
    c: make('c', cBytes),
  };
  const read = make('cReadback', cBytes, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  try {
    await withErrorScopes(device, 'linalg.matmul', () => {
      device.queue.writeBuffer(buffers.u, 0, new Uint32Array([lanes, 0, 0, 0]));
      device.queue.writeBuffer(buffers.a, 0, a);
      device.queue.writeBuffer(buffers.b, 0, b);
      const enc = device.createCommandEncoder({ label: 'linalg.matmul.encoder' });
      const pass = enc.beginComputePass({ label: 'linalg.matmul.pass' });
      pass.setPipeline(kernel.pipeline);
      kernel.bind(device, buffers).forEach((g, i) => pass.setBindGroup(i, g));
      pass.dispatchWorkgroups(...matmulDispatch(device, lanes, s));
      pass.end();
      enc.copyBufferToBuffer(buffers.c, 0, read, 0, cBytes);
      device.queue.submit([enc.finish()]);
    });
    await read.mapAsync(GPUMapMode.READ);
    return new Float32Array(read.getMappedRange().slice(0));
  } finally {
    for (const buf of [...Object.values(buffers), read]) buf.destroy();
  }
}
