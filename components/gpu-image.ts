// The figure's image drawn where it was computed: a WebGPU canvas in uPlot's under-layer (beneath its axes and
// grid), painted from a retained picture by src/views/paint.ts. The elements use it whenever the page has
// WebGPU and the picture fits the memory cap; otherwise they draw a 2-D canvas from data read back.
import type uPlot from 'uplot';
import type { RetainedPicture } from '../src/engine/read/result-types.js';
import { PicturePainter, type PaintSource } from '../src/views/paint.js';
export type { PaintSource };

/** GPU memory a retained basin picture holds a lane (class word, value, exponent, colour index). */
export const RETAINED_BYTES_PER_LANE = 13;
/** Pictures past this many bytes are read back (one byte a lane) and drawn on a 2-D canvas instead. */
export const RETAIN_CAP_BYTES = 256 * 2 ** 20;

/** Whether a figure of `lanes` lanes is drawn on the GPU on this page. */
export function drawsOnGpu(lanes: number): boolean {
  const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
  return !!gpu && lanes * RETAINED_BYTES_PER_LANE <= RETAIN_CAP_BYTES;
}

const painters = new WeakMap<GPUDevice, PicturePainter>();

/**
 * The WebGPU canvas under a plot's axes (made once per plot): the figure's image, or (`coarse`) the coarse
 * picture a progressive figure shows first, beneath it, showing through the lanes not computed yet.
 */
export function imageCanvas(plot: uPlot, coarse = false): HTMLCanvasElement {
  const name = coarse ? 'gpu-image gpu-coarse' : 'gpu-image';
  let c = plot.under.querySelector(coarse ? 'canvas.gpu-coarse' : 'canvas.gpu-image:not(.gpu-coarse)');
  if (!c) {
    c = document.createElement('canvas');
    c.className = name;
    if (coarse) plot.under.prepend(c);
    else plot.under.append(c);
  }
  return c as HTMLCanvasElement;
}

/** Removes a plot's coarse picture (the refined one is complete). */
export function clearCoarse(plot: uPlot | undefined): void {
  plot?.under.querySelector('canvas.gpu-coarse')?.remove();
}

/**
 * Paints a retained picture under a plot (the same painter, kernels and buffers for every paint on a device).
 * @example
 * await paintUnder(plot, result.gpu!, { kind: 'colors', width: 256, height: 256, by: 'class' });
 */
export async function paintUnder(
  plot: uPlot,
  picture: RetainedPicture,
  source: PaintSource,
  coarse = false,
): Promise<void> {
  let painter = painters.get(picture.device);
  if (!painter) painters.set(picture.device, (painter = new PicturePainter(picture.device)));
  await painter.paint(imageCanvas(plot, coarse), picture, source);
}

/**
 * The figure as one 2-D canvas: the GPU image painted afresh and drawn at once (a WebGPU canvas's image is gone
 * once presented), then the axes uPlot draws over it. Exports and checks read it.
 * @example
 * const png = (await snapshotUnder(plot, gpu, source)).toDataURL();
 */
export async function snapshotUnder(
  plot: uPlot,
  picture: RetainedPicture | undefined,
  source: PaintSource | undefined,
): Promise<HTMLCanvasElement> {
  const axes = plot.ctx.canvas;
  const out = document.createElement('canvas');
  [out.width, out.height] = [axes.width, axes.height];
  const g = out.getContext('2d')!;
  if (picture && source) {
    await paintUnder(plot, picture, source);
    const gpu = imageCanvas(plot);
    const { left, top, width, height } = plot.bbox;
    g.imageSmoothingEnabled = false;
    g.drawImage(gpu, left, top, width, height);
  }
  g.drawImage(axes, 0, 0);
  return out;
}

/**
 * The image alone at one pixel a lane or cell, as a 2-D canvas: painted afresh on the GPU and copied at once, or
 * the 2-D canvas the fallback path drew (`drawn`).
 */
export async function imageAlone(
  plot: uPlot | undefined,
  picture: RetainedPicture | undefined,
  source: PaintSource | undefined,
  drawn: CanvasImageSource | undefined,
): Promise<HTMLCanvasElement | undefined> {
  let from: CanvasImageSource | undefined = drawn;
  if (plot && picture && source) {
    await paintUnder(plot, picture, source);
    from = imageCanvas(plot);
  }
  if (!from) return undefined;
  const src = from as HTMLCanvasElement;
  const out = document.createElement('canvas');
  [out.width, out.height] = [src.width, src.height];
  out.getContext('2d')!.drawImage(src, 0, 0);
  return out;
}
