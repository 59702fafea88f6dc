// One byte a lane for a figure (RunOptions.read 'color'). Per tile, summarize.wgsl copies each lane's class
// word and the colouring's value into run-wide GPU buffers; after the last tile the global statistics come
// from GPU reductions (color_range.wgsl, and rank_histogram.wgsl for the measure's ranks), colorize.wgsl writes
// the colour indices, and only those come back: one byte a lane, through one staging buffer. The run-wide
// buffers can stay on the GPU for a canvas to draw from (RunOptions.retain).
import { withErrorScopes } from '../../gpu/device.js';
import { getKernel, type Kernel } from '../../gpu/kernel.js';
import { MAX_PERIOD } from '../../spec/sections.js';
import type { ColorBy } from '../../spec/types.js';
import { CLASSES, latestOverrides } from '../plan/lane-rows.js';
import { WORKGROUP_SIZE, type Plan, type Tile } from '../plan/plan.js';
import { shaderFile } from '../plan/sources.js';
import { LanePass, stagingBuffer, storageBuffer } from '../run/passes.js';
import type { EndPass } from '../run/tile.js';
import { fromKey } from './density.js';

/** The colourings, in the order of the WGSL override COLOR_BY. */
const COLOR_CODE: Record<ColorBy, number> = { class: 0, period: 1, escape: 2, measure: 3, kappa: 4 };

/**
 * Histogram bins per sign that rank the measure (rank_histogram.wgsl): 2^18, so values 1e-4 apart (relative) over
 * a range of 2^17 land in different bins; 2 MB to read back and 2 MB of rank fractions to write, per run.
 */
export const RANK_BINS = 262_144;

/** Slots of the class counts: every class x periods 0..MAX_PERIOD. */
const CLASS_SLOTS = CLASSES.length * (MAX_PERIOD + 1);

/** What a colour index means: the colouring and the value range its indices 0..253 span (period, escape, kappa). */
export interface ColorScale {
  by: ColorBy;
  lo: number;
  hi: number;
}

/** The run-wide GPU buffers of a coloured run (kept with RunOptions.retain). */
export interface ColorBuffers {
  /** Colour indices, four lanes a u32 word (colorize.wgsl). */
  colors: GPUBuffer;
  /** Class words + 1 per lane (0: not computed yet). */
  codes: GPUBuffer;
  values: GPUBuffer;
  lyapunov: GPUBuffer;
}

export class ColorPass {
  readonly buffers: ColorBuffers;
  readonly pass: EndPass;
  private readonly lanes: number;
  private readonly ranks: GPUBuffer;
  private readonly keys: GPUBuffer;
  private readonly counts: GPUBuffer;
  private readonly classes: GPUBuffer;
  private readonly passes: LanePass[] = [];

  private constructor(
    private readonly device: GPUDevice,
    private readonly plan: Plan,
    private readonly by: ColorBy,
    private readonly kernels: Record<'summarize' | 'range' | 'rank' | 'colorize' | 'counts', Kernel>,
  ) {
    const label = `${plan.model.name}.colors`;
    this.lanes = plan.range.end - plan.range.first;
    const n = this.lanes;
    this.buffers = {
      codes: storageBuffer(device, `${label}.codes`, 4 * n),
      values: storageBuffer(device, `${label}.values`, 4 * n),
      lyapunov: storageBuffer(device, `${label}.lyapunov`, 4 * n),
      colors: storageBuffer(device, `${label}.colors`, 4 * Math.ceil(n / 4)),
    };
    this.ranks = storageBuffer(device, `${label}.ranks`, 8 * RANK_BINS);
    this.keys = storageBuffer(device, `${label}.keys`, 24);
    this.counts = storageBuffer(device, `${label}.rankCounts`, 8 * RANK_BINS);
    this.classes = storageBuffer(device, `${label}.classCounts`, 4 * CLASS_SLOTS);
    // Bound on the first tile, to the tile runner's lane buffers.
    let bound: LanePass | undefined;
    this.pass = async (tile: Tile, lane: Record<string, GPUBuffer>, later: Promise<void>[]) => {
      bound ??= this.track(
        new LanePass(device, {
          kernel: kernels.summarize,
          buffers: {
            status: lane.status!,
            latest: lane.latest!,
            classes: lane.classes!,
            optHyper: lane.optHyper!,
            codes: this.buffers.codes,
            values: this.buffers.values,
            lyapunov: this.buffers.lyapunov,
          },
          uniforms: (t) => ({ lanes: t.count, laneOffset: t.offset - plan.range.first }),
        }),
      );
      const pass = bound;
      later.push(
        withErrorScopes(device, `${label}.summarize`, () => {
          const enc = device.createCommandEncoder({ label: `${label}.summarizeEncoder` });
          pass.encode(enc, tile);
          device.queue.submit([enc.finish()]);
        }),
      );
    };
  }

  /**
   * The colour pass of a run colouring lanes `by` (its kernels compiled and cached on the device).
   * @example
   * const colors = await ColorPass.create(device, plan, 'class', { words, lrWord });
   */
  static async create(
    device: GPUDevice,
    plan: Plan,
    by: ColorBy,
    optHyper: { words: number; lrWord: number },
  ): Promise<ColorPass> {
    const constants = {
      ...latestOverrides(),
      WG: WORKGROUP_SIZE,
      COLOR_BY: COLOR_CODE[by],
      HYPER_WORDS: optHyper.words,
      LR_WORD: optHyper.lrWord,
      RANK_BINS,
      MAX_PERIOD,
    };
    const kernel = (file: string, entry: string) =>
      getKernel(device, {
        label: `${plan.model.name}.${entry}`,
        files: [shaderFile(`common/${file}.wgsl`)],
        entry,
        layoutConstants: constants,
      });
    const [summarize, range, rank, colorize, counts] = await Promise.all([
      kernel('summarize', 'summarize'),
      kernel('color_range', 'color_range'),
      kernel('rank_histogram', 'rank_histogram'),
      kernel('colorize', 'colorize'),
      kernel('class_counts', 'class_counts'),
    ]);
    return new ColorPass(device, plan, by, { summarize, range, rank, colorize, counts });
  }

  private track(p: LanePass): LanePass {
    this.passes.push(p);
    return p;
  }

  /** Copies `bytes` of `src` out through a staging buffer made once and returns its words. */
  private async readWords(src: GPUBuffer, bytes: number, label: string): Promise<Uint32Array> {
    const staging = stagingBuffer(this.device, `${this.plan.model.name}.colors.${label}Readback`, bytes);
    try {
      const enc = this.device.createCommandEncoder({ label: `${this.plan.model.name}.colors.${label}Read` });
      enc.copyBufferToBuffer(src, 0, staging, 0, bytes);
      this.device.queue.submit([enc.finish()]);
      await staging.mapAsync(GPUMapMode.READ, 0, bytes);
      return new Uint32Array(staging.getMappedRange(0, bytes).slice(0));
    } finally {
      staging.destroy();
    }
  }

  /**
   * After the last tile: the class counts, then (unless `paint` is false) the reductions and the colour
   * indices, and (unless `read` is false) the indices back in lane order, one byte a lane.
   */
  async finish(
    read = true,
    paint = true,
  ): Promise<{ colors: Uint8Array; scale: ColorScale; classCounts: Uint32Array }> {
    const d = this.device;
    const label = `${this.plan.model.name}.colors`;
    const all: Tile = { offset: 0, count: this.lanes };
    const classCounts = await this.countClasses(all);
    if (!paint) return { colors: new Uint8Array(0), scale: { by: this.by, lo: 0, hi: 1 }, classCounts };
    const global = this.by !== 'class';
    let scale: ColorScale = { by: this.by, lo: 0, hi: 1 };
    const ranges = { negLo: 0, negHi: 1, posLo: 0, posHi: 1 };
    if (global) {
      const range = this.track(
        new LanePass(d, {
          kernel: this.kernels.range,
          buffers: { values: this.buffers.values, keys: this.keys },
          uniforms: (t) => ({ lanes: t.count }),
        }),
      );
      await withErrorScopes(d, `${label}.range`, () => {
        d.queue.writeBuffer(this.keys, 0, new Uint32Array([0xffffffff, 0, 0xffffffff, 0, 0xffffffff, 0]));
        const enc = d.createCommandEncoder({ label: `${label}.rangeEncoder` });
        range.encode(enc, all);
        d.queue.submit([enc.finish()]);
      });
      const keys = await this.readWords(this.keys, 24, 'keys');
      const value = (k: number, empty: number) => (keys[k + 1] === 0 ? empty : fromKey(keys[k]!));
      const top = (k: number, empty: number) => (keys[k + 1] === 0 ? empty : fromKey(keys[k + 1]!));
      if (this.by === 'measure') {
        Object.assign(ranges, { negLo: value(2, 0), negHi: top(2, 1), posLo: value(4, 0), posHi: top(4, 1) });
        await this.rankTable(ranges, all);
        scale = { by: 'measure', lo: -1, hi: 1 };
      } else {
        const lo = value(0, 0);
        const hi = top(0, 1);
        scale = { by: this.by, lo, hi: hi > lo ? hi : lo + 1 };
      }
    }
    const colorize = this.track(
      new LanePass(d, {
        kernel: this.kernels.colorize,
        buffers: {
          codes: this.buffers.codes,
          values: this.buffers.values,
          colors: this.buffers.colors,
          ranks: this.ranks,
        },
        uniforms: () => ({ lanes: this.lanes, lo: scale.lo, hi: scale.hi, ...ranges }),
      }),
    );
    await withErrorScopes(d, `${label}.colorize`, () => {
      const enc = d.createCommandEncoder({ label: `${label}.colorizeEncoder` });
      colorize.encode(enc, { offset: 0, count: Math.ceil(this.lanes / 4) });
      d.queue.submit([enc.finish()]);
    });
    if (!read) return { colors: new Uint8Array(0), scale, classCounts };
    const words = await this.readWords(this.buffers.colors, 4 * Math.ceil(this.lanes / 4), 'colors');
    return { colors: new Uint8Array(words.buffer, 0, this.lanes), scale, classCounts };
  }

  /** Lanes per class and period (class_counts.wgsl): counts[kind * (MAX_PERIOD + 1) + period]. */
  private async countClasses(all: Tile): Promise<Uint32Array> {
    const d = this.device;
    const count = this.track(
      new LanePass(d, {
        kernel: this.kernels.counts,
        buffers: { codes: this.buffers.codes, counts: this.classes },
        uniforms: (t) => ({ lanes: t.count }),
      }),
    );
    await withErrorScopes(d, `${this.plan.model.name}.classCounts`, () => {
      const enc = d.createCommandEncoder({ label: `${this.plan.model.name}.classCountsEncoder` });
      enc.clearBuffer(this.classes);
      count.encode(enc, all);
      d.queue.submit([enc.finish()]);
    });
    return this.readWords(this.classes, 4 * CLASS_SLOTS, 'classCounts');
  }

  /** The measure's rank fractions per (sign, bin), from a GPU histogram of log2 |v| (rank_histogram.wgsl). */
  private async rankTable(ranges: Record<string, number>, all: Tile): Promise<void> {
    const d = this.device;
    const label = `${this.plan.model.name}.colors`;
    const rank = this.track(
      new LanePass(d, {
        kernel: this.kernels.rank,
        buffers: { values: this.buffers.values, counts: this.counts },
        uniforms: (t) => ({ lanes: t.count, ...ranges }),
      }),
    );
    await withErrorScopes(d, `${label}.rank`, () => {
      const enc = d.createCommandEncoder({ label: `${label}.rankEncoder` });
      enc.clearBuffer(this.counts);
      rank.encode(enc, all);
      d.queue.submit([enc.finish()]);
    });
    const counts = await this.readWords(this.counts, 8 * RANK_BINS, 'rankCounts');
    // A bin's rank fraction: the values below it plus half its own, over the values of that sign, so the
    // smallest and largest land near 0 and 1 as the host's exact ranks do.
    const ranks = new Float32Array(2 * RANK_BINS);
    for (let s = 0; s < 2; s++) {
      let total = 0;
      for (let b = 0; b < RANK_BINS; b++) total += counts[s * RANK_BINS + b]!;
      let below = 0;
      for (let b = 0; b < RANK_BINS; b++) {
        const c = counts[s * RANK_BINS + b]!;
        ranks[s * RANK_BINS + b] = total > 1 ? (below + (c - 1) / 2) / (total - 1) : 0;
        below += c;
      }
    }
    d.queue.writeBuffer(this.ranks, 0, ranks);
  }

  /** Frees the GPU buffers (the run-wide ones too, unless the result keeps them: then `release` later). */
  destroy(keepBuffers = false): void {
    for (const p of this.passes) p.destroy();
    for (const b of [this.ranks, this.keys, this.counts, this.classes]) b.destroy();
    if (!keepBuffers) for (const b of Object.values(this.buffers)) b.destroy();
  }
}
