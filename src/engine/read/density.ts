// The bifurcation density as end passes: samples of the figure's observable are binned on the GPU into one
// image shared by all tiles (shaders/common/histogram.wgsl); an automatic range comes from a GPU min/max
// (shaders/common/minmax.wgsl) and therefore needs the whole sweep in one tile.
import { withErrorScopes } from '../../gpu/device.js';
import { getKernel } from '../../gpu/kernel.js';
import { SpecError } from '../../spec/errors.js';
import { figureObservable } from '../../spec/sections.js';
import type { FigureSpec } from '../../spec/types.js';
import { recordOverrides } from '../plan/lane-rows.js';
import { LanePass, storageBuffer } from '../run/passes.js';
import { WORKGROUP_SIZE, type Plan, type Tile } from '../plan/plan.js';
import type { Density } from './result.js';
import { shaderFile } from '../plan/sources.js';
import type { EndPass } from '../run/tile.js';

/** f32 from the order-preserving u32 key of minmax.wgsl (and color_range.wgsl). */
export function fromKey(key: number): number {
  const bits = key & 0x80000000 ? key & 0x7fffffff : ~key >>> 0;
  return new Float32Array(new Uint32Array([bits]).buffer)[0] as number;
}

export interface DensityPass {
  pass: EndPass;
  /** Reads the image back (after the last tile; or after any, for progressive drawing). */
  finish(): Promise<Density>;
  /** The image on the GPU, u32 counts[bin * columns + column]. */
  image: GPUBuffer;
  columns: number;
  bins: number;
  /** The bin range (log10 units when log), once known. */
  range(): { lo: number; hi: number; log: boolean } | undefined;
  destroy(): void;
}

export async function densityPass(
  device: GPUDevice,
  plan: Plan,
  figure: FigureSpec,
  optHyper: { words: number; lrWord: number },
): Promise<DensityPass> {
  if (figure.range === 'auto' && plan.tiles.length > 1) {
    throw new SpecError(
      'figure.range',
      `'auto' needs the whole sweep in one tile (${plan.lanes} lanes; ${plan.tileLanes} fit in one here): give [lo, hi]`,
    );
  }
  const columns = plan.axes[0]?.values.length ?? 1;
  const obs = figureObservable(figure);
  const row = plan.spec.record.observables.indexOf(obs);
  const byLr = Number(figure.observable === 'kappa');
  const log = figure.scale === 'log';
  const constants = {
    ...recordOverrides(plan.spec.record.observables),
    WG: WORKGROUP_SIZE,
    HYPER_WORDS: optHyper.words,
    LR_WORD: optHyper.lrWord,
  };
  const kernel = (name: string) =>
    getKernel(device, {
      label: `${plan.model.name}.${name}`,
      files: [shaderFile(`common/${name}.wgsl`)],
      entry: name,
      layoutConstants: constants,
    });
  const [hist, minmax] = await Promise.all([kernel('histogram'), kernel('minmax')]);
  const image = storageBuffer(device, `${plan.model.name}.histogram.image`, 4 * columns * figure.bins);
  const counts = storageBuffer(device, `${plan.model.name}.histogram.counts`, 16);
  const keys = storageBuffer(device, `${plan.model.name}.minmax.keys`, 8);
  // Staging buffers made once per run, on first use (a per-tile density reads the image after every tile).
  const staging = new Map<string, GPUBuffer>();
  const read = (bytes: number, label: string) => {
    let b = staging.get(label);
    if (!b) {
      b = device.createBuffer({
        label,
        size: bytes,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      staging.set(label, b);
    }
    return b;
  };
  let range: [number, number] | undefined =
    figure.range === 'auto'
      ? undefined
      : log
        ? [Math.log10(figure.range[0]), Math.log10(figure.range[1])]
        : figure.range;
  let passes: { hist: LanePass; minmax: LanePass } | undefined;
  const slots = plan.recordSteps.length;
  const lo = () => (range as [number, number])[0];
  const hi = () => (range as [number, number])[1];

  const pass: EndPass = async (tile: Tile, buffers, later) => {
    const lane = { status: buffers.status!, record: buffers.record!, optHyper: buffers.optHyper! };
    passes ??= {
      hist: new LanePass(device, {
        kernel: hist,
        buffers: { ...lane, image, counts },
        uniforms: (t) => ({
          lanes: t.count,
          laneOffset: t.offset,
          columns,
          slots,
          row,
          bins: figure.bins,
          logScale: Number(log),
          byLr,
          lo: lo(),
          hi: hi(),
        }),
      }),
      minmax: new LanePass(device, {
        kernel: minmax,
        buffers: { ...lane, keys },
        uniforms: (t) => ({ lanes: t.count, slots, row, logScale: Number(log), byLr }),
      }),
    };
    const p = passes;
    if (!range) {
      const keysBack = read(8, `${plan.model.name}.minmax.keysReadback`);
      await withErrorScopes(device, `${plan.model.name}.minmax`, () => {
        device.queue.writeBuffer(keys, 0, new Uint32Array([0xffffffff, 0]));
        const enc = device.createCommandEncoder({ label: `${plan.model.name}.minmax.encoder` });
        p.minmax.encode(enc, tile);
        enc.copyBufferToBuffer(keys, 0, keysBack, 0, 8);
        device.queue.submit([enc.finish()]);
      });
      await keysBack.mapAsync(GPUMapMode.READ);
      const [kmin, kmax] = new Uint32Array(keysBack.getMappedRange().slice(0));
      keysBack.unmap();
      let a = kmax === 0 ? 0 : fromKey(kmin as number);
      let b = kmax === 0 ? 1 : fromKey(kmax as number);
      if (log) [a, b] = [Math.log10(a), Math.log10(b)];
      // An empty or single-valued range is widened so every sample still lands in a bin.
      const pad = b > a ? 1e-6 * (b - a) : Math.max(1e-6, 1e-3 * Math.abs(a));
      range = [a - pad, b + pad];
    }
    later.push(
      withErrorScopes(device, `${plan.model.name}.histogram`, () => {
        const enc = device.createCommandEncoder({ label: `${plan.model.name}.histogram.encoder` });
        p.hist.encode(enc, tile);
        device.queue.submit([enc.finish()]);
      }),
    );
  };

  return {
    pass,
    image,
    columns,
    bins: figure.bins,
    range: () => (range ? { lo: lo(), hi: hi(), log } : undefined),
    async finish(): Promise<Density> {
      const bytes = 4 * columns * figure.bins;
      const a = read(bytes, `${plan.model.name}.histogram.imageReadback`);
      const c = read(16, `${plan.model.name}.histogram.countsReadback`);
      const enc = device.createCommandEncoder({ label: `${plan.model.name}.histogram.readEncoder` });
      enc.copyBufferToBuffer(image, 0, a, 0, bytes);
      enc.copyBufferToBuffer(counts, 0, c, 0, 16);
      device.queue.submit([enc.finish()]);
      await Promise.all([a.mapAsync(GPUMapMode.READ), c.mapAsync(GPUMapMode.READ)]);
      const img = new Uint32Array(a.getMappedRange().slice(0));
      const cnt = new Uint32Array(c.getMappedRange().slice(0));
      a.unmap();
      c.unmap();
      return {
        observable: figure.observable,
        columns,
        bins: figure.bins,
        lo: range ? lo() : 0,
        hi: range ? hi() : 1,
        log,
        counts: img,
        outOfRange: cnt[0] as number,
        nonFinite: cnt[1] as number,
        diverged: cnt[2] as number,
      };
    },
    destroy() {
      for (const b of [image, counts, keys, ...staging.values()]) b.destroy();
      passes?.hist.destroy();
      passes?.minmax.destroy();
    },
  };
}
