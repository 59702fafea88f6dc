// The lanes per axis of a figure whose count is 'auto' (columns / count / resolution attributes): its plot's
// width in device pixels, capped by the work the page's GPU finishes in about a second (issue 21, item 4).
import { pageController } from './controller.js';

/** Lane-steps per second assumed of a hardware GPU before this page has measured one (a real run sets it). */
const AUTO_RATE = 1e9;

/**
 * Lanes per axis for an 'auto' count of an element `width` CSS pixels wide (0: not laid out, 640 assumed): the
 * plot's width in device pixels (a map's side), and no more than the GPU finishes in about a second at its
 * measured speed (today's sizes, 256 and 128, on a software adapter, or before the adapter is known).
 */
export function autoCount(width: number, axes: number, steps: number): number {
  const dpr = (globalThis as { devicePixelRatio?: number }).devicePixelRatio || 1;
  // The plots' own sizes (plot.ts callers): a diagram at least 320 wide, a map's side 240 to 640; less the
  // axes' gutter.
  const w = width || 640;
  const side = axes === 2 ? Math.min(Math.max(w, 240), 640) - 60 : Math.max(w, 320) - 70;
  let n = Math.round(side * dpr);
  const ctl = pageController();
  if (ctl.adapter?.isFallback ?? true) n = Math.min(n, axes === 2 ? 128 : 256);
  else {
    const lanes = (ctl.laneStepsPerSecond ?? AUTO_RATE) / Math.max(1, steps);
    n = Math.min(n, Math.floor(axes === 2 ? Math.sqrt(lanes) : lanes));
  }
  return Math.max(16, n);
}
