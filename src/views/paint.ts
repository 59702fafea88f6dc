// A figure's image drawn where it was computed: a retained picture (RunOptions.retain) painted by a small GPU
// pass (shaders/common/paint.wgsl; density_max.wgsl for a density's shade) into a pixel buffer and copied onto
// a WebGPU canvas's texture. Nothing comes back to the host to draw a figure.
import { getKernel, type Kernel } from '../gpu/kernel.js';
import type { RetainedPicture } from '../engine/read/result-types.js';
import { shaderFile } from '../engine/plan/sources.js';
import { LanePass, storageBuffer } from '../engine/run/passes.js';
import { WORKGROUP_SIZE } from '../engine/plan/plan.js';
import type { ColorBy } from '../spec/types.js';
import { indexPalette, viridisStops } from './palette.js';

/** What to paint: a basin map's colour indices (width x height lanes) or the density image. */
export type PaintSource =
  | { kind: 'colors'; width: number; height: number; by: ColorBy }
  /** `clear`: empty cells transparent (a progressive figure's coarse picture shows through them). */
  | { kind: 'density'; clear?: boolean };

/**
 * Paints retained pictures onto WebGPU canvases (one painter per device; its kernels are cached per device).
 * @example
 * const painter = new PicturePainter(result.gpu!.device);
 * await painter.paint(canvas, result.gpu!, { kind: 'colors', width: 256, height: 256, by: 'class' });
 */
export class PicturePainter {
  private kernels: Promise<{ paint: Kernel; max: Kernel }> | undefined;
  private pixels: GPUBuffer | undefined;
  private readonly palette: GPUBuffer;
  private readonly top: GPUBuffer;
  /** The passes bound to one source buffer (and the current pixel buffer): made once, reused every paint. */
  private passes = new WeakMap<GPUBuffer, { paint: LanePass; max: LanePass }>();
  private readonly made: LanePass[] = [];

  constructor(readonly device: GPUDevice) {
    this.palette = storageBuffer(device, 'figure.paint.palette', 4 * 256);
    this.top = storageBuffer(device, 'figure.paint.top', 16);
  }

  private load() {
    const kernel = (name: string) =>
      getKernel(this.device, {
        label: `figure.${name}`,
        files: [shaderFile(`common/${name}.wgsl`)],
        entry: name,
        layoutConstants: { WG: WORKGROUP_SIZE },
      });
    this.kernels ??= Promise.all([kernel('paint'), kernel('density_max')]).then(([paint, max]) => ({
      paint,
      max,
    }));
    return this.kernels;
  }

  /** The pixel buffer, kept while the image keeps its size. */
  private pixelBuffer(bytes: number): GPUBuffer {
    if (!this.pixels || this.pixels.size < bytes) {
      this.pixels?.destroy();
      this.pixels = storageBuffer(this.device, 'figure.paint.pixels', bytes);
      this.passes = new WeakMap();
    }
    return this.pixels;
  }

  /**
   * Paints `source` of `picture` onto `canvas` (sized to the image, one pixel a lane or cell; none: the pixels
   * only) and returns the pixel buffer's words (RGBA, row 0 at the top) when `readBack` (tests compare them
   * with the 2-D canvas's).
   */
  async paint(
    canvas: HTMLCanvasElement | OffscreenCanvas | undefined,
    picture: RetainedPicture,
    source: PaintSource,
    readBack = false,
  ): Promise<Uint32Array | undefined> {
    const d = this.device;
    const kernels = await this.load();
    const [width, height] =
      source.kind === 'colors' ? [source.width, source.height] : [picture.columns, picture.bins];
    const input = source.kind === 'colors' ? picture.colors : picture.density;
    if (!input || width * height === 0) return undefined;
    const rowWords = Math.ceil(width / 64) * 64;
    const bytes = 4 * rowWords * height;
    const pixels = this.pixelBuffer(bytes);
    let bound = this.passes.get(input);
    if (!bound) {
      bound = {
        paint: new LanePass(d, {
          kernel: kernels.paint,
          buffers: { source: input, palette: this.palette, top: this.top, pixels },
          uniforms: () => ({ width, height, rowWords, mode: 0 }),
        }),
        max: new LanePass(d, {
          kernel: kernels.max,
          buffers: { counts: input, top: this.top },
          uniforms: (t) => ({ cells: t.count }),
        }),
      };
      this.made.push(bound.paint, bound.max);
      this.passes.set(input, bound);
    }
    d.queue.writeBuffer(this.palette, 0, source.kind === 'colors' ? indexPalette(source.by) : viridisStops());
    const enc = d.createCommandEncoder({ label: 'figure.paint.encoder' });
    const cells = { offset: 0, count: width * height };
    if (source.kind === 'density') {
      enc.clearBuffer(this.top);
      bound.max.encode(enc, cells);
    }
    const mode = source.kind === 'colors' ? 0 : source.clear ? 2 : 1;
    bound.paint.encode(enc, cells, { width, height, rowWords, mode });
    if (canvas) {
      if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
      const ctx = canvas.getContext('webgpu') as GPUCanvasContext;
      ctx.configure({
        device: d,
        format: 'rgba8unorm',
        usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.RENDER_ATTACHMENT,
        alphaMode: 'premultiplied',
      });
      enc.copyBufferToTexture(
        { buffer: pixels, bytesPerRow: 4 * rowWords, rowsPerImage: height },
        { texture: ctx.getCurrentTexture() },
        [width, height],
      );
    }
    let staging: GPUBuffer | undefined;
    if (readBack) {
      staging = d.createBuffer({
        label: 'figure.paint.readback',
        size: bytes,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      enc.copyBufferToBuffer(pixels, 0, staging, 0, bytes);
    }
    d.queue.submit([enc.finish()]);
    if (!staging) return undefined;
    await staging.mapAsync(GPUMapMode.READ);
    const words = new Uint32Array(staging.getMappedRange().slice(0));
    staging.destroy();
    const out = new Uint32Array(width * height);
    for (let y = 0; y < height; y++) out.set(words.subarray(y * rowWords, y * rowWords + width), y * width);
    return out;
  }

  destroy(): void {
    for (const p of this.made) p.destroy();
    for (const b of [this.pixels, this.palette, this.top]) b?.destroy();
  }
}
