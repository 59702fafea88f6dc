// A pass = one kernel run over a tile's lanes: its uniforms, its own buffers (bind group 1) and the lane
// buffers it reads by WGSL name (bind group 0). The tile runner encodes passes in order; a new pass is a
// WGSL file, one of these and a line where the engine lists its passes.
import type { Kernel } from '../../gpu/kernel.js';
import { packStruct, type StructValues } from '../../gpu/layout.js';
import { WORKGROUP_SIZE, type Tile } from '../plan/plan.js';

/** 2-D dispatch size for `lanes` lanes, `perGroup` to a workgroup (x folds at the per-dimension limit). */
export function dispatchSize(device: GPUDevice, lanes: number, perGroup = WORKGROUP_SIZE): [number, number] {
  const groups = Math.max(1, Math.ceil(lanes / perGroup));
  const x = Math.min(groups, device.limits.maxComputeWorkgroupsPerDimension);
  return [x, Math.ceil(groups / x)];
}

/** Buffers with the usage every lane buffer has (storage, copy in and out), labelled `label.name`. */
export function storageBuffer(device: GPUDevice, label: string, bytes: number): GPUBuffer {
  return device.createBuffer({
    label,
    size: Math.max(16, Math.ceil(bytes / 4) * 4),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  });
}

/** A MAP_READ buffer of `bytes` to read a pass's output back through, labelled `label`. */
export function stagingBuffer(device: GPUDevice, label: string, bytes: number): GPUBuffer {
  return device.createBuffer({
    label,
    size: Math.max(16, Math.ceil(bytes / 4) * 4),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
}

/**
 * Copies bytes [0, bytes) of `src` into `staging` (its own submit, now) and returns what maps them as f32
 * values: a caller may queue more work behind the copy and map once the GPU is done, so the host does not
 * poll meanwhile.
 */
export function copyFloats(
  device: GPUDevice,
  src: GPUBuffer,
  staging: GPUBuffer,
  bytes: number,
): () => Promise<Float32Array> {
  const enc = device.createCommandEncoder({ label: `${src.label}.readbackEncoder` });
  enc.copyBufferToBuffer(src, 0, staging, 0, bytes);
  device.queue.submit([enc.finish()]);
  return async () => {
    await staging.mapAsync(GPUMapMode.READ, 0, bytes);
    const data = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
    staging.unmap();
    return data;
  };
}

/** Copies bytes [0, bytes) of `src` through `staging` and returns them as f32 values. */
export function readFloats(
  device: GPUDevice,
  src: GPUBuffer,
  staging: GPUBuffer,
  bytes: number,
): Promise<Float32Array> {
  return copyFloats(device, src, staging, bytes)();
}

export interface PassOptions {
  kernel: Kernel;
  /** Every binding the kernel uses, by WGSL name, except its uniform `u`. */
  buffers: Record<string, GPUBuffer>;
  /** The uniform values for a tile (or given to `encode` each time, when they change per dispatch). */
  uniforms?: (tile: Tile) => StructValues;
  /** Lanes per workgroup (default WORKGROUP_SIZE; 1 for a workgroup-per-lane kernel). */
  lanesPerGroup?: number;
}

export class LanePass {
  private readonly uniform: GPUBuffer;
  private readonly groups: GPUBindGroup[];

  constructor(
    private readonly device: GPUDevice,
    private readonly options: PassOptions,
  ) {
    const k = options.kernel;
    this.uniform = device.createBuffer({
      label: `${k.label}.uniforms`,
      size: k.bindingStruct('u').size,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.groups = k.bind(device, { ...options.buffers, u: this.uniform });
  }

  /** The layout of a struct binding of this pass's kernel. */
  kernelStruct(name: string) {
    return this.options.kernel.bindingStruct(name);
  }

  get label(): string {
    return this.options.kernel.label;
  }

  /** Writes the uniforms (queue-ordered before the next submit) and records the dispatch. */
  encode(encoder: GPUCommandEncoder, tile: Tile, values?: StructValues): void {
    const k = this.options.kernel;
    const layout = k.bindingStruct('u');
    const data = new ArrayBuffer(layout.size);
    const given = values ?? this.options.uniforms?.(tile);
    if (!given) throw new Error(`[eos-lab] ${k.label}: no uniform values for this dispatch`);
    packStruct(k.label, layout, given, new DataView(data));
    this.device.queue.writeBuffer(this.uniform, 0, data);
    const pass = encoder.beginComputePass({ label: `${k.label}.pass` });
    pass.setPipeline(k.pipeline);
    this.groups.forEach((g, i) => pass.setBindGroup(i, g));
    const [x, y] = dispatchSize(this.device, tile.count, this.options.lanesPerGroup);
    pass.dispatchWorkgroups(x, y);
    pass.end();
  }

  destroy(): void {
    this.uniform.destroy();
  }
}
