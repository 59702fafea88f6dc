// uPlot options for the elements, built by pure functions (testable without a canvas). Dense images are
// painted in a draw hook over the plot's bounding box; uPlot supplies axes, cursor and drag selection.
import type uPlot from 'uplot';

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

const axis = (label: string, stroke: string): uPlot.Axis => ({
  label,
  stroke,
  grid: { stroke: 'rgba(128,128,128,0.15)' },
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
    axes: [axis(o.xLabel, ink), axis(o.yLabel, ink)],
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

/** Loss (log scale) and sharpness against the step, with the 2 / eta line on the sharpness axis. */
export function trajectoryOptions(width: number, height: number, eta: number, ink = '#444'): uPlot.Options {
  return {
    width,
    height,
    scales: { x: { time: false }, loss: { distr: 3 }, sharp: {} },
    axes: [
      axis('step', ink),
      {
        ...axis('loss', '#0072b2'),
        scale: 'loss',
        values: (_u, vals) => vals.map((v) => (v === null ? '' : v.toExponential(0))),
      },
      { ...axis('sharpness', '#d55e00'), scale: 'sharp', side: 1, grid: { show: false } },
    ],
    series: [
      { label: 'step' },
      { label: 'loss', stroke: '#0072b2', width: 1.5, scale: 'loss', points: { show: false } },
      { label: 'sharpness', stroke: '#d55e00', width: 1.5, scale: 'sharp', points: { show: false } },
      {
        label: `2/eta = ${(2 / eta).toPrecision(4)}`,
        stroke: '#999',
        dash: [6, 4],
        width: 1,
        scale: 'sharp',
        points: { show: false },
      },
    ],
    cursor: { drag: { x: true, y: false } },
  };
}
