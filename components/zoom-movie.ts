// The zoom movie (issue 20, item 4): a figure element zooms into a point frame by frame along
// src/spec/zoom-path.ts (the windows of the CLI's `eos-lab zoom`), each frame drawn at full resolution in the
// precision it needs, and its picture with axes (the element's snapshot()) encoded by WebCodecs into WebM:
// VP9, or VP8 where VP9 cannot be encoded (Debian's chromium has no H.264 encoder; WebM is VP8 / VP9 anywhere).
// mediabunny does the encoder configuration and the container (Output + WebMOutputFormat + CanvasSource, tree-
// shaken); this module is loaded on the first recording, so pages that never record never download it. It
// imports nothing else of the package (the windows come made), so the bundles keep the rest in one file.
import {
  BufferTarget,
  CanvasSource,
  getFirstEncodableVideoCodec,
  Output,
  QUALITY_HIGH,
  WebMOutputFormat,
} from 'mediabunny';
import type { ZoomPathOptions } from '../src/spec/zoom-path.js';
import type { ZoomWindow } from '../src/spec/zoom.js';

export interface ZoomMovieOptions extends ZoomPathOptions {
  /** Frames per second of the video, 1 to 120 (default 10). */
  fps?: number;
  /** Stops the recording between frames (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Called after each frame is encoded (frame counts from 1). */
  onFrame?: (frame: number, frames: number) => void;
}

/** What the recorder needs of a figure element. */
export interface MovieHost {
  /** Runs the figure over these windows; resolves once it is drawn, rejects if it failed or was cancelled. */
  zoomAndDraw(windows: ZoomWindow[]): Promise<void>;
  /** The figure (image under axes) as one 2-D canvas. */
  snapshot(): Promise<HTMLCanvasElement | undefined>;
}

/**
 * Records the figure at each of `frames` (the windows of zoomPath) as a WebM video of `fps` frames a second.
 * @example
 * const windows = zoomPath(spec, { center: [3.0325, 0.4], depth: 1e-9, frames: 60 }).map((f) => f.windows);
 * const blob = await recordZoomMovie(host, windows, 10, {});
 */
export async function recordZoomMovie(
  host: MovieHost,
  frames: readonly ZoomWindow[][],
  fps: number,
  options: Pick<ZoomMovieOptions, 'signal' | 'onFrame'>,
): Promise<Blob> {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  let output: Output | undefined;
  let source: CanvasSource | undefined;
  const target = new BufferTarget();
  try {
    for (const [i, windows] of frames.entries()) {
      options.signal?.throwIfAborted();
      await host.zoomAndDraw(windows);
      const shot = await host.snapshot();
      if (!shot) throw new Error('[eos-lab] zoom movie: the figure drew nothing to record');
      if (!output) {
        // Even sizes: VP8 and VP9 code 4:2:0 chroma in 2 x 2 blocks.
        canvas.width = Math.max(2, shot.width & ~1);
        canvas.height = Math.max(2, shot.height & ~1);
        const size = { width: canvas.width, height: canvas.height };
        const codec = await getFirstEncodableVideoCodec(['vp9', 'vp8'], size);
        if (!codec)
          throw new Error('[eos-lab] zoom movie: this browser cannot encode VP9 or VP8 (WebCodecs)');
        output = new Output({ format: new WebMOutputFormat(), target });
        source = new CanvasSource(canvas, { codec, quality: QUALITY_HIGH });
        output.addVideoTrack(source, { frameRate: fps });
        await output.start();
      }
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(shot, 0, 0, canvas.width, canvas.height);
      await source!.add(i / fps, 1 / fps);
      options.onFrame?.(i + 1, frames.length);
    }
    await output!.finalize();
  } catch (e) {
    if (output && output.state !== 'finalized' && output.state !== 'canceled') await output.cancel();
    throw e;
  }
  return new Blob([target.buffer!], { type: 'video/webm' });
}
