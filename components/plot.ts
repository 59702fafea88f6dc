// uPlot options for the elements, built by pure functions (testable without a canvas). Dense images are
// painted in a draw hook over the plot's bounding box; uPlot supplies axes, cursor and drag selection.
import type uPlot from 'uplot';
import { tickLabels } from '../src/views/ticks.js';

export interface ImageLayer {
  /** The picture, one pixel per (column, row); drawn scaled over the plot area without smoothing. */
  source: CanvasImageSource | undefined;
}

export interface DensityPlotOptions {
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  x: [number, number];
  y: [number, number];
  xLog: boolean;
  yLog: boolean;
  layer: ImageLayer;
  /** Horizontal or curved guides (e.g. kappa = 2, sharpness = 2 / eta) as extra series over x. */
  guides: { label: string; stroke: string }[];
  /** Called with the selected x (and y) range in data units after a drag. */
  onSelect: (x: [number, number], y: [number, number]) => void;
}

/**
 * One axis: ticks labelled by tickLabels (offset notation deep in a zoom, where plain labels would repeat),
 * a vertical axis as wide as its longest label.
 */
const axis = (label: string, stroke: string, vertical = false): uPlot.Axis => ({
  label,
  stroke,
  grid: { stroke: 'rgba(128,128,128,0.15)' },
  values: (_u: uPlot, splits: (number | null)[]) => tickLabels(splits),
  ...(vertical
    ? {
        size: (_u: uPlot, values: string[] | null) =>
          Math.max(50, 24 + 7 * Math.max(0, ...(values ?? []).map((v) => (v ?? '').length))),
      }
    : {}),
});

/**
 * A plot whose data area is an image (bifurcation density, basin map): x and y scales fixed to the data
 * ranges, drag selects a box, the image is painted under the axes in the `drawClear` hook.
 * @example
 * new uPlot(imagePlotOptions({ ...size, x: [3.6, 8.4], y: [0, 2], layer, guides: [], onSelect }), [xs], el);
 */
export function imagePlotOptions(o: DensityPlotOptions, ink = '#444'): uPlot.Options {
  return {
    width: o.width,
    height: o.height,
    scales: {
      x: { time: false, auto: false, range: o.x, distr: o.xLog ? 3 : 1 },
      y: { auto: false, range: o.y, distr: o.yLog ? 3 : 1 },
    },
    axes: [axis(o.xLabel, ink), axis(o.yLabel, ink, true)],
    series: [
      { label: o.xLabel },
      ...o.guides.map((g) => ({ label: g.label, stroke: g.stroke, width: 1.5, points: { show: false } })),
    ],
    legend: { show: false },
    cursor: { drag: { x: true, y: true, uni: 20 }, points: { show: false } },
    hooks: {
      drawClear: [
        (u: uPlot) => {
          const src = o.layer.source;
          if (!src) return;
          const { left, top, width, height } = u.bbox;
          u.ctx.save();
          u.ctx.imageSmoothingEnabled = false;
          u.ctx.drawImage(src, left, top, width, height);
          u.ctx.restore();
        },
      ],
      setSelect: [
        (u: uPlot) => {
          const s = u.select;
          if (s.width < 3 && s.height < 3) return;
          const x: [number, number] = [u.posToVal(s.left, 'x'), u.posToVal(s.left + s.width, 'x')];
          const y: [number, number] = [u.posToVal(s.top + s.height, 'y'), u.posToVal(s.top, 'y')];
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          o.onSelect(x, s.height < 3 ? [o.y[0], o.y[1]] : y);
        },
      ],
    },
  };
}

/** One line of a trajectory chart. */
export interface TrajectorySeries {
  label: string;
  stroke: string;
  /** 'left' (the first observable; log scale for losses and gradient norms) or 'right'. */
  side: 'left' | 'right';
  dash?: number[];
}

/**
 * Observables against the step: the first observable on the left axis (log scale when `leftLog`), the others
 * (and guides such as 2/eta) on the right.
 * @example
 * trajectoryOptions(640, 320, 'loss', 'sharpness', true, [{ label: 'loss', stroke: '#0072b2', side: 'left' }]);
 */
export function trajectoryOptions(
  width: number,
  height: number,
  leftLabel: string,
  rightLabel: string,
  leftLog: boolean,
  series: TrajectorySeries[],
  ink = '#444',
): uPlot.Options {
  const exp = (_u: uPlot, vals: (number | null)[]) => vals.map((v) => (v === null ? '' : v.toExponential(0)));
  return {
    width,
    height,
    scales: { x: { time: false }, left: { distr: leftLog ? 3 : 1 }, right: {} },
    axes: [
      axis('step', ink),
      { ...axis(leftLabel, ink, true), scale: 'left', ...(leftLog ? { values: exp } : {}) },
      { ...axis(rightLabel, ink, true), scale: 'right', side: 1, grid: { show: false } },
    ],
    series: [
      { label: 'step' },
      ...series.map((s) => ({
        label: s.label,
        stroke: s.stroke,
        width: s.dash ? 1 : 1.5,
        scale: s.side,
        points: { show: false },
        ...(s.dash ? { dash: s.dash } : {}),
      })),
    ],
    cursor: { drag: { x: true, y: false } },
  };
}
