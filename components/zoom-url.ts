// A figure's zoom in the page's URL (issue 20, item 4), for elements with `zoom-url` and an id: each zoom pushes
// a history entry whose fragment holds the element's windows as `#<id>=<JSON>` (several elements share the
// fragment, `&`-separated, each keeping its own key); a page opened with such a fragment draws that zoom; back
// and forward redraw the entry's zoom; a reset (double-click) removes the element's key. A Lit reactive
// controller, so the element only calls it.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ZoomWindow } from '../src/spec/zoom.js';

/** The fragment's entries as key -> raw value (decoded). */
function entries(hash: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1)));
  }
  return out;
}

/**
 * The windows stored under `id` in a fragment, or undefined (absent or not a list of windows).
 * @example
 * readZoom('#uv=%5B%7B%22axis%22%3A0%2C%22min%22%3A5%2C%22max%22%3A6%7D%5D', 'uv'); // [{ axis: 0, min: 5, max: 6 }]
 */
export function readZoom(hash: string, id: string): ZoomWindow[] | undefined {
  const raw = entries(hash).get(id);
  if (raw === undefined) return undefined;
  try {
    const w = JSON.parse(raw) as unknown;
    const ok =
      Array.isArray(w) &&
      w.length > 0 &&
      w.every(
        (x: Partial<ZoomWindow>) =>
          typeof x === 'object' &&
          x !== null &&
          [x.axis, x.min, x.max].every((v) => typeof v === 'number' && Number.isFinite(v)),
      );
    return ok ? (w as ZoomWindow[]).map(({ axis, min, max }) => ({ axis, min, max })) : undefined;
  } catch {
    return undefined;
  }
}

/** The fragment with `id`'s windows set (or removed when undefined), other keys kept in order. */
export function writeZoom(hash: string, id: string, windows: readonly ZoomWindow[] | undefined): string {
  const e = entries(hash);
  if (windows) e.set(id, JSON.stringify(windows.map(({ axis, min, max }) => ({ axis, min, max }))));
  else e.delete(id);
  const parts = [...e].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

/** What the controller needs of its element. */
export interface ZoomUrlHost extends ReactiveControllerHost, HTMLElement {
  /** Whether the element keeps its zoom in the URL (the `zoom-url` attribute). */
  zoomUrl: boolean;
  /** Draws these windows (undefined: the element's own spec), without pushing a history entry. */
  showZoom(windows: ZoomWindow[] | undefined): void;
}

export class ZoomUrlController implements ReactiveController {
  private readonly onPop = () => {
    if (this.active()) this.host.showZoom(readZoom(location.hash, this.host.id));
  };

  constructor(private readonly host: ZoomUrlHost) {
    host.addController(this);
  }

  private active(): boolean {
    return this.host.zoomUrl && Boolean(this.host.id) && typeof location !== 'undefined';
  }

  hostConnected(): void {
    addEventListener('popstate', this.onPop);
  }

  hostDisconnected(): void {
    removeEventListener('popstate', this.onPop);
  }

  /** The windows the URL holds for this element now (the first run draws them). */
  initial(): ZoomWindow[] | undefined {
    return this.active() ? readZoom(location.hash, this.host.id) : undefined;
  }

  /** Records a zoom (or, undefined, a reset) as a new history entry. */
  push(windows: readonly ZoomWindow[] | undefined): void {
    if (!this.active()) return;
    const hash = writeZoom(location.hash, this.host.id, windows);
    if (hash === location.hash) return;
    history.pushState(history.state, '', hash || `${location.pathname}${location.search}`);
  }
}
