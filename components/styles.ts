// Shared element styles: theming through CSS custom properties (light by default; set them for dark pages)
// and uPlot's own stylesheet adopted inside each shadow root.
import { css, unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

export const figureStyles = [
  unsafeCSS(uplotCss),
  css`
    :host {
      display: block;
      color: var(--eos-ink, #222);
      background: var(--eos-background, transparent);
      font: var(--eos-font, 14px system-ui, sans-serif);
      max-width: 100%;
    }
    figure {
      margin: 0;
    }
    .toolbar {
      display: flex;
      gap: 0.5em;
      align-items: center;
      min-height: 2em;
    }
    button {
      font: inherit;
      color: var(--eos-button-ink, inherit);
      background: var(--eos-button-background, #f3f3f3);
      border: 1px solid var(--eos-border, #bbb);
      border-radius: 4px;
      padding: 0.15em 0.6em;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 2px solid var(--eos-accent, #0072b2);
    }
    .badge {
      display: inline-block;
      margin: 0.25em 0;
      padding: 0.05em 0.5em;
      border: 1px solid var(--eos-accent, #0072b2);
      border-radius: 1em;
      color: var(--eos-accent, #0072b2);
      font-size: 0.85em;
    }
    progress {
      flex: 1;
      accent-color: var(--eos-accent, #0072b2);
    }
    .plot {
      position: relative;
      min-height: var(--eos-plot-height, 320px);
    }
    canvas.gpu-image {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      image-rendering: pixelated;
    }
    figcaption {
      font-size: 0.85em;
      color: var(--eos-muted, #555);
      min-height: 1.2em;
    }
    :host([state='error']) .message {
      color: var(--eos-error, #b00020);
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.8em;
      font-size: 0.85em;
    }
    .swatch {
      display: inline-block;
      width: 0.9em;
      height: 0.9em;
      margin-right: 0.3em;
      vertical-align: -0.1em;
    }
    .sr-only {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
  `,
];
