// A figure's zoom (issue 20): a sub-window of the sweep axes recomputed at full resolution (zoomSpec; double
// precision past float32's floor, a warning where even that cannot resolve it), its depth against the element's
// own window (the badge), the URL's copy of it (zoom-url.ts, a reactive controller), and a zoom movie into a
// clicked lane (zoomPath: frame 1 the element's own window, the last `depth` times as wide, recorded by
// zoom-movie.ts). The element (base.ts) owns the run and the drawing, and only calls it.
import type { NormalSpec } from '../src/spec/types.js';
import { zoomSpec, type ZoomWindow } from '../src/spec/zoom.js';
import { zoomPath } from '../src/spec/zoom-path.js';
import { checkNumber } from '../src/spec/errors.js';
import { zoomDepth } from './zoom-badge.js';
import type { ZoomMovieOptions } from './zoom-movie.js';
import { ZoomUrlController, type ZoomUrlHost } from './zoom-url.js';
import type { FigureState, SelectDetail } from './figure-types.js';

/** What the controller needs of its element (public members). */
export interface FigureZoomHost extends ZoomUrlHost {
  state: FigureState;
  /** The "Zoom movie" button's last window, relative to the figure's own, and its frame count. */
  movieDepth: number;
  movieFrames: number;
  /** Recomputes the figure, the element's spec edited by `override`. */
  run(override?: (spec: NormalSpec) => NormalSpec): Promise<void>;
  /** The figure as one canvas: a movie's frame. */
  snapshot(): Promise<HTMLCanvasElement | undefined>;
}

/** What it needs of the element's protected side, handed over at construction. */
export interface FigureZoomHooks {
  /** The element's own spec, built and checked (throws SpecError). */
  ownSpec(): NormalSpec;
  /** The spec of the figure on screen (its sweep axes say where a clicked lane sits). */
  shown(): NormalSpec | undefined;
  /** The status line: read (why a frame failed) and written (the movie's progress). */
  message(text?: string): string;
  emit(type: string, detail: unknown): void;
  download(name: string, data: BlobPart, type: string): void;
}

export class FigureZoom {
  private readonly url: ZoomUrlController;
  /** Set while a movie records: its frames are not history entries. */
  recording = false;
  /** The last clicked lane's axis values: where the "Zoom movie" button zooms. */
  movieAt: number[] | undefined;
  /** The zoomed window's magnification against the element's own spec (1 unzoomed). */
  depth = 1;
  /** A note the next completed run appends to its status line (the float32-resolution warning). */
  notice = '';

  constructor(
    private readonly host: FigureZoomHost,
    private readonly hooks: FigureZoomHooks,
  ) {
    this.url = new ZoomUrlController(host);
    host.addEventListener('eos-select', (e) => {
      const values = (e as CustomEvent<SelectDetail>).detail.values;
      if (e.target !== host) return;
      this.movieAt = hooks.shown()?.sweep.map((a) => values[a.path]!);
      host.requestUpdate(); // the movie button appears
    });
  }

  /**
   * Recomputes sub-windows of the sweep axes at full resolution, resolving once drawn (zoomSpec: empty windows
   * are refused, windows finer than float32 can resolve are run but flagged in the status line); `adjust` edits
   * the zoomed spec; `push` records it as a history entry where the zoom is in the URL.
   */
  to(windows: ZoomWindow[], adjust?: (spec: NormalSpec) => void, push = true): Promise<void> {
    if (push && !this.recording) this.url.push(windows);
    return this.host.run((spec) => {
      const z = zoomSpec(spec, windows);
      this.notice = z.warning ?? '';
      adjust?.(z.spec);
      this.depth = zoomDepth(spec, z.spec);
      this.hooks.emit('eos-zoom', { windows, spec: z.spec, precision: z.precision });
      return z.spec;
    });
  }

  /** The zoom the URL holds for this element where it fits the spec (a stale or edited link: undefined). */
  fromUrl(): ZoomWindow[] | undefined {
    const windows = this.url.initial();
    if (!windows) return undefined;
    try {
      zoomSpec(this.hooks.ownSpec(), windows);
      return windows;
    } catch {
      return undefined;
    }
  }

  /** Back to the element's own window, a history entry where the zoom is in the URL. */
  reset(): void {
    this.url.push(undefined);
  }

  /** Records a zoom into a point as a WebM video (EosFigure.recordZoom). */
  async record(options: ZoomMovieOptions): Promise<Blob> {
    // Every window and the rate checked before the first frame (SpecErrors name center.k, depth, frames, fps).
    const frames = zoomPath(this.hooks.ownSpec(), options).map((f) => f.windows);
    const fps = checkNumber('fps', options.fps ?? 10, { min: 1, max: 120 });
    const { recordZoomMovie } = await import('./zoom-movie.js');
    const movieHost = {
      zoomAndDraw: async (windows: ZoomWindow[]) => {
        await this.to(windows);
        if (this.host.state !== 'done')
          throw new Error(`[eos-lab] zoom movie: a frame did not finish (${this.hooks.message()})`);
      },
      snapshot: () => this.host.snapshot(),
    };
    this.recording = true;
    try {
      const video = await recordZoomMovie(movieHost, frames, fps, {
        signal: options.signal,
        onFrame: (frame, count) => {
          this.hooks.emit('eos-movie-frame', { frame, frames: count });
          options.onFrame?.(frame, count);
        },
      });
      // The figure now shows the last frame: one history entry for it.
      this.url.push(frames.at(-1));
      return video;
    } finally {
      this.recording = false;
    }
  }

  /** The "Zoom movie" button: records a zoom into the clicked lane, then offers the video as a download. */
  async movie(): Promise<void> {
    try {
      const video = await this.record({
        center: this.movieAt!,
        depth: this.host.movieDepth,
        frames: this.host.movieFrames,
        onFrame: (frame, frames) => this.hooks.message(`zoom movie: frame ${frame} of ${frames} recorded`),
      });
      this.hooks.emit('eos-movie', { video });
      this.hooks.download(`${this.host.localName}-zoom.webm`, video, 'video/webm');
    } catch (e) {
      this.hooks.message(`zoom movie stopped: ${(e as Error).message}`);
    }
    this.host.requestUpdate(); // the button comes back
  }
}
