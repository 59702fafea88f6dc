// The elements in headless Chromium on SwiftShader WebGPU: the built gallery and the blog-post example (the
// bundle alone) served on loopback. Any console or page error fails. Screenshots: out/browser-*.png.
import { mkdirSync } from 'node:fs';
import { build } from 'vite';
import { checker, inked, launch, plotBox, serve, settle, SETTLE_MS as T, watchErrors } from './harness.js';

const { check, counts } = checker();
await build({ configFile: 'vite.gallery.config.ts', logLevel: 'warn' });
mkdirSync('out', { recursive: true });
const server = await serve('.');

const browser = await launch();
try {
  // Gallery: the UV cascade, the minimalist basin and its trajectory.
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 2400 });
  const errors = watchErrors(page);
  await page.goto(`${server.url}out/gallery/index.html`);
  const uv = await settle(page, '#uv');
  check(uv.state === 'done', `<eos-bifurcation> ran (${uv.state}: ${uv.message})`);
  check((await inked(page, '#uv')) > 2000, '<eos-bifurcation> drew a non-blank plot');
  const doubling = await page.evaluate(async () => {
    const el = document.querySelector('#uv');
    const r = el.result;
    const xs = r.axes[0].values;
    // Drawn on the GPU, the figure read no lanes back: its class words come back on request.
    const codes = r.kind.length
      ? Array.from(r.kind, (k, j) => k | (r.period[j] << 8))
      : Array.from(await r.gpu.codes());
    const i = codes.findIndex((c) => (c & 0xff) === 1 && c >>> 8 === 2);
    return { at: xs[i], spacing: xs[1] - xs[0], lanes: r.lanes };
  });
  // UV, n = 16, y = 1: s = eta / 4, the first doubling at s = 1 (docs/equations.md, identity 4).
  check(
    Math.abs(doubling.at - 4) <= doubling.spacing * 1.0001,
    `first period doubling at eta = ${doubling.at} (theory 4, spacing ${doubling.spacing.toFixed(4)})`,
  );
  const basin = await settle(page, '#basin');
  check(basin.state === 'done', `<eos-basin-map> ran (${basin.state}: ${basin.message})`);
  check((await inked(page, '#basin')) > 2000, '<eos-basin-map> drew a non-blank map');
  const over = await plotBox(page, '#basin');
  await page.mouse.click(over.x + over.w * 0.2, over.y + over.h * 0.8);
  const traj = await settle(page, '#trajectory');
  check(
    traj.state === 'done',
    `a click on the map runs <eos-trajectory> for that lane (${traj.state}: ${traj.message})`,
  );
  check((await inked(page, '#trajectory')) > 500, '<eos-trajectory> drew loss and sharpness');
  // Zoom: drag over the middle of the cascade recomputes that window.
  const box = await plotBox(page, '#uv');
  await page.mouse.move(box.x + box.w * 0.3, box.y + box.h * 0.1);
  await page.mouse.down();
  await page.mouse.move(box.x + box.w * 0.6, box.y + box.h * 0.9, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('#uv').state === 'running', { timeout: T });
  await settle(page, '#uv');
  const zoomed = await page.evaluate(() => {
    const r = document.querySelector('#uv').result;
    return [r.axes[0].values[0], r.axes[0].values.at(-1), r.lanes];
  });
  check(
    zoomed[0] > 3.6 && zoomed[1] < 8 && zoomed[2] === doubling.lanes,
    `zoom recomputed [${zoomed[0].toFixed(3)}, ${zoomed[1].toFixed(3)}] at full resolution (${zoomed[2]} columns)`,
  );
  // A window finer than float32 resolves runs in double ('auto'), and the badge says so.
  // zoomTo resolves once the zoomed figure is drawn.
  await page.evaluate(() => document.querySelector('#uv').zoomTo([{ axis: 0, min: 5, max: 5 * (1 + 1e-7) }]));
  await settle(page, '#uv');
  const fine = await page.evaluate(() => {
    const el = document.querySelector('#uv');
    return [el.result.precision, el.shadowRoot.querySelector('[part=badge]')?.textContent ?? ''];
  });
  check(
    fine[0] === 'double' && fine[1].startsWith('double precision'),
    `a sub-float32 zoom of the UV cascade runs in ${fine[0]} (badge "${fine[1]}")`,
  );
  // Its x ticks (a 5e-7 window at 5) read as offsets from a shared base, never the same label twice.
  const ticks = await page.evaluate(() => document.querySelector('#uv').plot.axes[0]._values ?? []);
  check(
    ticks.length >= 3 && new Set(ticks).size === ticks.length && ticks.some((t) => / \+ /.test(t)),
    `deep-zoom ticks use offset notation: ${ticks.join(' | ')}`,
  );
  await page.screenshot({ path: 'out/browser-gallery.png', fullPage: true });
  // Zoom movie (issue 20): three frames into the middle of the basin map, to a window 1e-9 as wide (double),
  // encoded by WebCodecs as WebM; the browser's own decoder reads it back at the figure's size.
  const movie = await page.evaluate(async () => {
    const el = document.querySelector('#basin');
    const [ax, ay] = el.result.axes;
    const mid = (v) => v[Math.floor(v.length / 2)];
    let events = 0;
    el.addEventListener('eos-movie-frame', () => events++);
    const blob = await el.recordZoom({
      center: [mid(ax.values), mid(ay.values)],
      depth: 1e-9,
      frames: 3,
      fps: 5,
    });
    const shot = await el.snapshot();
    const magic = Array.from(new Uint8Array(await blob.slice(0, 4).arrayBuffer()));
    const video = document.createElement('video');
    video.muted = true;
    video.src = URL.createObjectURL(blob);
    await new Promise((ok, bad) => {
      video.onloadedmetadata = ok;
      video.onerror = () => bad(new Error(`the video does not decode: ${video.error?.message}`));
    });
    return {
      type: blob.type,
      size: blob.size,
      magic: magic.join(' '),
      events,
      size2: [video.videoWidth, video.videoHeight, shot.width & ~1, shot.height & ~1].join(' '),
      precision: el.result.precision,
      width: ax.values.at(-1) - ax.values[0],
      last: el.result.axes[0].values.at(-1) - el.result.axes[0].values[0],
      first: el.result.axes[0].values[0],
    };
  });
  const [vw, vh, sw, sh] = movie.size2.split(' ').map(Number);
  check(
    movie.type === 'video/webm' &&
      movie.magic === '26 69 223 163' && // EBML
      movie.events === 3 &&
      vw === sw &&
      vh === sh &&
      movie.precision === 'double' &&
      Math.abs(movie.last / movie.width / 1e-9 - 1) < 1e-3,
    `zoom movie: 3 frames to ${movie.last.toExponential(2)} wide (${movie.precision}), ${movie.size} B of WebM, decoded at ${vw} x ${vh}`,
  );
  // The zoom in the URL (zoom-url on the gallery's figures): the movie's last frame is one history entry; a
  // reload draws it again, in double; back returns the map to its own window.
  const hash = await page.evaluate(() => decodeURIComponent(location.hash));
  await page.reload();
  await settle(page, '#basin');
  const again = await page.evaluate(() => {
    const r = document.querySelector('#basin').result;
    return { first: r.axes[0].values[0], precision: r.precision };
  });
  check(
    hash.includes('basin=[{') && again.first === movie.first && again.precision === 'double',
    `zoom-url: the reloaded page draws the zoomed map again (first lane ${again.first}, ${again.precision})`,
  );
  await page.goBack();
  await page.waitForFunction(
    (w) => {
      const r = document.querySelector('#basin').result;
      return r && r.axes[0].values.at(-1) - r.axes[0].values[0] === w;
    },
    { timeout: T },
    movie.width,
  );
  check(true, 'zoom-url: back returns the map to its own window');
  // The "Zoom movie" button: a click on the map picks the point; the button records a zoom into it (2 frames to
  // 1e-3 here) and fires eos-movie with the video.
  await page.evaluate(() => {
    const el = document.querySelector('#basin');
    el.movieFrames = 2;
    el.movieDepth = 1e-3;
    el.addEventListener('eos-movie', (e) => (window.__movieSize = e.detail.video.size));
  });
  const pick = await plotBox(page, '#basin');
  await page.mouse.click(pick.x + pick.w * 0.6, pick.y + pick.h * 0.4);
  await page.waitForFunction(
    () => document.querySelector('#basin').shadowRoot.querySelector('[part~=movie]'),
    { timeout: T },
  );
  await page.evaluate(() =>
    document.querySelector('#basin').shadowRoot.querySelector('[part~=movie]').click(),
  );
  await page.waitForFunction(() => window.__movieSize > 0, { timeout: 2 * T });
  const movieState = await page.evaluate(() => ({
    size: window.__movieSize,
    width: (() => {
      const v = document.querySelector('#basin').result.axes[0].values;
      return v.at(-1) - v[0];
    })(),
  }));
  check(
    Math.abs(movieState.width / movie.width / 1e-3 - 1) < 1e-6,
    `the Zoom movie button recorded ${movieState.size} B into the clicked point (last window ${movieState.width.toExponential(2)} wide)`,
  );
  // Cancel: a click-started figure runs, then stops on Cancel.
  await page.evaluate(() => document.querySelector('#valley').shadowRoot.querySelector('button').click());
  await page.waitForFunction(() => document.querySelector('#valley').state === 'running', { timeout: T });
  await page.evaluate(() =>
    document.querySelector('#valley').shadowRoot.querySelector('button[part~="cancel"]').click(),
  );
  const cancelled = await settle(page, '#valley', ['idle', 'done']);
  check(
    cancelled.state === 'idle' && cancelled.message === 'cancelled',
    `Cancel stops the run (${cancelled.state}: ${cancelled.message})`,
  );
  // Invalid and hostile attributes: a message, never markup or script.
  const bad = await page.evaluate(async () => {
    const el = document.createElement('eos-bifurcation');
    el.setAttribute('start', 'click');
    el.setAttribute('lr-min', 'abc');
    el.id = 'bad';
    document.body.append(el);
    await el.run();
    const evil = document.createElement('eos-basin-map');
    evil.setAttribute('start', 'click');
    evil.setAttribute('model', '<img src=x onerror="window.__xss=1">');
    evil.id = 'evil';
    document.body.append(evil);
    await evil.run();
    await new Promise((r) => setTimeout(r, 200));
    return {
      bad: [el.state, el.shadowRoot.querySelector('.message').textContent],
      evil: [
        evil.state,
        evil.shadowRoot.querySelector('.message').textContent,
        evil.shadowRoot.querySelectorAll('img').length,
      ],
      xss: typeof window.__xss,
    };
  });
  check(
    bad.bad[0] === 'error' && bad.bad[1].includes('lr-min'),
    `an invalid attribute shows its message: ${bad.bad[1]}`,
  );
  check(
    bad.evil[0] === 'error' && bad.evil[2] === 0 && bad.xss === 'undefined',
    `an <img onerror> attribute stays text: ${bad.evil[1].slice(0, 80)}`,
  );
  // A few lanes and several observables in one trajectory chart.
  const multi = await page.evaluate(async () => {
    const el = document.createElement('eos-trajectory');
    el.setAttribute('start', 'click');
    el.setAttribute('observables', 'loss,sharpness,gradNorm');
    el.spec = {
      model: { name: 'minimalist' },
      init: { x: 4, y: 0.2625 },
      optimizer: { name: 'gd', lr: 0.1 },
      sweep: [{ path: 'optimizer.lr', values: [0.05, 0.08, 0.1] }],
      steps: 200,
    };
    document.body.append(el);
    await el.run();
    return [el.state, el.plot?.series.length ?? 0];
  });
  check(
    multi[0] === 'done' && multi[1] === 1 + 3 * 3 + 3,
    `<eos-trajectory> draws 3 lanes x 3 observables and three 2/eta lines (${multi})`,
  );
  // A trajectory of vector observables, run on click: [state, series, last value of curves 1 and 2, message].
  const trajectory = (attrs, spec) =>
    page.evaluate(
      async (attrs, spec) => {
        const el = document.createElement('eos-trajectory');
        el.setAttribute('start', 'click');
        for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
        el.spec = spec;
        document.body.append(el);
        await el.run();
        const d = el.plot?.data ?? [];
        return [el.state, el.plot?.series.length ?? 0, d[2]?.at(-1), d[3]?.at(-1), el.message];
      },
      attrs,
      spec,
    );
  // The top-k eigenvalues from the GPU spectrum pass: a quadratic's curvatures, with the 2/eta line.
  const eig = await trajectory(
    { observables: 'loss,eigs', k: '2' },
    {
      model: { name: 'quadratic', curvatures: [3, -1, 1.5, 0.5] },
      init: { params: [1, 1, 1, 1] },
      optimizer: { name: 'gd', lr: 0.2 },
      steps: 20,
      sharpness: { tolerance: 1e-5 },
    },
  );
  check(
    eig[0] === 'done' &&
      eig[1] === 1 + 1 + 2 + 1 &&
      Math.abs(eig[2] - 3) < 1e-3 &&
      Math.abs(eig[3] - 1.5) < 1e-3,
    `<eos-trajectory observables="loss,eigs" k="2"> draws the two top curvatures and 2/eta (${eig})`,
  );
  // Host-computed vector observables from the GPU's parameter snapshots: a deep linear network's modes.
  const modes = await trajectory(
    { observables: 'loss,modes' },
    {
      model: { name: 'dln', depth: 2, width: 2, spectrum: [1, 0.5], init: 'identity', alpha: 0.7 },
      init: { seed: 0 },
      optimizer: { name: 'gd', lr: 0.2 },
      steps: 300,
    },
  );
  check(
    modes[0] === 'done' &&
      modes[1] === 1 + 1 + 2 &&
      Math.abs(modes[2] - 1) < 1e-3 &&
      Math.abs(modes[3] - 0.5) < 1e-3,
    `<eos-trajectory observables="loss,modes"> draws each target mode, converged to its singular value (${modes})`,
  );
  check(errors.length === 0, `gallery: no console errors${errors.length ? `: ${errors.join(' | ')}` : ''}`);

  // Playground: the spec comes from the URL fragment; controls hide with ?embed=1; hostile fragments stay text.
  const play = await browser.newPage();
  const playErrors = watchErrors(play);
  const spec = {
    model: { name: 'minimalist' },
    init: { x: 1, y: 1 },
    optimizer: { name: 'gd', lr: 0.2 },
    sweep: [
      { path: 'init.x', min: 0.5, max: 3, count: 32 },
      { path: 'init.y', min: 0.5, max: 3, count: 32 },
    ],
    steps: 100,
  };
  await play.goto(
    `${server.url}out/gallery/playground.html?embed=1#${encodeURIComponent(JSON.stringify(spec))}`,
  );
  const pg = await settle(play, '#figure-element');
  const hidden = await play.evaluate(() => getComputedStyle(document.getElementById('controls')).display);
  check(
    pg.state === 'done' && hidden === 'none',
    `playground: the URL's spec ran (${pg.state}) with controls hidden (${hidden})`,
  );
  await play.goto(
    `${server.url}out/gallery/playground.html#${encodeURIComponent('{"model":{"name":"<script>window.__xss=1</script>"}}')}`,
  );
  const hostile = await play.evaluate(() => [
    document.getElementById('error').textContent,
    typeof window.__xss,
    document.querySelectorAll('script').length,
  ]);
  check(
    hostile[0].includes('model.name') && hostile[1] === 'undefined',
    `playground: a hostile fragment is an error message (xss ${hostile[1]}, scripts ${hostile[2]}): ${hostile[0].slice(0, 60)}`,
  );
  // A hostile formula in the fragment: an error message naming the field and position, no script.
  const evilFormula = {
    model: { name: 'formula', params: ['x'], loss: 'x</script><script>window.__xss=1</script>' },
    init: { x: 1 },
    optimizer: { name: 'gd', lr: 0.1 },
    steps: 10,
  };
  await play.goto(
    `${server.url}out/gallery/playground.html#${encodeURIComponent(JSON.stringify(evilFormula))}`,
  );
  const evil = await play.evaluate(() => [document.getElementById('error').textContent, typeof window.__xss]);
  check(
    /model\.loss has '<'.*at position 2/.test(evil[0]) && evil[1] === 'undefined',
    `playground: a hostile formula in the fragment is an error message: ${evil[0].slice(0, 80)}`,
  );
  // The default page: controls from the registries, the formula box with its gradient; typing an invalid loss
  // is flagged at once (nothing runs); a valid one, once changed, goes into the URL and re-runs the figure.
  await play.setViewport({ width: 1000, height: 2400 }); // the figure below the controls, in view
  await play.goto(`${server.url}out/gallery/playground.html`);
  await settle(play, '#figure-element');
  const form = await play.evaluate(() => ({
    models: [...document.querySelectorAll('#form select')[0].options].map((o) => o.value),
    gradient: document.getElementById('formula-gradient').textContent,
  }));
  check(
    form.models.includes('formula') && form.models.includes('mlp') && /dL\/dx = .*x/.test(form.gradient),
    `playground: model choices from the registry, the loss's gradient shown (${form.gradient})`,
  );
  const typed = await play.evaluate(async () => {
    const loss = document.getElementById('formula-loss');
    loss.value = 'x^4/4 - x^2/2 +';
    loss.dispatchEvent(new Event('input'));
    const invalid = document.getElementById('formula-status').textContent;
    loss.value = 'x^4/4 - x^2/2 + 0.1*x';
    loss.dispatchEvent(new Event('input'));
    loss.dispatchEvent(new Event('change'));
    await new Promise((r) => setTimeout(r, 100));
    return [
      invalid,
      decodeURIComponent(location.hash),
      document.getElementById('formula-gradient').textContent,
    ];
  });
  await settle(play, '#figure-element');
  const rerun = await play.evaluate(() => document.getElementById('figure-element').result?.spec.model.loss);
  check(
    /model\.loss .*at position 16/.test(typed[0]) &&
      typed[1].includes('x^4/4 - x^2/2 + 0.1*x') &&
      rerun === 'x^4/4 - x^2/2 + 0.1*x',
    `playground: an invalid loss is flagged as typed (${typed[0].slice(0, 50)}); a valid one is in the URL and ran (${rerun}; ${typed[2]})`,
  );
  // Deep zoom (issue 20): a minimalist map zoomed to a 1e-10 window runs in double (the badge says so and how
  // deep), the zoomed spec is in the URL; a drag at that depth recomputes; a reload of the URL draws the same
  // lanes; back returns to the view before the drag.
  const deepBase = {
    model: { name: 'minimalist' },
    init: { x: 3, y: 0.4 },
    optimizer: { name: 'gd', lr: 0.25 },
    sweep: [
      { path: 'init.x', min: 2.9, max: 3.2, count: 24 },
      { path: 'init.y', min: 0.3, max: 0.5, count: 24 },
    ],
    steps: 1000,
    figure: { kind: 'basin' },
  };
  await play.goto(`${server.url}out/gallery/playground.html#${encodeURIComponent(JSON.stringify(deepBase))}`);
  await settle(play, '#figure-element');
  const zoomAndWait = async (act) => {
    await act();
    await play.waitForFunction(() => document.getElementById('figure-element').state === 'running', {
      timeout: T,
    });
    await settle(play, '#figure-element');
    return play.evaluate(() => {
      const el = document.getElementById('figure-element');
      const spec = JSON.parse(decodeURIComponent(location.hash.slice(1)));
      return {
        precision: el.result.precision,
        first: el.result.axes[0].values[0],
        width: el.result.axes[0].values.at(-1) - el.result.axes[0].values[0],
        badge: el.shadowRoot.querySelector('[part=badge]')?.textContent ?? '',
        urlMin: spec.sweep[0].min,
        urlPrecision: spec.precision,
        row: el.shadowRoot.querySelector('[part=data] td')?.textContent ?? '',
      };
    });
  };
  const x0 = 3.0325483975781253;
  const deep = await zoomAndWait(() =>
    play.evaluate((x) => {
      // zoomTo resolves when the zoomed figure is drawn; zoomAndWait watches the state instead.
      void document.getElementById('figure-element').zoomTo([
        { axis: 0, min: x, max: x + 1e-10 },
        { axis: 1, min: 0.4, max: 0.4 + 1e-10 },
      ]);
    }, x0),
  );
  check(
    deep.precision === 'double' && /double precision · 3\.0e9x/.test(deep.badge) && deep.urlMin === x0,
    `deep zoom: a 1e-10 window runs in ${deep.precision} (badge "${deep.badge}"), its spec in the URL (min ${deep.urlMin})`,
  );
  // The data table's axis row tells the window's ends apart (offset notation), as the ticks do.
  const ends = /^(.*) to (.*), 24 values$/.exec(deep.row);
  check(
    ends && ends[1] !== ends[2] && / [+-] /.test(ends[2]),
    `deep zoom: the data table reads the axis as "${deep.row}"`,
  );
  const area = await plotBox(play, '#figure-element');
  const dragged = await zoomAndWait(async () => {
    await play.mouse.move(area.x + area.w * 0.25, area.y + area.h * 0.25);
    await play.mouse.down();
    await play.mouse.move(area.x + area.w * 0.75, area.y + area.h * 0.75, { steps: 5 });
    await play.mouse.up();
  });
  check(
    dragged.precision === 'double' &&
      dragged.first > deep.first &&
      dragged.width < deep.width * 0.7 &&
      dragged.urlMin === dragged.first,
    `deep zoom: a drag at depth recomputes [${dragged.first}, +${dragged.width.toExponential(2)}] in ${dragged.precision} (badge "${dragged.badge}")`,
  );
  await play.reload();
  await settle(play, '#figure-element');
  const reloaded = await play.evaluate(() => {
    const r = document.getElementById('figure-element').result;
    return { precision: r.precision, first: r.axes[0].values[0] };
  });
  check(
    reloaded.precision === 'double' && reloaded.first === dragged.first,
    `deep zoom: the URL round-trips (reloaded: ${reloaded.precision}, first lane ${reloaded.first})`,
  );
  await play.goBack();
  await settle(play, '#figure-element');
  const back = await play.evaluate(() => document.getElementById('figure-element').result.axes[0].values[0]);
  check(back === deep.first, `deep zoom: back returns to the view before the drag (first lane ${back})`);
  check(
    playErrors.length === 0,
    `playground: no console errors${playErrors.length ? `: ${playErrors.join(' | ')}` : ''}`,
  );

  // "Your own loss": the tanh unit's 2-cycle gives way to a quasi-periodic band (aperiodic, Lyapunov exponent
  // near 0) before chaos, as float64 puts it (2.766-2.80 at 60 lanes over 2.6-2.95; this figure: 192 over 2.6-2.9).
  const own = await browser.newPage();
  const ownErrors = watchErrors(own);
  await own.goto(`${server.url}out/gallery/formula.html`);
  await own.waitForFunction(() => customElements.get('eos-bifurcation'));
  // draw="canvas": this check reads every lane's class and exponent (the GPU-drawn figure reads none back).
  await own.evaluate(() => {
    const el = document.getElementById('tanh-unit');
    el.draw = 'canvas';
    return el.run();
  });
  await settle(own, '#tanh-unit');
  const torus = await own.evaluate(() => {
    const r = document.getElementById('tanh-unit').result;
    const lr = r.axes[0].values;
    const kinds = Array.from(r.kind);
    const at = (i) => ({ lr: lr[i], kind: kinds[i], period: r.period[i], lyap: r.final.lyapunov[i] });
    const lanes = kinds.map((_, i) => at(i));
    return {
      cycle: lanes.filter((l) => l.lr < 2.74).every((l) => l.kind === 1 && l.period === 2),
      quasi: lanes.filter((l) => l.kind === 3 && Math.abs(l.lyap) < 0.01 && l.lr > 2.75 && l.lr < 2.82)
        .length,
      chaos: lanes.filter((l) => l.kind === 2 && l.lyap > 0.05).length,
    };
  });
  check(
    torus.cycle && torus.quasi >= 3 && torus.chaos >= 10 && ownErrors.length === 0,
    `formula page: the tanh unit's 2-cycle, then ${torus.quasi} quasi-periodic lanes (|lambda| < 0.01), then ${torus.chaos} chaotic`,
  );
  // A hostile formula attribute is an error message, never markup or script.
  const attr = await own.evaluate(async () => {
    const el = document.createElement('eos-bifurcation');
    el.setAttribute('start', 'click');
    el.setAttribute('params', 'x');
    el.setAttribute('loss', 'x + 1"><img src=x onerror="window.__xss=1">');
    document.body.append(el);
    await el.run();
    return [
      el.state,
      el.shadowRoot.querySelector('.message').textContent,
      el.shadowRoot.querySelectorAll('img').length,
      typeof window.__xss,
    ];
  });
  check(
    attr[0] === 'error' &&
      /model\.loss has '"'.*at position 6/.test(attr[1]) &&
      attr[2] === 0 &&
      attr[3] === 'undefined',
    `a hostile loss attribute stays text: ${attr[1].slice(0, 70)}`,
  );

  // The blog post: two live figures from the bundle alone.
  const blog = await browser.newPage();
  await blog.setViewport({ width: 1000, height: 2400 });
  const blogErrors = watchErrors(blog);
  await blog.goto(`${server.url}examples/blog-post.html`);
  const a = await settle(blog, '#cascade');
  const b = await settle(blog, '#basin');
  check(
    a.state === 'done' && b.state === 'done',
    `blog post: both figures ran from dist/embed/eos-lab.js (${a.state}, ${b.state})`,
  );
  const tiles = await blog.evaluate(
    () =>
      new Promise((resolve) => {
        const el = document.querySelector('#basin');
        let n = 0;
        el.addEventListener('eos-tile', () => n++);
        el.addEventListener('eos-done', () => resolve(n), { once: true });
        el.run();
      }),
  );
  check(tiles > 1, `the basin map fills in tile by tile (${tiles} tiles)`);
  // A second copy of the bundle on the same page (two embeds in one post) defines nothing twice.
  await blog.evaluate(() => import(new URL('../dist/embed/eos-lab.js?again', location.href).href));
  await new Promise((r) => setTimeout(r, 300));
  await blog.screenshot({ path: 'out/browser-blog.png', fullPage: true });
  check(
    blogErrors.length === 0,
    `blog post: no console errors${blogErrors.length ? `: ${blogErrors.join(' | ')}` : ''}`,
  );
} finally {
  await browser.close();
  server.close();
}

// eos-lab/testing: on a machine whose only adapter is SwiftShader, requireHardware fails with one sentence.
{
  const { launchWebGPUBrowser } = await import('../../dist/testing.js');
  const { browser, adapter } = await launchWebGPUBrowser();
  await browser.close();
  const strict = await launchWebGPUBrowser({ requireHardware: true }).then(
    async (r) => (await r.browser.close(), 'launched'),
    (e) => e.message,
  );
  if (adapter.isFallback)
    check(
      /requireHardware: (only a software adapter|no WebGPU adapter)/.test(strict),
      `eos-lab/testing refuses software when hardware is required: ${strict}`,
    );
  else check(strict === 'launched', 'eos-lab/testing launches on the hardware adapter when required');
}
console.log(`\ncomponents: ${counts.passed} passed, ${counts.failed} failed`);
process.exitCode = counts.failed ? 1 : 0;
