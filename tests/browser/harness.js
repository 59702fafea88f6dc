// Shared by the browser checks: a static file server on loopback and headless Chromium with WebGPU on the
// machine's GPU or SwiftShader (Debian's chromium; Puppeteer downloads no browser).
import puppeteer from 'puppeteer';
export { serve } from '../../scripts/static-server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Headless Chromium with WebGPU through the launcher the package exports (eos-lab/testing: the machine's GPU,
 * else SwiftShader); `webgpu: false` starts it without WebGPU (what readers of other browsers get).
 */
export async function launch({ webgpu = true } = {}) {
  const { launchWebGPUBrowser, CHROMIUM_FLAGS } = await import('../../dist/testing.js');
  if (!webgpu) {
    const args = [
      ...CHROMIUM_FLAGS.filter((f) => f !== '--enable-unsafe-webgpu'),
      '--disable-features=WebGPU',
    ];
    return puppeteer.launch({ executablePath: CHROMIUM, headless: true, args });
  }
  const { browser, adapter } = await launchWebGPUBrowser({ executablePath: CHROMIUM });
  console.log(`     browser adapter: ${JSON.stringify(adapter)}`);
  return browser;
}

/** A check reporter: prints ok / FAIL lines and counts them. */
export function checker() {
  const counts = { passed: 0, failed: 0 };
  const check = (ok, what) => {
    if (ok) counts.passed++;
    else counts.failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  };
  return { check, counts };
}

/** Collects console errors and page errors of a page. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** How long a figure may take to settle on the software GPU. */
export const SETTLE_MS = 240_000;

/** Waits until element `sel` reaches one of `states` (or times out), returns its state and message. */
export async function settle(page, sel, states = ['done', 'error', 'fallback']) {
  await page.waitForFunction(
    (s, st) => st.includes(document.querySelector(s)?.state),
    { timeout: SETTLE_MS },
    sel,
    states,
  );
  return page.evaluate((s) => {
    const el = document.querySelector(s);
    return { state: el.state, message: el.shadowRoot.querySelector('.message')?.textContent ?? '' };
  }, sel);
}

/**
 * Non-white pixels of the element's figure (0 when it has none), read from its snapshot(): the image (a WebGPU
 * canvas's repainted, or the 2-D one) under the axes.
 */
export const inked = (page, sel) =>
  page.evaluate(async (s) => {
    const el = document.querySelector(s);
    const c = (await el?.snapshot?.()) ?? el?.shadowRoot.querySelector('canvas');
    if (!c) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++;
    return n;
  }, sel);

/** The plot area (uPlot's .u-over) of the element `sel` as { x, y, w, h } in page pixels, for mouse gestures. */
export const plotBox = (page, sel) =>
  page.evaluate((s) => {
    const r = document.querySelector(s).shadowRoot.querySelector('.u-over').getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height };
  }, sel);
