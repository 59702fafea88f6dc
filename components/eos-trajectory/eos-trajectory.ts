// <eos-trajectory>: loss and sharpness (with the 2/eta line) against the step for one lane; follows the lane
// selected in another figure through its `eos-select` event (the `for` attribute names that figure's id).
import { html, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import uPlot from 'uplot';
import type { RunOptions } from '../../src/engine/engine.js';
import type { RunResult } from '../../src/engine/read/result.js';
import { SpecError } from '../../src/spec/errors.js';
import { OBSERVABLES, type ExperimentSpec, type NormalSpec, type Observable } from '../../src/spec/types.js';
import { laneLr } from '../../src/views/image.js';
import { EosFigure } from '../base.js';
import type { SelectDetail } from '../figure-types.js';
import { trajectoryOptions, type TrajectorySeries } from '../plot.js';
import { elementSpec } from '../spec-attrs.js';
import { LANE_COLORS, TRAJECTORY_DEFAULTS, TRAJECTORY_FIELDS, TRAJECTORY_MAX_LANES } from './fields.js';
import { figureStyles } from '../styles.js';

/**
 * One lane (or a sweep of up to 8) recorded at every step; follows the lane selected in the figure named by `for`.
 * @summary Loss and sharpness of one run against the step, with the 2/eta guide.
 * @tag eos-trajectory
 * @attr for - id of a figure whose eos-select events choose the lane
 * @attr observables - comma list of recorded observables to draw: the first on the left axis (log for loss and
 *   gradNorm), the rest on the right, with 2/eta beside sharpness; `eigs` adds the top k eigenvalues, `modes`
 *   and `gap` (dln) and `alignment` (mlp) their entries (loss, sharpness)
 * @attr k - how many top Hessian eigenvalues `eigs` draws (4, at most 8)
 * @attr params - formula models: the parameter names, comma-separated (x, y)
 * @attr loss - formula models: the loss in the parameters, e.g. (x^2*y^2 - 1)^2/4 (implies model="formula")
 * @attr output - formula models: the output plotted and classified (the first parameter)
 * @attr init - start values, comma-separated in parameter order (formula models: 1 each where not given)
 * @attr model - model name (minimalist)
 * @attr lr - learning rate (0.1)
 * @attr steps - steps (500)
 */
export class EosTrajectory extends EosFigure {
  static override styles = figureStyles;
  /** The scalar attributes: each sets one spec path (its property, camelCased, does the same). */
  static readonly fields = TRAJECTORY_FIELDS;
  static override properties: PropertyDeclarations = {
    ...EosFigure.withFields(TRAJECTORY_FIELDS),
    for: {},
    observables: {},
  };

  /** id of a figure whose eos-select events set this element's spec (read whenever it changes). */
  for: string | null = null;
  /** Comma list of the observables to draw (the `observables` attribute). */
  observables: string | null = null;
  private plot: uPlot | undefined;
  private source: Element | null = null;
  private readonly follow = (e: Event) => {
    this.spec = (e as CustomEvent<SelectDetail>).detail.spec;
    void this.run();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.listen();
  }

  /** Follows the figure named by `for` (and stops following the previous one). */
  private listen(): void {
    this.source?.removeEventListener('eos-select', this.follow);
    this.source = null;
    if (!this.for || !this.isConnected) return;
    this.source = (this.getRootNode() as Document | ShadowRoot).getElementById?.(this.for) ?? null;
    this.source?.addEventListener('eos-select', this.follow);
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('for')) {
      this.listen();
      changed = new Map([...changed].filter(([k]) => k !== 'for'));
    }
    super.updated(changed);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.source?.removeEventListener('eos-select', this.follow);
    this.source = null;
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected buildSpec(spec: Partial<ExperimentSpec> | undefined): NormalSpec {
    const attrs = this.attrsOf(TRAJECTORY_FIELDS);
    // The default record follows the step count: every iterate, or evenly strided past 4096 of them.
    const steps = Number(attrs.steps ?? spec?.steps ?? TRAJECTORY_DEFAULTS.steps);
    const last = Math.min(4096, (Number.isInteger(steps) && steps > 0 ? steps : 500) + 1);
    const every = Math.ceil(((Number.isInteger(steps) && steps > 0 ? steps : 500) + 1) / last);
    const observables = parseObservables(this.observables);
    const defaults = { ...TRAJECTORY_DEFAULTS, record: { observables, last, every } };
    const out = elementSpec(TRAJECTORY_FIELDS, attrs, spec, defaults);
    const lanes = out.sweep.reduce((n, a) => n * (a.values?.length ?? a.count ?? 1), 1);
    if (lanes > TRAJECTORY_MAX_LANES)
      throw new SpecError(
        'sweep',
        `gives ${lanes} lanes; <eos-trajectory> draws at most ${TRAJECTORY_MAX_LANES}`,
      );
    if (!out.record.observables.length && !out.record.vectors.length)
      throw new SpecError('record.observables', 'must name at least one observable to draw');
    const drawn = out.record.vectors.filter((v) => !(DRAWN_VECTORS as readonly string[]).includes(v));
    if (drawn.length)
      throw new SpecError(
        'record.observables',
        `<eos-trajectory> draws scalars and ${DRAWN_VECTORS.join(', ')}, not ${drawn.join(', ')} (use the CLI's JSON for those)`,
      );
    return out;
  }

  protected runOptions(): RunOptions {
    return { keep: { lanes: true, record: true } };
  }

  protected onTile(): void {}

  protected onResult(result: RunResult): void {
    const T = result.record.steps.length;
    const curves: Curve[] = result.spec.record.observables.map((o) => ({
      name: o,
      values: (lane) => result.record.values[o]!.subarray(lane * T, (lane + 1) * T),
    }));
    for (const name of DRAWN_VECTORS) {
      const vec = result.record.vectors[name];
      if (!vec) continue;
      const width = vec.shape[0] ?? 1;
      for (let i = 0; i < width; i++)
        curves.push({
          name: curveName(name, i, width),
          values: (lane) =>
            Float32Array.from({ length: T }, (_, s) => vec.values[(lane * T + s) * width + i]!),
        });
    }
    this.drawCurves(result.record.steps, curves, result.lanes, laneRates(result));
  }

  protected drawFallback(json: unknown): void {
    const j = json as {
      record: { steps: number[] } & Record<string, unknown[]>;
      spec: NormalSpec;
      lanes: number;
    };
    const row = (v: unknown) => ((v ?? []) as (number | null)[]).map((x) => x ?? NaN);
    const curves: Curve[] = j.spec.record.observables.map((o) => ({
      name: o,
      values: (lane) => row(j.record[o]?.[lane]),
    }));
    for (const name of DRAWN_VECTORS) {
      const lanes = j.record[name] as ((number | null)[] | (number | null) | null)[][] | undefined;
      const first = lanes?.find((l) => l)?.[0];
      if (!lanes || first === undefined) continue;
      const width = Array.isArray(first) ? first.length : 1;
      for (let i = 0; i < width; i++)
        curves.push({
          name: curveName(name, i, width),
          values: (lane) => (lanes[lane] ?? []).map((s) => (Array.isArray(s) ? s[i] : s) ?? NaN) as number[],
        });
    }
    this.drawCurves(j.record.steps, curves, j.lanes, [j.spec.optimizer.lr]);
  }

  private drawCurves(steps: ArrayLike<number>, curves: Curve[], lanes: number, rates: number[]): void {
    const host = this.renderRoot.querySelector('.plot') as HTMLElement;
    this.plot?.destroy();
    const xs = Array.from(steps);
    const [left, ...right] = curves.map((c) => c.name) as [string, ...string[]];
    const leftLog = left === 'loss' || left === 'gradNorm';
    const clean = (v: number, log: boolean) => (Number.isFinite(v) && (!log || v > 0) ? v : null);
    const series: TrajectorySeries[] = [];
    const data: (number | null)[][] = [];
    for (let lane = 0; lane < lanes; lane++) {
      const tag = lanes > 1 ? ` (lane ${lane})` : '';
      curves.forEach((c, k) => {
        // One lane: a colour per curve (loss and sharpness apart at a glance); several: a colour per lane,
        // the curves told apart by dashes.
        const stroke = LANE_COLORS[(lanes > 1 ? lane : k) % LANE_COLORS.length]!;
        series.push({
          label: `${c.name}${tag}`,
          stroke,
          side: k === 0 ? 'left' : 'right',
          ...(k > 1 && lanes > 1 ? { dash: [2, 3] } : {}),
        });
        data.push(Array.from(c.values(lane), (v) => clean(v, k === 0 && leftLog)));
      });
    }
    if (right.some((name) => name === 'sharpness' || name.startsWith('eig ')))
      for (const eta of new Set(rates)) {
        series.push({
          label: `2/eta = ${(2 / eta).toPrecision(4)}`,
          stroke: '#999',
          side: 'right',
          dash: [6, 4],
        });
        data.push(xs.map(() => 2 / eta));
      }
    const rightLabel = right.some((n) => n.startsWith('eig '))
      ? [...right.filter((n) => !n.startsWith('eig ')), 'top eigenvalues'].join(', ')
      : right.join(', ');
    const opts = trajectoryOptions(
      Math.max(320, host.clientWidth || 640),
      Math.max(200, host.clientHeight || 320),
      left,
      rightLabel || ' ',
      leftLog,
      series,
      this.ink(),
    );
    this.plot = new uPlot(opts, [xs, ...data] as uPlot.AlignedData, host);
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

/** Vector observables drawn as one line per entry (shape [n] or []): singular values and params are not. */
const DRAWN_VECTORS = ['eigs', 'modes', 'gap', 'alignment'] as const;

/** `eig 1`, `mode 2`, `gap 1`, ...; a one-entry vector keeps its name. */
function curveName(name: string, i: number, width: number): string {
  const short = { eigs: 'eig', modes: 'mode', gap: 'gap' }[name] ?? name;
  return width === 1 && name === 'alignment' ? name : `${short} ${i + 1}`;
}

/**
 * The `observables` attribute: a comma list of recorded observables (default loss, sharpness); `eigs` draws
 * the top `k` Hessian eigenvalues (attribute k, 4) on the right axis, `modes` / `gap` (dln) and `alignment`
 * (mlp) their entries.
 */
function parseObservables(raw: string | null): (Observable | (typeof DRAWN_VECTORS)[number])[] {
  if (raw === null || raw.trim() === '') return ['loss', 'sharpness'];
  const allowed: string[] = [...OBSERVABLES, ...DRAWN_VECTORS];
  return raw.split(',').map((o, i) => {
    const name = o.trim();
    if (!allowed.includes(name))
      throw new SpecError(
        `record.observables.${i}`,
        `(attribute observables) must be one of ${allowed.join(', ')}, got ${JSON.stringify(name)}`,
      );
    return name as Observable | (typeof DRAWN_VECTORS)[number];
  });
}

/** One drawn line per lane: a recorded observable or one of the top eigenvalues. */
interface Curve {
  name: string;
  values: (lane: number) => ArrayLike<number>;
}

function laneRates(r: RunResult): number[] {
  return Array.from({ length: r.lanes }, (_, lane) => laneLr(r, lane));
}
