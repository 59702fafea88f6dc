// Pixels (src/views/image.ts) onto canvases for the elements' draw hooks; text legends for the classes.
import { html, type TemplateResult } from 'lit';
import type { Pixels, Legend } from '../src/views/image.js';

/** A canvas holding the pixels one to one (the draw hook scales it over the plot area). */
export function pixelCanvas(p: Pixels, reuse?: HTMLCanvasElement): HTMLCanvasElement {
  const c = reuse ?? document.createElement('canvas');
  if (c.width !== p.width || c.height !== p.height) {
    c.width = p.width;
    c.height = p.height;
  }
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(p.width, p.height);
  img.data.set(p.data);
  ctx.putImageData(img, 0, 0);
  return c;
}

/** The legend as markup (swatches with labels, or the colour bar's ends). */
export function legendTemplate(legend: Legend): TemplateResult {
  if (legend.kind === 'swatches') {
    return html`<div class="legend" part="legend">
      ${legend.items.map((i) => html`<span><span class="swatch" style="background: rgb(${i.color.join(',')})"></span>${i.label}</span>`)}
    </div>`;
  }
  const stops = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `rgb(${legend.color(t).join(',')}) ${t * 100}%`)
    .join(', ');
  return html`<div class="legend" part="legend">
    <span>${legend.lo.toPrecision(3)}</span>
    <span class="swatch" style="width: 8em; background: linear-gradient(to right, ${stops})"></span>
    <span>${legend.hi.toPrecision(3)}</span><span>${legend.label}</span>
  </div>`;
}
