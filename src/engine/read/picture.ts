// What a run's figure reads at its end (RunOptions.read, retain): the bifurcation density image (density.ts),
// the colour indices of a basin map, one byte a lane (colors.ts), and, when retained, the GPU buffers they live
// in, so a WebGPU canvas draws them without a readback and a hover reads back one lane.
import type { Plan } from '../plan/plan.js';
import type { EndPass } from '../run/tile.js';
import { ColorPass } from './colors.js';
import { densityPass, type DensityPass } from './density.js';
import type { Density, RetainedPicture, RunResult } from './result-types.js';

export type ReadMode = 'lanes' | 'color' | 'none';

export class RunPicture {
  readonly endPasses: EndPass[];
  /** The retained picture (RunOptions.retain), the same object while tiles arrive and in the result. */
  readonly gpu: RetainedPicture | undefined;

  private constructor(
    private readonly device: GPUDevice,
    private readonly plan: Plan,
    private readonly read: ReadMode,
    private readonly retain: boolean,
    private readonly density: DensityPass | undefined,
    private readonly colors: ColorPass | undefined,
  ) {
    this.endPasses = [density?.pass, colors?.pass].filter((p): p is EndPass => !!p);
    this.gpu = retain ? this.retained() : undefined;
  }

  /**
   * After a tile of a retained run: the colour indices of every lane so far (lanes not computed yet are
   * PENDING, drawn transparent), so a canvas can draw the map while it fills in.
   */
  async afterTile(): Promise<void> {
    if (this.retain && this.colors && this.read === 'color') await this.colors.finish(false, true);
  }

  /**
   * The end passes a run needs: the density for a bifurcation figure; the colour pass for read 'color', or to
   * retain per-lane classes for one-lane readbacks.
   */
  static async create(
    device: GPUDevice,
    plan: Plan,
    optHyper: { words: number; lrWord: number },
    read: ReadMode,
    retain: boolean,
  ): Promise<RunPicture> {
    const figure = plan.spec.figure;
    const density =
      figure?.kind === 'bifurcation' ? await densityPass(device, plan, figure, optHyper) : undefined;
    // Any run that reads no lanes back counts its classes on the GPU (colors.ts), for a summary or a table.
    const colors =
      read !== 'lanes' || retain
        ? await ColorPass.create(device, plan, figure?.kind === 'basin' ? figure.colorBy : 'class', optHyper)
        : undefined;
    return new RunPicture(device, plan, read, retain, density, colors);
  }

  /** The density so far (after a tile, for progressive drawing). */
  densitySoFar(): Promise<Density> | undefined {
    return this.density?.finish();
  }

  /** After the last tile: the density, the colour indices (read 'color') and the retained buffers. */
  async finish(result: RunResult): Promise<void> {
    // Retained for a canvas: the picture stays on the GPU, nothing comes back to draw it.
    if (this.density && !(this.retain && this.read === 'none')) result.density = await this.density.finish();
    if (this.colors) {
      const c = await this.colors.finish(
        this.read === 'color' && !this.retain,
        this.read === 'color' || this.retain,
      );
      result.colorScale = c.scale;
      result.classCounts = c.classCounts;
      if (c.colors.length) result.colors = c.colors;
    }
    if (this.gpu) result.gpu = this.gpu;
  }

  private retained(): RetainedPicture {
    const d = this.device;
    const lanes = this.plan.range.end - this.plan.range.first;
    const colors = this.colors;
    const density = this.density;
    let released = false;
    const read = async (src: GPUBuffer, offset: number, bytes: number): Promise<ArrayBuffer> => {
      if (released) throw new Error('[eos-lab] this picture was released');
      const staging = d.createBuffer({
        label: `${this.plan.model.name}.picture.readback`,
        size: Math.max(4, bytes),
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      try {
        const enc = d.createCommandEncoder({ label: `${this.plan.model.name}.picture.readEncoder` });
        enc.copyBufferToBuffer(src, offset, staging, 0, bytes);
        d.queue.submit([enc.finish()]);
        await staging.mapAsync(GPUMapMode.READ, 0, bytes);
        return staging.getMappedRange(0, bytes).slice(0);
      } finally {
        staging.destroy();
      }
    };
    return {
      device: d,
      lanes,
      colors: colors?.buffers.colors,
      density: density?.image,
      columns: density?.columns ?? 0,
      bins: density?.bins ?? 0,
      get densityRange() {
        return density?.range();
      },
      async lane(lane: number) {
        const b = colors!.buffers;
        const [code, value, lyap] = await Promise.all([
          read(b.codes, 4 * lane, 4),
          read(b.values, 4 * lane, 4),
          read(b.lyapunov, 4 * lane, 4),
        ]);
        const word = new Uint32Array(code)[0]! - 1;
        return {
          kind: word & 0xff,
          period: word >>> 8,
          value: new Float32Array(value)[0]!,
          lyapunov: new Float32Array(lyap)[0]!,
        };
      },
      async codes() {
        const words = new Uint32Array(await read(colors!.buffers.codes, 0, 4 * lanes));
        for (let i = 0; i < words.length; i++) words[i] = words[i]! - 1;
        return words;
      },
      async colorIndices() {
        const words = await read(colors!.buffers.colors, 0, 4 * Math.ceil(lanes / 4));
        return new Uint8Array(words, 0, lanes);
      },
      release: () => {
        if (released) return;
        released = true;
        colors?.destroy();
        density?.destroy();
      },
    };
  }

  /**
   * Frees what the run made, except what a retained result keeps (its `release` frees that); all of it when the
   * run failed.
   */
  destroy(failed = false): void {
    if (this.retain && !failed) return;
    this.colors?.destroy();
    this.density?.destroy();
  }
}
