// The template every figure element renders: toolbar (Run, progress and Cancel, exports, "Zoom movie"), the
// precision badge, the plot area, the caption (status line and screen-reader summary), the "Data" table and the
// fallback slot. The element (base.ts) says what is shown and what each button does.
import { html, nothing, type TemplateResult } from 'lit';
import type { FigureState } from './figure-types.js';

/** What the template shows, and the buttons' actions. */
export interface FigureView {
  state: FigureState;
  start: 'visible' | 'click';
  running: boolean;
  progress: number;
  message: string;
  badge: string;
  /** A result is drawn: the export buttons show. */
  hasResult: boolean;
  /** The "Zoom movie" button shows (a lane was clicked, nothing runs or records). */
  movie: boolean;
  /** The plot area shows (not in a fallback without drawn data: an empty plot would read as a result). */
  showPlot: boolean;
  plot: () => TemplateResult;
  summary: string;
  rows: () => [string, string][];
  on: {
    run: () => void;
    cancel: () => void;
    png: () => void;
    csv: () => void;
    json: () => void;
    movie: () => void;
  };
}

export function figureTemplate(v: FigureView): TemplateResult {
  return html`
    <figure part="figure" aria-busy=${v.running}>
      <div part="toolbar" class="toolbar">
        ${
          v.start === 'click' || v.state === 'idle' || v.state === 'error'
            ? html`<button part="button run" @click=${v.on.run} ?disabled=${v.running}>Run</button>`
            : nothing
        }
        ${
          v.running
            ? html`<progress part="progress" max="1" .value=${v.progress} aria-label="progress"></progress>
                <button part="button cancel" @click=${v.on.cancel}>Cancel</button>`
            : nothing
        }
        ${
          v.hasResult
            ? html`<button part="button export" @click=${v.on.png} aria-label="Download PNG">PNG</button>
                <button part="button export" @click=${v.on.csv} aria-label="Download CSV">CSV</button>
                <button part="button export" @click=${v.on.json} aria-label="Download JSON">JSON</button>
                ${
                  v.movie
                    ? html`<button
                        part="button movie"
                        @click=${v.on.movie}
                        aria-label="Record a zoom into the clicked point as a video"
                      >
                        Zoom movie
                      </button>`
                    : nothing
                }`
            : nothing
        }
      </div>
      ${v.badge ? html`<span class="badge" part="badge">${v.badge}</span>` : nothing}
      ${v.showPlot ? v.plot() : nothing}
      <figcaption part="caption">
        <span class="message" part="message" role=${v.state === 'error' ? 'alert' : 'status'}
          >${v.message}</span
        >
        <span class="sr-only">${v.summary}</span>
      </figcaption>
      ${
        v.state === 'done'
          ? html`<details part="data">
              <summary>Data</summary>
              <table>
                ${v.rows().map(
                  ([k, v]) =>
                    html`<tr>
                      <th scope="row">${k}</th>
                      <td>${v}</td>
                    </tr>`,
                )}
              </table>
            </details>`
          : nothing
      }
      ${v.state === 'fallback' ? html`<slot name="fallback"></slot>` : nothing}
    </figure>
  `;
}
