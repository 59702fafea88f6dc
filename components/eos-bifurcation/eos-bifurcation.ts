// <eos-bifurcation>: a one-axis sweep run on the page's WebGPU, its GPU density image painted under uPlot axes.
import { html, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import type { RunOptions } from '../../src/engine/engine.js';
import { CLASSES } from '../../src/engine/plan/lane-rows.js';
import type { Density, RunResult } from '../../src/engine/read/result.js';
import type { TileData } from '../../src/engine/read/result-types.js';
import type { ExperimentSpec, NormalSpec } from '../../src/spec/types.js';
import { densityPixels } from '../../src/views/image.js';
import { classCounts } from '../../src/views/counts.js';
import { tickLabels } from '../../src/views/ticks.js';
import type { RetainedPicture } from '../../src/engine/read/result-types.js';
import { clearCoarse, imageAlone, paintUnder, snapshotUnder } from '../gpu-image.js';
import { EosFigure } from '../base.js';
import type { SelectDetail } from '../figure-types.js';
import { pixelCanvas } from '../draw.js';
import { imagePlotOptions, type ImageLayer } from '../plot.js';
import { elementSpec, laneSpec } from '../spec-attrs.js';
import { BIFURCATION_DEFAULTS, BIFURCATION_FIELDS } from './fields.js';
import { figureStyles } from '../styles.js';

/**
 * A bifurcation diagram: the late-time values of an observable against one sweep axis. Drag to zoom (recomputed at full resolution), double-click to reset, hover for the class of a column, click to select it.
 * @summary Runs a one-axis sweep on WebGPU and draws the density of an observable over its last steps.
 * @tag eos-bifurcation
 * @attr params - formula models: the parameter names, comma-separated (x, y)
 * @attr loss - formula models: the loss in the parameters, e.g. (x^2*y^2 - 1)^2/4 (implies model="formula")
 * @attr output - formula models: the output plotted and classified (the first parameter)
 * @attr init - start values, comma-separated in parameter order (formula models: 1 each where not given)
 * @attr model - model name (uv)
 * @attr width - uv width (16)
 * @attr seed - init seed (0)
 * @attr scale - init scale (0.1)
 * @attr lr-min - first learning rate (3.6)
 * @attr lr-max - last learning rate (8.4)
 * @attr columns - learning rates (columns), or auto: the plot's width in device pixels, capped to about a second of the GPU's work (auto; 256 on a software GPU)
 * @attr steps - steps (1000)
 * @attr precision - single | double | auto: auto runs double once a zoom steps below float32 (auto)
 * @attr zoom-url - keep the zoom in the page URL (#id=windows, needs an id): shareable, back returns
 * @attr movie-depth - the "Zoom movie" button's last window, relative to the figure's (1e-6)
 * @attr movie-frames - the "Zoom movie" button's frames (30)
 * @attr observable - output | loss | sharpness | kappa | ... (output)
 * @attr window - last steps sampled (128)
 * @attr bins - image rows (256)
 * @fires eos-tile - { offset, count } when a tile of lanes is drawn (progressive rendering)
 * @fires eos-select - { lane, values, spec } when a column is clicked
 * @csspart readout - the hover readout
 */
export class EosBifurcation extends EosFigure {
  static override styles = figureStyles;
  /** The scalar attributes: each sets one spec path (its property, camelCased, does the same). */
  static readonly fields = BIFURCATION_FIELDS;
  static override properties = EosFigure.withFields(BIFURCATION_FIELDS);

  private plot: uPlot | undefined;
  private readonly layer: ImageLayer = { source: undefined };
  private canvas: HTMLCanvasElement | undefined;
  private density: Density | undefined;
  private plotKey = '';
  private resize: ResizeObserver | undefined;
  private hover = '';

  protected buildSpec(spec: Partial<ExperimentSpec> | undefined): NormalSpec {
    const out = elementSpec(
      BIFURCATION_FIELDS,
      this.attrsOf(BIFURCATION_FIELDS),
      spec,
      BIFURCATION_DEFAULTS,
      {
        auto: (axes, steps) => this.autoCount(axes, steps),
      },
    );
    if (out.figure?.kind !== 'bifurcation')
      throw new Error('[eos-lab] <eos-bifurcation> needs a bifurcation figure');
    return out;
  }

  protected runOptions(spec: NormalSpec): RunOptions {
    // With a given range the density fills in over about eight tiles; an automatic range needs one tile.
    const columns = spec.sweep.reduce((n, a) => n * (a.values?.length ?? a.count ?? 1), 1);
    const tiles =
      spec.figure?.range === 'auto' ? undefined : { maxTileLanes: Math.max(64, Math.ceil(columns / 8)) };
    // Drawn where it is computed: the density image stays on the GPU, nothing per lane comes back.
    if (this.onGpu(columns)) return { read: 'none', retain: true, plan: tiles };
    return { densityPerTile: true, keep: { lanes: true, record: false }, plan: tiles };
  }

  protected onTile(tile: TileData, spec: NormalSpec): void {
    if (tile.gpu) void this.paintGpu(tile.gpu, spec, false, true);
    else if (tile.density) this.paint(tile.density, spec);
  }

  protected onResult(result: RunResult): void {
    if (result.gpu) void this.paintGpu(result.gpu, result.spec).then(() => clearCoarse(this.plot));
    else if (result.density) this.paint(result.density, result.spec);
  }

  /** Diagrams of 256 columns and more show every 8th column first (about), then refine in place. */
  protected override coarseSpec(spec: NormalSpec): NormalSpec | undefined {
    const a = spec.sweep[0]!;
    if (a.values || (a.count ?? 1) < 256) return undefined;
    return { ...spec, sweep: [{ ...a, count: Math.ceil((a.count ?? 1) / 8) }] };
  }

  protected override drawCoarse(result: RunResult): void {
    if (result.gpu) void this.paintGpu(result.gpu, result.spec, true);
    else if (result.density) this.paint(result.density, result.spec);
  }

  /** Paints the density image on the GPU under the axes (its range from the GPU's, known after a tile). */
  /** `refining`: a tile of a run still going, its empty cells clear so a coarse picture shows through. */
  private async paintGpu(
    gpu: RetainedPicture,
    spec: NormalSpec,
    coarse = false,
    refining = false,
  ): Promise<void> {
    const range = gpu.densityRange;
    if (!range) return;
    this.layer.source = undefined;
    this.makePlot({ columns: gpu.columns, ...range }, spec);
    if (this.plot) await paintUnder(this.plot, gpu, { kind: 'density', clear: refining }, coarse);
  }

  protected drawFallback(json: unknown): void {
    const d = (json as { density?: Density & { counts: number[] } }).density;
    if (!d) throw new Error('the fallback JSON has no density (run `eos-lab run` with a figure section)');
    this.normal ??= this.buildSpec(this.spec);
    this.paint({ ...d, counts: Uint32Array.from(d.counts) }, this.normal);
  }

  /** Draws a density of `spec`'s sweep; the plot (axes, scales) is rebuilt when the window changed. */
  private paint(d: Density, spec: NormalSpec): void {
    this.canvas = pixelCanvas(densityPixels(d), this.canvas);
    this.layer.source = this.canvas;
    this.density = d;
    this.makePlot(d, spec);
  }

  /** The plot over the density's window (axes, scales, guides); rebuilt only when the window changed. */
  private makePlot(d: { columns: number; lo: number; hi: number; log: boolean }, spec: NormalSpec): void {
    const axis = spec.sweep[0]!;
    const x: [number, number] = [
      axis.min ?? Math.min(...(axis.values ?? [0])),
      axis.max ?? Math.max(...(axis.values ?? [1])),
    ];
    const y: [number, number] = d.log ? [10 ** d.lo, 10 ** d.hi] : [d.lo, d.hi];
    const key = JSON.stringify([x, y, spec.figure?.observable]);
    const same = this.plot && this.plotKey === key;
    this.plotKey = key;
    if (same) {
      this.plot!.redraw(false);
      return;
    }
    this.plot?.destroy();
    const host = this.renderRoot.querySelector('.plot') as HTMLElement;
    const xs = Array.from(
      { length: d.columns },
      (_, i) => x[0] + ((x[1] - x[0]) * i) / Math.max(1, d.columns - 1),
    );
    const obs = spec.figure!.observable;
    const guides =
      obs === 'sharpness'
        ? [{ label: '2/eta', stroke: '#d55e00' }]
        : obs === 'kappa'
          ? [{ label: 'kappa = 2', stroke: '#d55e00' }]
          : [];
    const data: uPlot.AlignedData = [
      xs,
      ...(obs === 'sharpness' ? [xs.map((v) => 2 / v)] : obs === 'kappa' ? [xs.map(() => 2)] : []),
    ];
    const opts = imagePlotOptions(
      {
        width: Math.max(320, host.clientWidth || 640),
        height: Math.max(200, host.clientHeight || 320),
        xLabel: axis.path,
        yLabel: `${obs}, last ${spec.figure!.window} steps`,
        x,
        y,
        xLog: axis.spacing === 'log',
        yLog: d.log,
        layer: this.layer,
        guides,
        onSelect: (xr, yr) => this.zoom(xr, yr),
      },
      this.ink(),
    );
    opts.hooks!.setCursor = [(u: uPlot) => this.readout(u)];
    this.plot = new uPlot(opts, data, host);
    this.resize ??= new ResizeObserver(() =>
      this.plot?.setSize({
        width: Math.max(320, host.clientWidth),
        height: Math.max(200, host.clientHeight),
      }),
    );
    this.resize.observe(host);
  }

  /** Recomputes the selected window at full resolution (drag); double-click restores the spec's range. */
  private zoom(x: [number, number], y: [number, number]): void {
    void this.zoomTo([{ axis: 0, min: Math.min(...x), max: Math.max(...x) }], (s) => {
      if (s.figure) s.figure.range = [Math.min(...y), Math.max(...y)];
    });
  }

  private lane(u: uPlot): number | undefined {
    const i = u.cursor.idx;
    return i === null || i === undefined ? undefined : i;
  }

  private readout(u: uPlot): void {
    const lane = this.lane(u);
    const r = this.result;
    if (lane === undefined || !r || lane >= r.axes[0]!.values.length) return;
    const xs = r.axes[0]!.values;
    const x = xs[lane]!;
    // As many digits as tell this column from its neighbours (offset notation deep in a zoom).
    const dx = xs.length > 1 ? Math.abs(xs[1]! - xs[0]!) : 0;
    const label = dx > 0 ? tickLabels([x - dx, x, x + dx])[1]! : tickLabels([x])[0]!;
    const show = (k: number, period: number, lyap: number) => {
      const kind = CLASSES[k]!;
      const exponent =
        Number.isFinite(lyap) && kind !== 'diverged' ? `, Lyapunov exponent ${lyap.toFixed(3)}` : '';
      this.hover = `${r.axes[0]!.path} = ${label}: ${kind}${kind === 'periodic' ? ` (period ${period})` : ''}${exponent}`;
      this.requestUpdate();
    };
    if (lane < r.kind.length) show(r.kind[lane]!, r.period[lane]!, r.final.lyapunov[lane]!);
    // Drawn on the GPU: the one lane under the cursor is read back alone.
    else if (r.gpu)
      void r.gpu.lane(lane).then(
        (l) => this.result === r && this.lane(u) === lane && show(l.kind, l.period, l.lyapunov),
        () => undefined,
      );
  }

  private select(): void {
    const lane = this.plot ? this.lane(this.plot) : undefined;
    const r = this.result;
    if (lane === undefined || !r || !this.normal) return;
    const values = { [r.axes[0]!.path]: r.axes[0]!.values[lane]! };
    this.emit<SelectDetail>('eos-select', { lane, values, spec: laneSpec(this.normal, values) });
  }

  /** The image alone, one pixel a lane or cell (drawn on the GPU, or the 2-D canvas of draw="canvas"). */
  async image(): Promise<HTMLCanvasElement | undefined> {
    const gpu = this.result?.gpu;
    return imageAlone(this.plot, gpu, gpu ? { kind: 'density' } : undefined, this.layer.source);
  }

  override async snapshot(): Promise<HTMLCanvasElement | undefined> {
    if (!this.plot) return undefined;
    const gpu = this.result?.gpu;
    return snapshotUnder(this.plot, gpu, gpu ? { kind: 'density' } : undefined);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected renderPlot(): TemplateResult {
    return html`<div
        class="plot"
        part="plot"
        @click=${() => this.select()}
        @dblclick=${() => this.resetZoom()}
      ></div>
      <div class="readout" part="readout" aria-live="polite">${this.hover}</div>`;
  }

  protected summary(): string {
    const r = this.result;
    if (!r) return 'Bifurcation diagram, not computed yet.';
    const counts = classCounts(r);
    const parts = [...counts.entries()].map(([k, n]) => `${n} ${k}`).join(', ');
    return `Bifurcation diagram of ${this.normal?.figure?.observable} against ${r.axes[0]!.path} from ${r.axes[0]!.values[0]} to ${r.axes[0]!.values.at(-1)}: ${parts}.`;
  }
}
