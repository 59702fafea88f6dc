// Every gallery page as a reader opens it, in headless Chromium on SwiftShader WebGPU: every figure's spec is
// validated and every figure runs (click-started ones too; large ones with fewer lanes and steps, set through
// their properties), with no console error. Then the elements' properties (what React, Vue and Svelte set)
// and theming custom properties, each checked to reach what it names; and the fallback states, which show the
// static image or the precomputed result and never an uncomputed plot. Screenshots: out/page-*.png.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import { Engine, resultToJSON } from '../../dist/index.js';
import { checker, inked, launch, serve, settle, watchErrors } from './harness.js';

const { check, counts } = checker();
await build({ configFile: 'vite.gallery.config.ts', logLevel: 'warn' });
mkdirSync('out', { recursive: true });
const server = await serve('.');

// The gallery build splits its code into chunks under Vite's 500 kB warning (issue 21, defect 4).
const assets = readdirSync('out/gallery/assets').filter((f) => f.endsWith('.js'));
const largest = Math.max(...assets.map((f) => statSync(`out/gallery/assets/${f}`).size));
check(largest < 500_000, `gallery chunks stay under 500 kB (largest ${(largest / 1000).toFixed(0)} kB)`);

/** Most lanes and steps a figure runs with in this check (figures tuned for a real GPU are cut down). */
const CAP = { columns: 32, count: 16, steps: 400 };

const browser = await launch();
try {
  const pages = readdirSync('gallery').filter((f) => f.endsWith('.html') && f !== 'playground.html');
  // EOS_CHECK_PAGES=zhu.html,mlp.html checks only those pages (while working on them); CI checks all.
  const only = process.env.EOS_CHECK_PAGES?.split(',');
  for (const file of pages.filter((f) => !only || only.includes(f))) {
    const p = await browser.newPage();
    // One pixel high: no figure is in view, so none starts before the check has cut it down.
    await p.setViewport({ width: 1000, height: 1 });
    const errors = watchErrors(p);
    await p.goto(`${server.url}out/gallery/${file}`);
    await p.waitForFunction(() => customElements.get('eos-bifurcation'));
    const figures = await p.evaluate((cap) => {
      return [...document.querySelectorAll('eos-bifurcation, eos-basin-map, eos-trajectory')].map((el, i) => {
        el.id ||= `figure-${i}`;
        let spec;
        try {
          spec = el.buildSpec(el.spec ?? (el.specText ? JSON.parse(el.specText) : undefined));
        } catch (e) {
          return { id: el.id, tag: el.localName, error: e.message };
        }
        const lanes = spec.sweep.reduce((n, a) => n * (a.values?.length ?? a.count ?? 1), 1);
        if (el.state === 'idle' && el.localName !== 'eos-trajectory') {
          if (el.localName === 'eos-bifurcation' && lanes > cap.columns) el.columns = cap.columns;
          if (el.localName === 'eos-basin-map' && lanes > cap.count ** 2) el.count = cap.count;
          const window = spec.figure?.window ?? 0;
          if (spec.steps > cap.steps) el.steps = Math.max(cap.steps, window);
        }
        return { id: el.id, tag: el.localName, start: el.start };
      });
    }, CAP);
    for (const f of figures) {
      const what = `${file} #${f.id} <${f.tag}>${f.start === 'click' ? ' (click-started)' : ''}`;
      if (f.error) {
        check(false, `${what}: its spec is invalid: ${f.error}`);
        continue;
      }
      await p.evaluate((id) => {
        const el = document.getElementById(id);
        if (el.state === 'idle') void el.run();
      }, f.id);
      const s = await settle(p, `#${f.id}`);
      const ink = await inked(p, `#${f.id}`);
      check(
        s.state === 'done' && ink > 200,
        `${what}: ${s.state}, ${ink} inked pixels (${s.message.slice(0, 70)})`,
      );
    }
    const links = await p.evaluate(() =>
      [...document.querySelectorAll('nav a')].map((a) => a.getAttribute('href')),
    );
    check(
      links.length === pages.length + 1 && links.includes(file),
      `${file}: the shared nav links every page (${links.length} links)`,
    );
    check(errors.length === 0, `${file}: no console errors${errors.length ? `: ${errors.join(' | ')}` : ''}`);
    await p.setViewport({ width: 1000, height: 900 });
    await p.screenshot({ path: `out/page-${file.replace('.html', '')}.png`, fullPage: true });
    await p.close();
  }

  // Properties: a framework sets `el.lrMin = 4`, not the attribute; each field's property reaches its spec path.
  const p = await browser.newPage();
  const errors = watchErrors(p);
  await p.goto(`${server.url}tests/browser/blank.html`);
  await p.waitForFunction(() => customElements.get('eos-bifurcation'));
  const VALUES = {
    'eos-bifurcation': {
      model: 'uv',
      width: 8,
      seed: 3,
      scale: 0.2,
      'lr-min': 4,
      'lr-max': 7,
      columns: 16,
      steps: 300,
      observable: 'loss',
      window: 32,
      bins: 64,
      precision: 'double',
    },
    'eos-basin-map': {
      model: 'minimalist',
      lr: 0.2,
      'x-path': 'optimizer.lr',
      'x-min': 0.3,
      'x-max': 3,
      'y-path': 'optimizer.lr',
      'y-min': 0.4,
      'y-max': 2.5,
      count: 12,
      steps: 80,
      'color-by': 'escape',
      precision: 'single',
    },
    'eos-trajectory': { model: 'minimalist', lr: 0.05, steps: 90, k: 2 },
  };
  const props = await p.evaluate((values) => {
    const get = (o, path) => path.split('.').reduce((v, k) => v?.[k], o);
    const out = [];
    for (const tag of Object.keys(values)) {
      const ctor = customElements.get(tag);
      for (const f of ctor.fields) {
        const el = document.createElement(tag);
        el.setAttribute('start', 'click');
        document.body.append(el);
        el[f.attr.replace(/-(\w)/g, (_, c) => c.toUpperCase())] = values[tag][f.attr];
        let got;
        try {
          got = get(el.buildSpec(undefined), f.path);
        } catch (e) {
          got = e.message;
        }
        out.push([tag, f.attr, f.path, got, values[tag][f.attr]]);
        el.remove();
      }
    }
    return out;
  }, VALUES);
  for (const [tag, attr, path, got, want] of props)
    check(got === want, `<${tag}>.${attr} as a property sets ${path} (${JSON.stringify(got)})`);
  // Setting a property on a drawn figure re-runs it with the new value; `for` set after connection follows.
  const rerun = await p.evaluate(async () => {
    const done = (el) => new Promise((r) => el.addEventListener('eos-done', r, { once: true }));
    const bif = document.createElement('eos-bifurcation');
    Object.assign(bif, {
      start: 'click',
      model: 'uv',
      width: 4,
      columns: 8,
      steps: 60,
      window: 16,
      bins: 32,
    });
    bif.id = 'bif';
    document.body.append(bif);
    await bif.run();
    const again = done(bif);
    bif.lrMin = 4.25;
    await again;
    const map = document.createElement('eos-basin-map');
    Object.assign(map, { start: 'click', count: 8, steps: 40 });
    map.id = 'map';
    document.body.append(map);
    await map.run();
    const traj = document.createElement('eos-trajectory');
    traj.setAttribute('start', 'click');
    document.body.append(traj);
    traj.for = 'map';
    await traj.updateComplete;
    const followed = done(traj);
    const over = map.shadowRoot.querySelector('.u-over').getBoundingClientRect();
    map.shadowRoot
      .querySelector('.plot')
      .dispatchEvent(
        new MouseEvent('click', { clientX: over.left + 5, clientY: over.top + 5, bubbles: true }),
      );
    await followed;
    return [bif.result.axes[0].values[0], traj.state, traj.result.spec.init.x];
  });
  check(rerun[0] === 4.25, `el.lrMin = 4.25 on a drawn figure re-runs it from 4.25 (${rerun[0]})`);
  check(
    rerun[1] === 'done' && rerun[2] < 0.5,
    `el.for set after connection follows that map's clicks (${rerun})`,
  );

  // Drawn on the GPU (default) against drawn on a 2-D canvas from the data read back (draw="canvas"), the
  // same spec: the figures' pixels agree within one level per channel (a basin map and a density).
  const same = await p.evaluate(async () => {
    const make = async (tag, draw, spec) => {
      const el = document.createElement(tag);
      Object.assign(el, { start: 'click', draw, spec });
      el.style.width = '480px';
      document.body.append(el);
      await el.run();
      // The image alone, one pixel a lane or cell: the comparison is of colours, not of how a browser scales.
      const c = await el.image();
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const onGpu = !!el.shadowRoot.querySelector('canvas.gpu-image');
      el.remove();
      return { d, onGpu, size: [c.width, c.height] };
    };
    const basin = {
      model: { name: 'minimalist' },
      init: { x: 1, y: 1 },
      optimizer: { name: 'gd', lr: 0.25 },
      sweep: [
        { path: 'init.x', min: 0.2, max: 4, count: 40 },
        { path: 'init.y', min: 0.2, max: 4, count: 30 },
      ],
      steps: 200,
      figure: { kind: 'basin', colorBy: 'escape' },
    };
    const bif = {
      model: { name: 'uv', width: 4 },
      init: { seed: 0, scale: 0.1 },
      optimizer: { name: 'gd', lr: 1 },
      sweep: [{ path: 'optimizer.lr', min: 3, max: 7, count: 64 }],
      steps: 300,
      figure: { kind: 'bifurcation', observable: 'output', window: 64, bins: 64, range: [-2, 3] },
    };
    const out = [];
    for (const [tag, spec] of [
      ['eos-basin-map', basin],
      ['eos-bifurcation', bif],
    ]) {
      const gpu = await make(tag, 'auto', spec);
      const cpu = await make(tag, 'canvas', spec);
      let diff = 0;
      let inked = 0;
      for (let i = 0; i < gpu.d.length; i++) {
        diff = Math.max(diff, Math.abs(gpu.d[i] - cpu.d[i]));
        if (i % 4 === 0 && gpu.d[i] < 250) inked++;
      }
      out.push({
        tag,
        diff,
        inked,
        onGpu: gpu.onGpu,
        cpuOnGpu: cpu.onGpu,
        same: gpu.size.join() === cpu.size.join(),
      });
    }
    return out;
  });
  for (const f of same)
    check(
      f.onGpu && !f.cpuOnGpu && f.same && f.diff <= 1 && f.inked > 100,
      `<${f.tag}> drawn on the GPU equals draw="canvas" within ${f.diff} level(s) per channel (${f.inked} coloured pixels of its image)`,
    );

  // 'auto' resolution follows the element's size in device pixels (a software adapter caps it at 256 columns,
  // 128 a side): at half a device pixel a CSS pixel, so sizes below the caps can be seen.
  await p.setViewport({ width: 1200, height: 900, deviceScaleFactor: 0.5 });
  const auto = await p.evaluate(async () => {
    const sized = async (tag, width, attrs) => {
      const el = document.createElement(tag);
      Object.assign(el, { start: 'click', steps: 50, ...attrs });
      el.style.width = `${width}px`;
      el.style.display = 'block';
      document.body.append(el);
      await el.run();
      const lanes = el.result.axes.map((a) => a.values.length);
      const want = el.autoCount(lanes.length, 50);
      el.remove();
      return { width, lanes, want };
    };
    return [
      await sized('eos-bifurcation', 400, { width: 4, window: 16, bins: 32 }),
      await sized('eos-bifurcation', 500, { width: 4, window: 16, bins: 32 }),
      await sized('eos-bifurcation', 900, { width: 4, window: 16, bins: 32 }),
      await sized('eos-basin-map', 300, {}),
      await sized('eos-basin-map', 600, {}),
    ];
  });
  await p.setViewport({ width: 800, height: 600, deviceScaleFactor: 1 });
  check(
    auto[0].lanes[0] === 165 &&
      auto[1].lanes[0] === 215 &&
      auto[2].lanes[0] === 256 &&
      auto[3].lanes.every((n) => n === 120) &&
      auto[4].lanes.every((n) => n === 128) &&
      auto.every((a) => a.lanes[0] === a.want),
    `columns="auto" / count="auto" follow the element's size: ${auto.map((a) => `${a.width}px -> ${a.lanes.join(' x ')}`).join(', ')}`,
  );
  // Progressive: a coarse picture first, then the same image a one-shot run draws; a cancel mid-refinement
  // frees every buffer of the cancelled run (the coarse picture on screen stays, with its own).
  const progressive = await p.evaluate(async () => {
    const spec = {
      model: { name: 'minimalist' },
      init: { x: 1, y: 1 },
      optimizer: { name: 'gd', lr: 0.25 },
      sweep: [
        { path: 'init.x', min: 0.2, max: 4, count: 96 },
        { path: 'init.y', min: 0.2, max: 4, count: 80 },
      ],
      steps: 150,
      figure: { kind: 'basin', colorBy: 'class' },
    };
    const make = (progressive) => {
      const el = document.createElement('eos-basin-map');
      Object.assign(el, { start: 'click', progressive, spec });
      document.body.append(el);
      return el;
    };
    const a = make(true);
    let coarse = 0;
    a.addEventListener('eos-coarse', (e) => (coarse = e.detail.result.lanes));
    await a.run();
    const b = make(false);
    await b.run();
    const [ia, ib] = [await a.image(), await b.image()];
    const da = ia.getContext('2d').getImageData(0, 0, ia.width, ia.height).data;
    const db = ib.getContext('2d').getImageData(0, 0, ib.width, ib.height).data;
    let diff = 0;
    for (let i = 0; i < da.length; i++) diff = Math.max(diff, Math.abs(da[i] - db[i]));
    a.remove();
    b.remove();
    // Cancel during the refinement; count the GPU buffers the run made and freed from the coarse picture on.
    const device = (await globalThis[Symbol.for('eos-lab.controller')].ready()).device;
    const c = make(true);
    const made = new Set();
    const freed = new Set();
    const create = device.createBuffer.bind(device);
    const destroy = GPUBuffer.prototype.destroy;
    let watching = false;
    device.createBuffer = (d) => {
      const buf = create(d);
      if (watching && !d.label?.startsWith('figure.')) made.add(buf);
      return buf;
    };
    GPUBuffer.prototype.destroy = function () {
      freed.add(this);
      return destroy.call(this);
    };
    c.addEventListener('eos-coarse', () => (watching = true));
    c.addEventListener('eos-tile', () => c.cancel(), { once: true });
    await c.run();
    await new Promise((r) => setTimeout(r, 300));
    device.createBuffer = create;
    GPUBuffer.prototype.destroy = destroy;
    const kept = [...made].filter((b) => !freed.has(b)).map((b) => b.label);
    const state = [c.state, c.message];
    c.remove();
    return { coarse, diff, size: [ia.width, ia.height], made: made.size, kept, state };
  });
  check(
    progressive.coarse > 0 &&
      progressive.coarse < 96 * 80 &&
      progressive.diff === 0 &&
      progressive.size.join() === '96,80',
    `a progressive map's coarse picture (${progressive.coarse} lanes) refines to the one-shot image (${progressive.diff} levels apart)`,
  );
  check(
    progressive.made > 5 && progressive.kept.length === 0 && progressive.state[1] === 'cancelled',
    `cancel mid-refinement frees every buffer the refinement made (${progressive.made} made; kept: ${progressive.kept.join(', ') || 'none'})`,
  );

  // Theming: every custom property reaches what it names.
  const THEME = {
    '--eos-ink': 'rgb(255, 0, 255)',
    '--eos-background': 'rgb(1, 2, 3)',
    '--eos-font': '13px monospace',
    '--eos-accent': 'rgb(0, 200, 0)',
    '--eos-plot-height': '222px',
    '--eos-button-ink': 'rgb(10, 20, 30)',
    '--eos-button-background': 'rgb(40, 50, 60)',
    '--eos-border': 'rgb(70, 80, 90)',
    '--eos-muted': 'rgb(100, 110, 120)',
    '--eos-error': 'rgb(130, 140, 150)',
  };
  const seen = await p.evaluate(async (theme) => {
    const el = document.createElement('eos-bifurcation');
    Object.assign(el, {
      start: 'click',
      model: 'uv',
      width: 4,
      columns: 8,
      steps: 1e6,
      window: 16,
      bins: 32,
    });
    for (const [k, v] of Object.entries(theme)) el.style.setProperty(k, v);
    document.body.append(el);
    const running = el.run();
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
    const root = el.shadowRoot;
    const css = (node, prop) => (node ? getComputedStyle(node)[prop] : 'missing');
    const accent = css(root.querySelector('progress'), 'accentColor');
    el.cancel();
    await running;
    el.steps = 40;
    await el.run();
    const canvas = await el.snapshot();
    const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let magenta = 0;
    for (let i = 0; i < d.length; i += 4)
      if (d[i] > 200 && d[i + 1] < 90 && d[i + 2] > 200 && d[i + 3] > 0) magenta++;
    const button = root.querySelector('button');
    const out = {
      '--eos-ink': [css(el, 'color'), magenta],
      '--eos-background': css(el, 'backgroundColor'),
      '--eos-font': css(el, 'fontFamily'),
      '--eos-accent': accent,
      '--eos-plot-height': css(root.querySelector('.plot'), 'minHeight'),
      '--eos-button-ink': css(button, 'color'),
      '--eos-button-background': css(button, 'backgroundColor'),
      '--eos-border': css(button, 'borderTopColor'),
      '--eos-muted': css(root.querySelector('figcaption'), 'color'),
    };
    el.lrMin = -1;
    await new Promise((r) => el.addEventListener('eos-error', r, { once: true }));
    await el.updateComplete;
    out['--eos-error'] = css(root.querySelector('.message'), 'color');
    return out;
  }, THEME);
  for (const [prop, value] of Object.entries(THEME)) {
    const got = seen[prop];
    const ok =
      prop === '--eos-ink'
        ? got[0] === value && got[1] > 100
        : prop === '--eos-font'
          ? got === 'monospace'
          : got === value;
    check(ok, `${prop} reaches its target (${JSON.stringify(got)})`);
  }
  check(
    errors.length === 0,
    `properties and theming: no console errors${errors.length ? `: ${errors.join(' | ')}` : ''}`,
  );
  await p.close();
} finally {
  await browser.close();
}

// A result JSON for the fallback attribute (what `eos-lab run --out` writes), computed here in Node.
{
  const engine = await Engine.create();
  const spec = {
    model: { name: 'uv', width: 4 },
    init: { seed: 0, scale: 0.1 },
    optimizer: { name: 'gd', lr: 1 },
    sweep: [{ path: 'optimizer.lr', min: 1.5, max: 3.5, count: 16 }],
    steps: 200,
    figure: { kind: 'bifurcation', observable: 'output', window: 32, bins: 32 },
  };
  writeFileSync('out/fallback-bifurcation.json', JSON.stringify(resultToJSON(await engine.run(spec))));
  engine.destroy();
}

// Without WebGPU: WebGPU present but no adapter (Chromium with WebGPU off) and no navigator.gpu at all. The
// elements say so and show their static image, or the precomputed result; never a plot of nothing.
const plain = await launch({ webgpu: false });
try {
  for (const gpu of ['no adapter', 'no navigator.gpu']) {
    const page = await plain.newPage();
    await page.setViewport({ width: 1000, height: 2400 }); // both figures in view: both start
    if (gpu === 'no navigator.gpu') await page.evaluateOnNewDocument(() => delete Navigator.prototype.gpu);
    await page.goto(`${server.url}examples/blog-post.html`);
    for (const id of ['cascade', 'basin']) {
      const f = await settle(page, `#${id}`);
      const shown = await page.evaluate((id) => {
        const root = document.getElementById(id).shadowRoot;
        const slot = root.querySelector('slot[name="fallback"]');
        return {
          img: slot ? slot.assignedElements().map((e) => e.tagName) : [],
          plot: root.querySelectorAll('.plot, canvas, .legend').length,
        };
      }, id);
      check(
        f.state === 'fallback' &&
          f.message.includes('WebGPU') &&
          shown.img.includes('IMG') &&
          shown.plot === 0,
        `${gpu}: #${id} shows its image and no plot (${JSON.stringify(shown)}; ${f.message.slice(0, 60)})`,
      );
    }
    if (gpu === 'no adapter') await page.screenshot({ path: 'out/browser-fallback.png', fullPage: true });
    await page.close();
  }
  const page = await plain.newPage();
  await page.goto(`${server.url}tests/browser/blank.html`);
  await page.waitForFunction(() => customElements.get('eos-bifurcation'));
  const drawn = await page.evaluate(async () => {
    const el = document.createElement('eos-bifurcation');
    Object.assign(el, {
      start: 'click',
      fallback: '../../out/fallback-bifurcation.json',
      columns: 16,
      steps: 200,
    });
    el.id = 'pre';
    document.body.append(el);
    await el.run();
    return el.state;
  });
  const f = await settle(page, '#pre', ['fallback']);
  await page.waitForFunction(() => document.getElementById('pre').shadowRoot.querySelector('canvas'));
  check(
    drawn === 'fallback' && f.message.startsWith('Precomputed figure') && (await inked(page, '#pre')) > 200,
    `no adapter, fallback="result.json": the precomputed result is drawn (${f.message.slice(0, 60)})`,
  );
} finally {
  await plain.close();
  server.close();
}
console.log(`\npages: ${counts.passed} passed, ${counts.failed} failed`);
process.exitCode = counts.failed ? 1 : 0;
