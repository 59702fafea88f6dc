// What every eos-lab figure element shares: the spec from attributes and the `spec` property, the run through
// the page's controller (start when visible or on click, progress bar, cancel, abort on removal), events,
// the error and no-WebGPU fallback states, and exports. Subclasses say how a spec is built and drawn.
import { LitElement, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { RunOptions } from '../src/engine/engine.js';
import type { RunResult } from '../src/engine/read/result.js';
import type { TileData } from '../src/engine/read/result-types.js';
import { classCounts } from '../src/views/counts.js';
import { rangeText } from '../src/views/ticks.js';
import { WebGPUUnavailableError } from '../src/gpu/errors.js';
import type { ExperimentSpec, NormalSpec } from '../src/spec/types.js';
import { pageController } from './controller.js';
import { drawsOnGpu } from './gpu-image.js';
import { parseSpecAttr, type AttrField } from './spec-attrs.js';
import type { ZoomWindow } from '../src/spec/zoom.js';
import { badgeText } from './zoom-badge.js';
import type { ZoomMovieOptions } from './zoom-movie.js';
import { FigureZoom } from './figure-zoom.js';
import { autoCount } from './auto-size.js';
import { download, exportData, fullResult } from './figure-export.js';
import { propertyName, type ErrorDetail, type FigureState, type ProgressDetail } from './figure-types.js';
import { figureTemplate } from './figure-view.js';
/** Properties the element sets itself while it runs (every other property change re-runs a drawn figure). */
const OUTPUTS = new Set(['state', 'progress', 'message', 'fallbackDrawn', 'badge']);

/**
 * What every eos-lab figure element shares; the elements inherit these attributes, events, parts and custom
 * properties (custom-elements.json lists them on each element).
 * @attr spec - the whole experiment spec as JSON (attributes that are present win over its fields)
 * @attr start - 'visible' (default: run when scrolled into view) or 'click'
 * @attr fallback - URL of a result JSON drawn where WebGPU is missing
 * @attr state - idle | running | done | error | fallback (reflected, for styling)
 * @attr draw - 'auto' (default: the image drawn on the GPU, nothing read back) or 'canvas' (read back, 2-D canvas)
 * @attr progressive - large figures show a coarse picture first and refine it in place (default true)
 * @fires eos-progress - { fraction } while the GPU works
 * @fires eos-coarse - { result } when a progressive figure's coarse picture is drawn (the refined one follows)
 * @fires eos-done - { result } when the figure is complete
 * @fires eos-movie-frame - { frame, frames } after each frame of a zoom movie (recordZoom) is encoded
 * @fires eos-movie - { video } when the "Zoom movie" button's recording is done (a WebM Blob, also downloaded)
 * @fires eos-zoom - { windows, spec, precision } when a zoom starts: the zoomed spec (a page may put it in its URL)
 * @fires eos-error - { message, field } for an invalid attribute or a GPU failure
 * @slot fallback - a static image shown where WebGPU is missing (and to readers without JavaScript)
 * @csspart figure - the whole figure
 * @csspart toolbar - buttons and progress
 * @csspart plot - the plot area (uPlot's axes over the figure's image or lines)
 * @csspart progress - the progress bar
 * @csspart button - every button
 * @csspart run - the Run button
 * @csspart cancel - the Cancel button (while running)
 * @csspart export - the PNG, CSV and JSON download buttons
 * @csspart movie - the "Zoom movie" button (after a lane is clicked: a zoom into it, movie-depth and movie-frames)
 * @csspart message - the status line
 * @csspart badge - the precision and depth of a zoomed or double-precision figure ("double precision · 3.8e10x")
 * @csspart caption - the caption (status line and screen-reader summary)
 * @csspart data - the "Data" table of the result (a details element)
 * @cssprop --eos-ink - text colour, and the axes' lines, ticks and labels (#222)
 * @cssprop --eos-background - background (transparent)
 * @cssprop --eos-font - font shorthand (14px system-ui, sans-serif)
 * @cssprop --eos-accent - progress bar and keyboard-focus outline (#0072b2)
 * @cssprop --eos-plot-height - least height of the plot area (320px)
 * @cssprop --eos-button-ink - button text (inherits the ink)
 * @cssprop --eos-button-background - button background (#f3f3f3)
 * @cssprop --eos-border - button border colour (#bbb)
 * @cssprop --eos-muted - caption text (#555)
 * @cssprop --eos-error - the status line of a failed figure (#b00020)
 */
export abstract class EosFigure extends LitElement {
  static override properties: PropertyDeclarations = {
    spec: { attribute: false },
    specText: { attribute: 'spec' },
    start: { reflect: true },
    draw: {},
    progressive: { type: Boolean },
    zoomUrl: { type: Boolean, attribute: 'zoom-url' },
    movieDepth: { type: Number, attribute: 'movie-depth' },
    movieFrames: { type: Number, attribute: 'movie-frames' },
    fallback: {},
    state: { reflect: true },
    progress: { state: true },
    message: { state: true },
    badge: { state: true },
    fallbackDrawn: { state: true },
  };

  /** The whole experiment spec (attributes that are present win over its fields). */
  spec: Partial<ExperimentSpec> | undefined;
  /** The spec as JSON text (the `spec` attribute). */
  specText: string | null = null;
  /** 'visible' (default): run when scrolled into view; 'click': run when the reader presses Run. */
  start: 'visible' | 'click' = 'visible';
  /** URL of a result JSON (`eos-lab run --out`) drawn where WebGPU is missing. */
  fallback: string | null = null;
  /**
   * 'auto' (default): the image is drawn on the GPU where it was computed (a WebGPU canvas, nothing read back),
   * when the picture fits the memory cap; 'canvas': read back and drawn on a 2-D canvas.
   */
  draw: 'auto' | 'canvas' = 'auto';
  /** Large figures run a coarse picture first, then refine it in place (false: one run). */
  progressive = true;
  /**
   * Keep the zoom in the page's URL (`#<id>=<windows>`, needs an id): a zoom is a history entry, back returns,
   * and the URL opens the same view (zoom-url.ts).
   */
  zoomUrl = false;
  /** The "Zoom movie" button's last window, relative to the figure's own (movie-depth). */
  movieDepth = 1e-6;
  /** The "Zoom movie" button's frame count (movie-frames). */
  movieFrames = 30;
  /** The zoom: its depth, its copy in the URL and the zoom movie (figure-zoom.ts). */
  private readonly zooming = new FigureZoom(this, {
    ownSpec: () => this.buildSpec(this.spec ?? parseSpecAttr(this.specText)),
    shown: () => this.normal,
    message: (text) => (text === undefined ? this.message : (this.message = text)),
    emit: (type, detail) => this.emit(type, detail),
    download: (name, data, type) => this.download(name, data, type),
  });
  state: FigureState = 'idle';
  protected progress = 0;
  protected message = '';
  protected result: RunResult | undefined;
  protected normal: NormalSpec | undefined;
  /** The coarse stage's result while the refined one runs (its picture is released when that one is drawn). */
  private coarseResult: RunResult | undefined;
  /** Precision and depth of the drawn figure (zoom-badge.ts), shown beside the toolbar. */
  protected badge = '';
  /** True once a fallback result JSON is drawn: only then does a fallback show a plot. */
  private fallbackDrawn = false;
  private controller: AbortController | undefined;
  private observer: IntersectionObserver | undefined;

  /** Lit properties for attribute fields ('lr-min' -> lrMin), added to the base's. */
  protected static withFields(fields: readonly AttrField[]): PropertyDeclarations {
    const own = fields.map((f) => [propertyName(f.attr), { attribute: f.attr }]);
    return { ...EosFigure.properties, ...Object.fromEntries(own) };
  }

  /**
   * The current value of each field's property as text (null where unset): an attribute in HTML sets the
   * property, and so does a framework (`el.lrMin = 4`), so the property is what counts.
   */
  protected attrsOf(fields: readonly AttrField[]): Record<string, string | null> {
    const self = this as unknown as Record<string, unknown>;
    return Object.fromEntries(
      fields.map((f) => {
        const v = self[propertyName(f.attr)];
        return [f.attr, v === null || v === undefined ? null : String(v)];
      }),
    );
  }

  /**
   * Recomputes sub-windows of the sweep axes at full resolution, resolving once drawn (figure-zoom.ts); `adjust`
   * edits the zoomed spec; `push` false draws it without a history entry.
   */
  protected zoomTo(windows: ZoomWindow[], adjust?: (spec: NormalSpec) => void, push = true): Promise<void> {
    return this.zooming.to(windows, adjust, push);
  }

  /**
   * Records a zoom into a point as a WebM video (VP9, or VP8): the figure redrawn at each window of
   * zoomPath (frame 1 the element's own window, the last `depth` times as wide, the centre in place; double
   * past float32's floor), its picture with axes a frame. Fires `eos-movie-frame` after each frame.
   * @example
   * const video = await map.recordZoom({ center: [3.0325483975781253, 0.4], depth: 1e-9, frames: 60 });
   * open(URL.createObjectURL(video));
   */
  recordZoom(options: ZoomMovieOptions): Promise<Blob> {
    return this.zooming.record(options);
  }

  /**
   * Lanes per axis for an 'auto' count: the plot's width in device pixels (a map's side), and no more than the
   * GPU finishes in about a second at its measured speed (auto-size.ts).
   */
  autoCount(axes: number, steps: number): number {
    return autoCount(this.clientWidth, axes, steps);
  }

  /** Whether this figure of `lanes` lanes is drawn on the GPU (WebGPU present, within the cap, draw 'auto'). */
  protected onGpu(lanes: number): boolean {
    return this.draw !== 'canvas' && drawsOnGpu(lanes);
  }

  /** The text colour (--eos-ink) as the page computes it: what uPlot strokes the axes, ticks and labels with. */
  protected ink(): string {
    return getComputedStyle(this).color || '#222';
  }

  /** Builds and validates the spec from attributes and the spec property (throws SpecError). */
  protected abstract buildSpec(spec: Partial<ExperimentSpec> | undefined): NormalSpec;
  /** Options for the run (tiles, density per tile, kept arrays). */
  protected abstract runOptions(spec: NormalSpec): RunOptions;
  /**
   * A progressive figure's coarse spec (every 8th lane a side, about), run and drawn first so a picture shows at
   * once, then refined in place by the full run; undefined: the figure runs once.
   */
  protected coarseSpec(_spec: NormalSpec): NormalSpec | undefined {
    return undefined;
  }
  /** Draws the coarse result beneath the full run's picture. */
  protected drawCoarse(_result: RunResult): void {}
  /** Called for each finished tile and once with the result; draws. */
  protected abstract onTile(tile: TileData, spec: NormalSpec): void;
  protected abstract onResult(result: RunResult): void;
  /** Draws a result loaded from the fallback URL. */
  protected abstract drawFallback(json: unknown): void;
  /** The plot area (the subclass's uPlot or canvas host). */
  protected abstract renderPlot(): TemplateResult;
  /** A sentence describing the figure for screen readers. */
  protected abstract summary(): string;

  /** The data behind the figure as table rows (label, value), for readers who cannot see the plot. */
  protected tableRows(): [string, string][] {
    const r = this.result;
    if (!r) return [];
    // The axes first, with the digits that tell their lanes apart (offset notation deep in a zoom).
    const axes = r.axes.map((a): [string, string] => [a.path, rangeText(a.values)]);
    const counts = [...classCounts(r).entries()].sort((a, b) => b[1] - a[1]);
    return [...axes, ...counts.map(([k, n]): [string, string] => [k, `${n} lanes`])];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.start !== 'click' && typeof IntersectionObserver !== 'undefined') {
      this.observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting) && this.state === 'idle') void this.run();
      });
      this.observer.observe(this);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.cancel();
    this.result?.gpu?.release();
    this.coarseResult?.gpu?.release();
  }

  protected override updated(changed: PropertyValues): void {
    const inputs = [...changed.keys()].filter((k) => !OUTPUTS.has(k as string));
    if (inputs.length && (this.state === 'done' || this.state === 'error')) void this.run();
  }

  /** Stops the current run (its buffers are freed by the engine). */
  cancel(): void {
    this.controller?.abort();
  }

  /** Draws these windows, or the element's own spec (undefined), without a history entry (zoom-url.ts). */
  showZoom(windows: ZoomWindow[] | undefined): void {
    if (windows) void this.zoomTo(windows, undefined, false);
    else void this.run();
  }

  /** Back to the element's own window (double-click), a history entry where the zoom is in the URL. */
  protected resetZoom(): void {
    this.zooming.reset();
    void this.run();
  }

  /** (Re)computes the figure (the zoom the URL holds for it, with zoom-url). */
  async run(override?: (spec: NormalSpec) => NormalSpec): Promise<void> {
    const fromUrl = override ? undefined : this.zooming.fromUrl();
    if (fromUrl) return this.zoomTo(fromUrl, undefined, false);
    this.cancel();
    let spec: NormalSpec;
    if (!override) this.zooming.depth = 1;
    try {
      spec = this.buildSpec(this.spec ?? parseSpecAttr(this.specText));
      if (override) spec = override(spec);
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    this.normal = spec;
    const controller = new AbortController();
    this.controller = controller;
    this.state = 'running';
    this.progress = 0;
    this.message = '';
    try {
      const coarse = this.progressive ? this.coarseSpec(spec) : undefined;
      if (coarse) {
        const first = await pageController().run(coarse, {
          ...this.runOptions(coarse),
          signal: controller.signal,
        });
        if (controller.signal.aborted) return void first.gpu?.release();
        this.coarseResult?.gpu?.release();
        this.coarseResult = first;
        this.drawCoarse(first);
        this.emit('eos-coarse', { result: first });
      }
      const result = await pageController().run(spec, {
        ...this.runOptions(spec),
        signal: controller.signal,
        onProgress: (p) => {
          this.progress = p.fraction;
          this.emit<ProgressDetail>('eos-progress', { fraction: p.fraction });
        },
        onTile: (t) => {
          this.onTile(t, spec);
          this.emit('eos-tile', { offset: t.tile.offset, count: t.tile.count });
        },
      });
      if (controller.signal.aborted) return;
      // The picture on screen stayed until this one drew; its GPU buffers go with the result they belong to.
      const previous = this.result?.gpu;
      this.result = result;
      if (previous && previous !== result.gpu) previous.release();
      this.onResult(result);
      // The refined picture is complete: the coarse one beneath it goes.
      this.coarseResult?.gpu?.release();
      this.coarseResult = undefined;
      this.state = 'done';
      this.badge = badgeText(result.precision, this.zooming.depth);
      const soft = result.device.isFallback ? ' (software GPU: slow)' : '';
      const notice = this.zooming.notice ? `. ${this.zooming.notice}` : '';
      this.message = `${result.lanes} lanes x ${spec.steps} steps in ${(result.elapsedMs / 1000).toFixed(2)} s${soft}${notice}`;
      this.zooming.notice = '';
      this.emit('eos-done', { result });
    } catch (e) {
      if (controller.signal.aborted) {
        this.state = 'idle';
        this.message = 'cancelled';
        return;
      }
      if (e instanceof WebGPUUnavailableError) await this.showFallback(e.message);
      else this.fail(e as Error);
    }
  }

  private fail(e: Error): void {
    this.state = 'error';
    this.message = e.message;
    this.emit<ErrorDetail>('eos-error', { message: e.message, field: (e as { field?: string }).field });
  }

  private async showFallback(reason: string): Promise<void> {
    this.state = 'fallback';
    this.message = `Live figure unavailable (${reason}).`;
    if (!this.fallback) return;
    try {
      const res = await fetch(this.fallback);
      const json: unknown = await res.json();
      // The plot area appears only now, with data to draw (an empty plot would read as a result).
      this.fallbackDrawn = true;
      await this.updateComplete;
      this.drawFallback(json);
      this.message = `Precomputed figure: this browser has no WebGPU (${reason}).`;
    } catch (e) {
      this.fallbackDrawn = false;
      this.message = `Live figure unavailable (${reason}); the precomputed data could not be loaded: ${(e as Error).message}`;
    }
  }

  protected emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  protected download(name: string, data: BlobPart, type: string): void {
    download(name, data, type);
  }

  /**
   * The figure as one 2-D canvas (the image, drawn on the GPU or a 2-D canvas, under the axes): what the PNG
   * export saves. Elements that draw on the GPU repaint it here, since a WebGPU canvas keeps no image once shown.
   */
  async snapshot(): Promise<HTMLCanvasElement | undefined> {
    return (this.renderRoot.querySelector('.u-wrap > canvas') as HTMLCanvasElement | null) ?? undefined;
  }

  /** PNG of the figure. */
  protected async exportPng(): Promise<void> {
    const canvas = await this.snapshot();
    canvas?.toBlob((b) => b && this.download(`${this.localName}.png`, b, 'image/png'));
  }

  private async exportData(kind: 'csv' | 'json'): Promise<void> {
    const r = await fullResult(this.result!, this.normal, (m) => (this.message = m));
    exportData(kind, r, this.localName);
  }

  protected override render(): TemplateResult {
    const running = this.state === 'running';
    return figureTemplate({
      state: this.state,
      start: this.start,
      running,
      progress: this.progress,
      message: this.message,
      badge: this.badge,
      hasResult: !!this.result,
      movie: !!this.zooming.movieAt && !running && !this.zooming.recording,
      showPlot: this.state !== 'fallback' || this.fallbackDrawn,
      plot: () => this.renderPlot(),
      summary: this.summary(),
      rows: () => this.tableRows(),
      on: {
        run: () => void this.run(),
        cancel: () => this.cancel(),
        png: () => void this.exportPng(),
        csv: () => void this.exportData('csv'),
        json: () => void this.exportData('json'),
        movie: () => void this.zooming.movie(),
      },
    });
  }
}
