// <eos-basin-map>: a two-axis sweep, every lane coloured by its class, period, escape step, convergence
// measure or final kappa; tiles appear as they finish.
import { html, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import type { RunOptions } from '../../src/engine/engine.js';
import type { RunResult } from '../../src/engine/read/result.js';
import type { RetainedPicture, TileData } from '../../src/engine/read/result-types.js';
import { axisValues } from '../../src/spec/axes.js';
import type { AxisSpec, ExperimentSpec, NormalSpec } from '../../src/spec/types.js';
import { basinPixels, laneColoring, type Legend } from '../../src/views/image.js';
import { classCounts } from '../../src/views/counts.js';
import { clearCoarse, imageAlone, paintUnder, snapshotUnder } from '../gpu-image.js';
import { EosFigure } from '../base.js';
import type { SelectDetail } from '../figure-types.js';
import { legendTemplate, pixelCanvas } from '../draw.js';
import { imagePlotOptions, type ImageLayer } from '../plot.js';
import { elementSpec, laneSpec } from '../spec-attrs.js';
import { BASIN_DEFAULTS, BASIN_FIELDS, basinFormula } from './fields.js';
import {
  emptyLanes,
  fallbackLanes,
  pictureLegend,
  storeTileLanes,
  type FallbackJson,
  type LaneArrays,
} from './lanes.js';
import { figureStyles } from '../styles.js';

/**
 * A basin (or phase) map over two sweep axes, coloured by class, period, escape step, convergence measure or final kappa. Drag to zoom, double-click to reset, click a lane to select it.
 * @summary Runs a two-axis sweep on WebGPU and colours every lane by its late-time behaviour.
 * @tag eos-basin-map
 * @attr params - formula models: the parameter names, comma-separated (x, y)
 * @attr loss - formula models: the loss in the parameters, e.g. (x^2*y^2 - 1)^2/4 (implies model="formula")
 * @attr output - formula models: the output plotted and classified (the first parameter)
 * @attr init - start values, comma-separated in parameter order (formula models: 1 each where not given)
 * @attr model - model name (minimalist)
 * @attr lr - learning rate (0.25)
 * @attr x-path - first axis path (init.x)
 * @attr x-min - (0.2)
 * @attr x-max - (4)
 * @attr y-path - second axis path (init.y)
 * @attr y-min - (0.2)
 * @attr y-max - (4)
 * @attr count - lanes per axis, or auto: the map's side in device pixels, capped to about a second of the GPU's work (auto; 128 on a software GPU)
 * @attr steps - steps (500)
 * @attr precision - single | double | auto: auto runs double once a zoom steps below float32 (auto)
 * @attr zoom-url - keep the zoom in the page URL (#id=windows, needs an id): shareable, back returns
 * @attr movie-depth - the "Zoom movie" button's last window, relative to the figure's (1e-6)
 * @attr movie-frames - the "Zoom movie" button's frames (30)
 * @attr color-by - class | period | escape | measure | kappa (class)
 * @fires eos-tile - { offset, count } when a tile of lanes is drawn (progressive rendering)
 * @fires eos-select - { lane, values, spec } when a lane is clicked
 * @csspart legend - the colour legend
 */
export class EosBasinMap extends EosFigure {
  static override styles = figureStyles;
  /** The scalar attributes: each sets one spec path (its property, camelCased, does the same). */
  static readonly fields = BASIN_FIELDS;
  static override properties = EosFigure.withFields(BASIN_FIELDS);

  private plot: uPlot | undefined;
  private readonly layer: ImageLayer = { source: undefined };
  private canvas: HTMLCanvasElement | undefined;
  /** The window the plot's axes show (first and last values of each axis). */
  private plotKey = '';
  private partial: LaneArrays | undefined;
  private legend: Legend | undefined;

  protected buildSpec(spec: Partial<ExperimentSpec> | undefined): NormalSpec {
    const out = elementSpec(BASIN_FIELDS, this.attrsOf(BASIN_FIELDS), spec, BASIN_DEFAULTS, {
      forModel: basinFormula,
      auto: (axes, steps) => this.autoCount(axes, steps),
    });
    if (out.sweep.length !== 2) throw new Error('[eos-lab] <eos-basin-map> needs a sweep of two axes');
    return out;
  }

  protected runOptions(spec: NormalSpec): RunOptions {
    const lanes = spec.sweep.reduce((n, a) => n * (a.values?.length ?? a.count ?? 1), 1);
    const axes = spec.sweep.map((a) => ({ path: a.path, values: axisValues(a) }));
    // About eight tiles, so the map fills in as they finish (a tile of at least 4096 lanes keeps submits full).
    const plan = { maxTileLanes: Math.max(4096, Math.ceil(lanes / 8)) };
    if (this.onGpu(lanes)) {
      // Drawn where it is computed: one colour index a lane stays on the GPU; nothing per lane comes back.
      this.partial = { spec, axes, kind: new Uint8Array(0) } as LaneArrays;
      return { read: 'color', retain: true, plan };
    }
    this.partial = emptyLanes(spec, axes, lanes);
    // Nothing is painted before the first tile: lanes not computed yet stay blank (PENDING).
    return { keep: { lanes: true, record: false }, plan };
  }

  protected onTile(t: TileData): void {
    if (t.gpu) {
      void this.paintGpu(t.gpu);
      return;
    }
    storeTileLanes(this.partial!, t);
    this.paint();
  }

  protected onResult(result: RunResult): void {
    this.partial = result;
    if (result.gpu) void this.paintGpu(result.gpu, result).then(() => clearCoarse(this.plot));
    else this.paint();
  }

  /** Maps of 64 x 64 lanes and more show every 8th lane a side first (about), then refine in place. */
  protected override coarseSpec(spec: NormalSpec): NormalSpec | undefined {
    const [a, b] = spec.sweep as [AxisSpec, AxisSpec];
    if (a.values || b.values || (a.count ?? 1) * (b.count ?? 1) < 64 * 64) return undefined;
    const coarse = (x: AxisSpec) => ({ ...x, count: Math.ceil((x.count ?? 1) / 8) });
    return { ...spec, sweep: [coarse(a), coarse(b)] };
  }

  protected override drawCoarse(result: RunResult): void {
    if (result.gpu) void this.paintGpu(result.gpu, result, true);
    else {
      this.partial = result;
      this.paint();
    }
  }

  /** Paints the colour indices on the GPU under the axes; the legend from the GPU's class counts or scale. */
  private async paintGpu(gpu: RetainedPicture, result?: RunResult, coarse = false): Promise<void> {
    const spec = this.normal;
    const p = this.partial;
    if (!spec || !p) return;
    const by = spec.figure?.colorBy ?? 'class';
    if (result?.colorScale) this.legend = pictureLegend(result);
    this.layer.source = undefined;
    this.makePlot();
    if (!this.plot) return;
    const axes = (result ?? p).axes;
    const [w, h] = [axes[0]!.values.length, axes[1]!.values.length];
    await paintUnder(this.plot, gpu, { kind: 'colors', width: w, height: h, by }, coarse);
    this.requestUpdate();
  }

  protected drawFallback(json: unknown): void {
    const spec = this.buildSpec(this.spec);
    this.normal = spec;
    this.partial = fallbackLanes(json as FallbackJson, spec);
    this.paint();
  }

  private paint(): void {
    const p = this.partial;
    const spec = this.normal;
    if (!p || !spec) return;
    const coloring = laneColoring(p as RunResult, spec.figure?.colorBy ?? 'class');
    this.legend = coloring.legend;
    this.canvas = pixelCanvas(basinPixels(p as RunResult, coloring), this.canvas);
    this.layer.source = this.canvas;
    this.requestUpdate();
    this.makePlot();
  }

  /** The plot (axes, zoom, selection) over the data window; redrawn when it exists. */
  private makePlot(): void {
    const p = this.partial;
    const spec = this.normal;
    if (!p || !spec) return;
    const [ax, ay] = p.axes as [RunResult['axes'][0], RunResult['axes'][0]];
    const range = (v: Float64Array): [number, number] => [v[0]!, v[v.length - 1]!];
    // The same window redraws (tiles arriving); a new one (a zoom, by drag or zoomTo) gets new axes.
    const key = spec.sweep.map((a) => `${a.min},${a.max}`).join(';');
    if (this.plot && key === this.plotKey) {
      this.plot.redraw(false);
      return;
    }
    this.plot?.destroy();
    this.plot = undefined;
    const host = this.renderRoot.querySelector('.plot') as HTMLElement | null;
    if (!host) return;
    this.plotKey = key;
    const side = Math.max(240, Math.min(host.clientWidth || 480, 640));
    this.plot = new uPlot(
      imagePlotOptions(
        {
          width: side,
          height: side,
          xLabel: ax.path,
          yLabel: ay.path,
          x: range(ax.values),
          y: range(ay.values),
          xLog: spec.sweep[0]!.spacing === 'log',
          yLog: spec.sweep[1]!.spacing === 'log',
          layer: this.layer,
          guides: [],
          onSelect: (x, y) => this.zoom(x, y),
        },
        this.ink(),
      ),
      [Array.from(ax.values)],
      host,
    );
  }

  private zoom(x: [number, number], y: [number, number]): void {
    this.plot?.destroy();
    this.plot = undefined;
    void this.zoomTo([x, y].map((r, axis) => ({ axis, min: Math.min(...r), max: Math.max(...r) })));
  }

  private select(ev: MouseEvent): void {
    const u = this.plot;
    const p = this.partial;
    if (!u || !p || !this.normal) return;
    const rect = u.over.getBoundingClientRect();
    const fx = (ev.clientX - rect.left) / rect.width;
    const fy = 1 - (ev.clientY - rect.top) / rect.height;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return;
    const [ax, ay] = p.axes as [RunResult['axes'][0], RunResult['axes'][0]];
    const i = Math.min(ax.values.length - 1, Math.floor(fx * ax.values.length));
    const j = Math.min(ay.values.length - 1, Math.floor(fy * ay.values.length));
    const values = { [ax.path]: ax.values[i]!, [ay.path]: ay.values[j]! };
    const lane = j * ax.values.length + i;
    this.emit<SelectDetail>('eos-select', { lane, values, spec: laneSpec(this.normal, values) });
  }

  /** The image alone, one pixel a lane or cell (drawn on the GPU, or the 2-D canvas of draw="canvas"). */
  async image(): Promise<HTMLCanvasElement | undefined> {
    const gpu = this.result?.gpu;
    return imageAlone(
      this.plot,
      gpu,
      gpu
        ? {
            kind: 'colors',
            width: this.partial!.axes[0]!.values.length,
            height: this.partial!.axes[1]!.values.length,
            by: this.normal?.figure?.colorBy ?? 'class',
          }
        : undefined,
      this.layer.source,
    );
  }

  override async snapshot(): Promise<HTMLCanvasElement | undefined> {
    if (!this.plot) return undefined;
    const gpu = this.result?.gpu;
    return snapshotUnder(
      this.plot,
      gpu,
      gpu
        ? {
            kind: 'colors',
            width: this.partial!.axes[0]!.values.length,
            height: this.partial!.axes[1]!.values.length,
            by: this.normal?.figure?.colorBy ?? 'class',
          }
        : undefined,
    );
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected renderPlot(): TemplateResult {
    return html`<div
        class="plot"
        part="plot"
        @click=${(e: MouseEvent) => this.select(e)}
        @dblclick=${() => {
          this.plot?.destroy();
          this.plot = undefined;
          this.resetZoom();
        }}
      ></div>
      ${this.legend ? legendTemplate(this.legend) : ''}`;
  }

  protected summary(): string {
    const r = this.result;
    const p = this.partial;
    if (!r || !p || this.state !== 'done') return 'Basin map, not computed yet.';
    const counts = classCounts(r);
    return `Basin map over ${p.axes[0]!.path} and ${p.axes[1]!.path}: ${[...counts.entries()].map(([k, n]) => `${n} lanes ${k}`).join(', ')}.`;
  }
}
