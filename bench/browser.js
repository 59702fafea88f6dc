// npm run bench:browser: the elements in headless Chromium (WebGPU on the machine's GPU, else SwiftShader):
// time from page load to the coarse picture (progressive figures), the first visible tile and to the complete 2048-column UV bifurcation diagram,
// the time to recompute a zoom, the longest main-thread task meanwhile (frames stay responsive), and the time
// from a formula never seen before to its drawn figure.
import { build } from 'vite';
import { launch, serve } from '../tests/browser/harness.js';

await build({ configFile: 'vite.gallery.config.ts', logLevel: 'warn' });
const server = await serve('.');
const spec = {
  model: { name: 'uv', width: 16 },
  init: { seed: 0, scale: 0.1 },
  optimizer: { name: 'gd', lr: 1 },
  sweep: [{ path: 'optimizer.lr', min: 3.6, max: 8.4, count: 2048 }],
  steps: 1000,
  figure: { kind: 'bifurcation', observable: 'output', window: 128, bins: 256 },
};
const browser = await launch();
try {
  for (const run of [1, 2]) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    await page.evaluateOnNewDocument(() => {
      window.__bench = { longest: 0, tiles: [] };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__bench.longest = Math.max(window.__bench.longest, e.duration);
      }).observe({ type: 'longtask', buffered: true });
      document.addEventListener('eos-coarse', () => (window.__bench.coarse ??= performance.now()));
      document.addEventListener('eos-tile', () => window.__bench.tiles.push(performance.now()));
      document.addEventListener('eos-done', () => (window.__bench.done = performance.now()));
    });
    await page.goto(
      `${server.url}out/gallery/playground.html?embed=1#${encodeURIComponent(JSON.stringify(spec))}`,
    );
    await page.waitForFunction(() => window.__bench.done, { timeout: 600_000 });
    const load = await page.evaluate(() => ({ ...window.__bench, longestLoad: window.__bench.longest }));
    // Zoom: the middle fifth of the axis, recomputed at full resolution.
    const zoom = await page.evaluate(async () => {
      const el = document.getElementById('figure-element');
      window.__bench.longest = 0;
      const t0 = performance.now();
      await el.run((s) => ({ ...s, sweep: [{ ...s.sweep[0], min: 5.5, max: 6.5 }] }));
      return { ms: performance.now() - t0, longest: window.__bench.longest };
    });
    // A formula never seen before, to its drawn result (the compiler's file on first use, parse, generate,
    // compile, 64 lanes x 100 steps): the first on the page, then two more.
    const formula = await page.evaluate(async () => {
      const times = [];
      for (let k = 0; k < 3; k++) {
        const el = document.createElement('eos-bifurcation');
        el.setAttribute('start', 'click');
        el.spec = {
          model: { name: 'formula', params: ['x'], loss: `(x^2 - 1)^2/4 + ${k + 1}e-9*x` },
          init: { x: 0.3 },
          optimizer: { name: 'gd', lr: 1 },
          sweep: [{ path: 'optimizer.lr', min: 0.5, max: 2, count: 64 }],
          steps: 100,
          figure: { kind: 'bifurcation', window: 32, bins: 64 },
        };
        document.body.append(el);
        const t0 = performance.now();
        await el.run();
        times.push(performance.now() - t0);
        el.remove();
      }
      return times;
    });
    const device = await page.evaluate(() => document.getElementById('figure-element').result.device);
    console.log(
      `run ${run}: coarse picture ${load.coarse?.toFixed(0) ?? '-'} ms, first tile ${load.tiles[0]?.toFixed(0)} ms, complete ${load.done.toFixed(0)} ms after navigation ` +
        `(${load.tiles.length} tiles; longest main-thread task ${load.longestLoad.toFixed(0)} ms); zoom ${zoom.ms.toFixed(0)} ms ` +
        `(longest task ${zoom.longest.toFixed(0)} ms); new formula to its figure ${formula.map((t) => t.toFixed(0)).join(' / ')} ms; ` +
        `adapter ${device.vendor} ${device.architecture}`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
