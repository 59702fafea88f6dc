// Figures as PNG or SVG files: the pure pixels of src/views/image.ts framed with axes, ticks, labels, a
// legend and a caption, drawn by @napi-rs/canvas (Skia). That package is optional: it is loaded only when
// a figure is drawn, and a clear error says how to get it when it is missing.
import type { Pixels, Legend } from '../views/image.js';
import { niceTicks, tickLabels } from '../views/ticks.js';

export interface Axis {
  label: string;
  lo: number;
  hi: number;
  log: boolean;
}

export interface FigureFrame {
  pixels: Pixels;
  x: Axis;
  y: Axis;
  legend: Legend;
  caption: string;
  title: string;
  /** Print scale: every length times this (default 1). */
  scale?: number;
}

type Canvas = typeof import('@napi-rs/canvas');

async function loadCanvas(): Promise<Canvas> {
  try {
    return await import('@napi-rs/canvas');
  } catch (e) {
    throw new Error(
      `[eos-lab] drawing figures needs the optional package @napi-rs/canvas (npm install @napi-rs/canvas): ${(e as Error).message}`,
      { cause: e },
    );
  }
}

const fmt = (v: number): string => {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
};

/** Tick positions in data units and their labels (log axes: decades). */
function ticks(axis: Axis): { at: number; label: string }[] {
  if (axis.log) {
    const lo = Math.log10(axis.lo);
    const hi = Math.log10(axis.hi);
    return niceTicks(lo, hi, 6)
      .filter((e) => Number.isInteger(e) || hi - lo < 3)
      .map((e) => ({ at: e, label: Number.isInteger(e) ? `1e${e}` : fmt(10 ** e) }));
  }
  const at = niceTicks(axis.lo, axis.hi, 6);
  const labels = tickLabels(at);
  return at.map((v, i) => ({ at: v, label: labels[i]! }));
}

/** Draws the figure; returns PNG bytes, or SVG text when `svg`. */
export async function drawFigure(frame: FigureFrame, format: 'png' | 'svg'): Promise<Uint8Array> {
  const { createCanvas, SvgExportFlag } = await loadCanvas();
  const s = frame.scale ?? 1;
  const { pixels } = frame;
  const clamp = (v: number, a: number, b: number) => Math.min(b, Math.max(a, v));
  // One image pixel per screen pixel where it fits; never flatter than 2:1 (bins are stretched to keep it).
  const w = clamp(pixels.width, 480, 4096);
  const pw = Math.round(w * s);
  const ph = Math.round(clamp(Math.max(pixels.height, w / 2), 360, 4096) * s);
  const left = 80 * s;
  const top = 40 * s;
  const right = 190 * s;
  const bottom = 80 * s;
  const W = Math.round(left + pw + right);
  const H = Math.round(top + ph + bottom);
  const canvas = format === 'svg' ? createCanvas(W, H, SvgExportFlag.ConvertTextToPaths) : createCanvas(W, H);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, W, H);
  const img = createCanvas(pixels.width, pixels.height);
  const ictx = img.getContext('2d');
  const data = ictx.createImageData(pixels.width, pixels.height);
  data.data.set(pixels.data);
  ictx.putImageData(data, 0, 0);
  g.imageSmoothingEnabled = false;
  g.drawImage(img, left, top, pw, ph);
  g.strokeStyle = '#333333';
  g.lineWidth = s;
  g.strokeRect(left, top, pw, ph);
  g.fillStyle = '#111111';
  g.font = `${12 * s}px sans-serif`;
  const span = (axis: Axis) =>
    (axis.log ? [Math.log10(axis.lo), Math.log10(axis.hi)] : [axis.lo, axis.hi]) as [number, number];
  const [x0, x1] = span(frame.x);
  const [y0, y1] = span(frame.y);
  g.textAlign = 'center';
  g.textBaseline = 'top';
  for (const t of ticks(frame.x)) {
    const px = left + ((t.at - x0) / (x1 - x0 || 1)) * pw;
    g.fillRect(px, top + ph, s, 5 * s);
    g.fillText(t.label, px, top + ph + 8 * s);
  }
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (const t of ticks(frame.y)) {
    const py = top + ph - ((t.at - y0) / (y1 - y0 || 1)) * ph;
    g.fillRect(left - 5 * s, py, 5 * s, s);
    g.fillText(t.label, left - 8 * s, py);
  }
  g.font = `${13 * s}px sans-serif`;
  g.textAlign = 'center';
  g.textBaseline = 'top';
  g.fillText(frame.x.label, left + pw / 2, top + ph + 28 * s);
  g.save();
  g.translate(18 * s, top + ph / 2);
  g.rotate(-Math.PI / 2);
  g.fillText(frame.y.label, 0, 0);
  g.restore();
  g.font = `bold ${14 * s}px sans-serif`;
  g.textAlign = 'left';
  g.fillText(frame.title, left, 12 * s);
  g.font = `${11 * s}px sans-serif`;
  g.fillStyle = '#444444';
  g.fillText(frame.caption, left, top + ph + 52 * s);
  drawLegend(g as unknown as CanvasRenderingContext2D, frame.legend, left + pw + 20 * s, top, ph, s);
  if (format === 'svg') return new Uint8Array((canvas as unknown as { getContent(): Buffer }).getContent());
  return new Uint8Array((canvas as unknown as { toBuffer(m: 'image/png'): Buffer }).toBuffer('image/png'));
}

function drawLegend(
  g: CanvasRenderingContext2D,
  legend: Legend,
  x: number,
  y: number,
  h: number,
  s: number,
): void {
  g.font = `${12 * s}px sans-serif`;
  g.textAlign = 'left';
  g.textBaseline = 'middle';
  if (legend.kind === 'swatches') {
    legend.items.forEach((item, i) => {
      const cy = y + 10 * s + i * 22 * s;
      g.fillStyle = `rgb(${item.color.join(',')})`;
      g.fillRect(x, cy - 7 * s, 14 * s, 14 * s);
      g.fillStyle = '#111111';
      g.fillText(item.label, x + 20 * s, cy);
    });
    return;
  }
  const barH = Math.min(h, 300 * s);
  for (let i = 0; i < barH; i++) {
    g.fillStyle = `rgb(${legend.color(1 - i / barH).join(',')})`;
    g.fillRect(x, y + i, 16 * s, 1.5);
  }
  g.fillStyle = '#111111';
  g.fillText(fmt(legend.hi), x + 22 * s, y + 6 * s);
  g.fillText(fmt(legend.lo), x + 22 * s, y + barH - 6 * s);
  g.save();
  g.translate(x + 8 * s, y + barH + 14 * s);
  g.font = `${11 * s}px sans-serif`;
  const words = legend.label.split(' ');
  let line = '';
  let row = 0;
  for (const w of words) {
    if ((line + w).length > 24) {
      g.fillText(line.trim(), -8 * s, row * 14 * s);
      line = '';
      row++;
    }
    line += `${w} `;
  }
  g.fillText(line.trim(), -8 * s, row * 14 * s);
  g.restore();
}
