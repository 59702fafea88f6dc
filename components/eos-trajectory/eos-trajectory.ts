// <eos-trajectory>: loss and sharpness (with the 2/eta line) against the step for one lane; follows the lane
// selected in another figure through its `eos-select` event (the `for` attribute names that figure's id).
import { html, type PropertyDeclarations, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import type { RunOptions } from '../../src/engine/engine.js';
import type { RunResult } from '../../src/engine/result.js';
import type { ExperimentSpec, NormalSpec } from '../../src/spec/types.js';
import { EosFigure, type SelectDetail } from '../base.js';
import { trajectoryOptions } from '../plot.js';
import { elementSpec } from '../spec-attrs.js';
import { TRAJECTORY_DEFAULTS, TRAJECTORY_FIELDS } from './fields.js';
import { figureStyles } from '../styles.js';

/**
 * One lane recorded at every step; follows the lane selected in the figure named by `for`.
 * @summary Loss and sharpness of one run against the step, with the 2/eta guide.
 * @tag eos-trajectory
 * @attr for - id of a figure whose eos-select events choose the lane
 * @attr model - model name (minimalist)
 * @attr lr - learning rate (0.1)
 * @attr steps - steps (500)
 * @attr spec - the whole experiment spec as JSON (attributes that are present win over its fields)
 * @attr start - 'visible' (default: run when scrolled into view) or 'click'
 * @attr fallback - URL of a result JSON drawn where WebGPU is missing
 * @attr state - idle | running | done | error | fallback (reflected, for styling)
 * @fires eos-progress - { fraction } while the GPU works
 * @fires eos-done - { result } when the figure is complete
 * @fires eos-error - { message, field } for an invalid attribute or a GPU failure
 * @csspart figure - the whole figure
 * @csspart toolbar - buttons and progress
 * @csspart plot - the plot area
 * @csspart progress - the progress bar
 * @csspart button - every button
 * @csspart message - the status line
 * @csspart caption - the caption
 * @cssprop --eos-ink - text and axis colour
 * @cssprop --eos-background - background
 * @cssprop --eos-accent - progress bar and focus colour
 * @cssprop --eos-plot-height - plot height (320px)
 * @slot fallback - a static image shown where WebGPU is missing (and to readers without JavaScript)
 */
export class EosTrajectory extends EosFigure {
  static override styles = figureStyles;
  static override properties: PropertyDeclarations = {
    ...EosFigure.properties,
    for: {},
    ...Object.fromEntries(TRAJECTORY_FIELDS.map((f) => [f.attr, { attribute: f.attr }])),
  };

  /** id of a figure whose eos-select events set this element's spec. */
  for: string | null = null;
  private plot: uPlot | undefined;
  private source: Element | null = null;
  private readonly follow = (e: Event) => {
    this.spec = (e as CustomEvent<SelectDetail>).detail.spec;
    void this.run();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.for) {
      this.source = (this.getRootNode() as Document | ShadowRoot).getElementById?.(this.for) ?? null;
      this.source?.addEventListener('eos-select', this.follow);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.source?.removeEventListener('eos-select', this.follow);
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected buildSpec(spec: Partial<ExperimentSpec> | undefined): NormalSpec {
    const attrs = this.attrsOf(TRAJECTORY_FIELDS);
    // The default record follows the step count: every iterate, or evenly strided past 4096 of them.
    const steps = Number(attrs.steps ?? spec?.steps ?? TRAJECTORY_DEFAULTS.steps);
    const last = Math.min(4096, (Number.isInteger(steps) && steps > 0 ? steps : 500) + 1);
    const every = Math.ceil(((Number.isInteger(steps) && steps > 0 ? steps : 500) + 1) / last);
    const defaults = {
      ...TRAJECTORY_DEFAULTS,
      record: { observables: ['loss' as const, 'sharpness' as const], last, every },
    };
    const out = elementSpec(TRAJECTORY_FIELDS, attrs, spec, defaults);
    if (out.sweep.length) throw new Error('[eos-lab] <eos-trajectory> draws one lane: its spec has no sweep');
    if (!out.record.observables.includes('loss'))
      throw new Error("[eos-lab] <eos-trajectory> needs record.observables to include 'loss'");
    return out;
  }

  protected runOptions(): RunOptions {
    return { keep: { lanes: true, record: true } };
  }

  protected onTile(): void {}

  protected onResult(result: RunResult): void {
    this.draw(
      result.record.steps,
      result.record.values.loss!,
      result.record.values.sharpness,
      result.spec.optimizer.lr,
    );
  }

  protected drawFallback(json: unknown): void {
    const j = json as {
      record: { steps: number[]; loss: number[][]; sharpness?: number[][] };
      spec: NormalSpec;
    };
    this.draw(j.record.steps, j.record.loss[0]!, j.record.sharpness?.[0], j.spec.optimizer.lr);
  }

  private draw(
    steps: ArrayLike<number>,
    loss: ArrayLike<number>,
    sharp: ArrayLike<number> | undefined,
    eta: number,
  ): void {
    const host = this.renderRoot.querySelector('.plot') as HTMLElement;
    this.plot?.destroy();
    const xs = Array.from(steps);
    const nan = (v: number) => (Number.isFinite(v) && v > 0 ? v : null);
    const data: uPlot.AlignedData = [
      xs,
      Array.from(loss, nan),
      sharp ? Array.from(sharp, (v) => (Number.isFinite(v) ? v : null)) : xs.map(() => null),
      xs.map(() => 2 / eta),
    ];
    this.plot = new uPlot(
      trajectoryOptions(Math.max(320, host.clientWidth || 640), Math.max(200, host.clientHeight || 320), eta),
      data,
      host,
    );
  }

  protected renderPlot(): TemplateResult {
    return html`<div class="plot" part="plot"></div>`;
  }

  protected override tableRows(): [string, string][] {
    const r = this.result;
    if (!r) return [];
    return [
      ['learning rate', String(r.spec.optimizer.lr)],
      ['final loss', String(r.final.loss[0])],
      ['final sharpness', String(r.final.sharpness[0])],
      ['2 / eta', String(2 / r.spec.optimizer.lr)],
    ];
  }

  protected summary(): string {
    const r = this.result;
    if (!r) return 'Trajectory, not computed yet.';
    return `Loss and sharpness over ${r.spec.steps} steps at eta = ${r.spec.optimizer.lr}; final loss ${r.final.loss[0]?.toPrecision(3)}, final sharpness ${r.final.sharpness[0]?.toPrecision(4)} against 2/eta = ${(2 / r.spec.optimizer.lr).toPrecision(4)}.`;
  }
}
