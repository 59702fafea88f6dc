// A tile's readback: staging buffers (made once per run) for what the outputs need (status, the latest/result
// rows and the classes, unless the run reads no lanes; the recorded window and the final parameters only when
// asked), copied and mapped after the end passes. Each array is one copy out of its mapped range, the
// caller's to keep.
import { READBACK_ROWS } from '../plan/lane-rows.js';
import type { Plan, Tile } from '../plan/plan.js';

const READ = ['status', 'latest', 'classes', 'record', 'state'] as const;
type ReadName = (typeof READ)[number];

/** The per-lane arrays read back from a tile. */
export interface TileArrays {
  status: Uint32Array;
  latest: Float32Array;
  classes: Uint32Array;
  record?: Float32Array;
  /** Final parameters, params[i * P + k] (lane-major). */
  params?: Float32Array;
  /** Precision double: their low words (block 1), laid out as params. */
  paramsLo?: Float32Array;
}

export class TileReadback {
  private readonly staging: Partial<Record<ReadName, GPUBuffer>> = {};

  constructor(
    private readonly device: GPUDevice,
    private readonly plan: Plan,
    private readonly label: string,
    private readonly buffers: Record<string, GPUBuffer>,
    read: { record: boolean; params: boolean; lanes?: boolean },
  ) {
    const rows = read.lanes ?? true;
    for (const name of READ) {
      if ((name === 'record' && !read.record) || (name === 'state' && !read.params)) continue;
      if (!rows && (name === 'status' || name === 'latest' || name === 'classes')) continue;
      this.staging[name] = device.createBuffer({
        label: `${label}.${name}Readback`,
        // state: block 0 (the parameters) only, it comes first in both families' layouts; in double, block 1 too.
        size: name === 'state' ? 4 * paramWords(plan) * plan.tileLanes : buffers[name]!.size,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
    }
  }

  /**
   * Copies the tile's lanes into the staging buffers (submitted now) and returns what maps them, so the caller
   * may queue the next tile's work behind the copies and map once the GPU is done.
   */
  copy(tile: Tile): () => Promise<TileArrays> {
    const n = tile.count;
    const b = this.plan.bytesPerLane;
    const sizes: Record<ReadName, number> = {
      status: b.status * n,
      latest: 4 * READBACK_ROWS * n,
      classes: b.classes * n,
      record: b.record * n,
      state: 4 * paramWords(this.plan) * n,
    };
    const names = READ.filter((r) => this.staging[r]);
    if (!names.length)
      return async () => ({
        status: new Uint32Array(0),
        latest: new Float32Array(0),
        classes: new Uint32Array(0),
      });
    const enc = this.device.createCommandEncoder({ label: `${this.label}.readbackEncoder` });
    for (const name of names) {
      if (sizes[name] > 0)
        enc.copyBufferToBuffer(this.buffers[name]!, 0, this.staging[name]!, 0, sizes[name]);
    }
    this.device.queue.submit([enc.finish()]);
    const copy = async (name: ReadName): Promise<ArrayBuffer> => {
      const s = this.staging[name]!;
      if (sizes[name] === 0) return new ArrayBuffer(0);
      await s.mapAsync(GPUMapMode.READ, 0, sizes[name]);
      const out = s.getMappedRange(0, sizes[name]).slice(0);
      s.unmap();
      return out;
    };
    return async () => {
      const got = await Promise.all(names.map(copy));
      const by = Object.fromEntries(names.map((name, i) => [name, got[i]])) as Record<ReadName, ArrayBuffer>;
      return {
        status: new Uint32Array(by.status ?? 0),
        latest: new Float32Array(by.latest ?? 0),
        classes: new Uint32Array(by.classes ?? 0),
        record: by.record ? new Float32Array(by.record) : undefined,
        ...(by.state ? this.params(new Float32Array(by.state), n) : {}),
      };
    };
  }

  private params(state: Float32Array, n: number): Pick<TileArrays, 'params' | 'paramsLo'> {
    const P = this.plan.params;
    const params = laneMajor(this.plan, state.subarray(0, P * n), n);
    if (this.plan.precision === 'single') return { params };
    return { params, paramsLo: laneMajor(this.plan, state.subarray(P * n, 2 * P * n), n) };
  }

  destroy(): void {
    for (const buf of Object.values(this.staging)) buf.destroy();
  }
}

/** Words a lane of the parameters takes: P, or 2 P in double (hi and lo, blocks 0 and 1). */
function paramWords(plan: Plan): number {
  return plan.precision === 'double' ? 2 * plan.params : plan.params;
}

/** Block 0 of `state` as params[i * P + k]: the workgroup family stores it so, the lane family lane-minor. */
function laneMajor(plan: Plan, block: Float32Array, n: number): Float32Array {
  if (plan.family === 'workgroup') return block;
  const P = plan.params;
  const out = new Float32Array(n * P);
  for (let k = 0; k < P; k++) for (let i = 0; i < n; i++) out[i * P + k] = block[k * n + i]!;
  return out;
}
