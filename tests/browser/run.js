// Browser check: builds tests/browser/page with Vite, serves it on loopback, runs it in Debian's headless
// Chromium on SwiftShader WebGPU (Puppeteer, no browser download), and compares the engine's result with
// the float64 reference computed here in Node. Fails on any console error. Screenshot: out/browser-engine.png.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { runReference } from '../../dist/index.js';
import { launch, serve } from './harness.js';

const root = resolve('tests/browser/page');
const outDir = resolve('out/browser-page');

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

// The Node-only device module (Dawn) is never loaded in a browser: keep it and node: built-ins out.
await build({
  root,
  base: './',
  logLevel: 'warn',
  build: { outDir, emptyOutDir: true, target: 'es2022', rollupOptions: { external: ['webgpu', /^node:/] } },
});
const server = await serve(outDir);
const url = `${server.url}index.html`;

const browser = await launch();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction('window.__eos || window.__eosError', { timeout: 240_000 });
  const { result, error } = await page.evaluate(() => ({ result: window.__eos, error: window.__eosError }));
  mkdirSync('out', { recursive: true });
  await page.screenshot({ path: 'out/browser-engine.png' });
  check(!error, `engine ran in the browser${error ? `: ${error}` : ''}`);
  check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join(' | ')}` : ''}`);
  if (result) {
    console.log(`     device: ${JSON.stringify(result.device)}`);
    // Same spec as the page; lanes spread over the sweep. Below the edge of stability (first lanes) the
    // outputs converge and agree to f32 resolution; further out outcomes are compared: diverged or not.
    const spec = JSON.parse(readFileSync(join(root, 'spec.json'), 'utf8'));
    const lanes = [0, 40, 80, 128, 200, 255];
    const ref = runReference(spec, { lanes });
    for (const r of ref) {
      check(
        result.diverged[r.lane] === (r.divergedAt >= 0 ? 1 : 0),
        `lane ${r.lane}: diverged flag matches f64`,
      );
      if (r.lane < 60) {
        check(
          Math.abs(result.finalOutput[r.lane] - r.final.output) < 1e-4,
          `lane ${r.lane}: converged output matches f64`,
        );
      }
    }
    // Precision double (docs/equations.md, "Double precision"): Chromium's compiler keeps the error terms, and a
    // 1e-10 window of the fractal boundary is classified as float64 classifies it on >= 95 % of lanes.
    const p = result.probe;
    check(
      p.exact && p.addBits >= 45 && p.mulBits >= 45,
      `df64 probe: two_sum/two_prod exact, add ${p.addBits.toFixed(1)} bits, multiply ${p.mulBits.toFixed(1)} bits`,
    );
    const deep = JSON.parse(readFileSync(join(root, 'deep.json'), 'utf8'));
    const truth = runReference(deep).map((l) => (l.divergedAt >= 0 ? 1 : 0));
    const same = truth.filter((d, i) => d === result.deep.diverged[i]).length / truth.length;
    check(
      result.deep.precision === 'double' && same >= 0.95,
      `deep zoom (${result.deep.precision}): ${(100 * same).toFixed(1)} % of lanes classified as float64 does`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
console.log(`\nbrowser: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
