// The playground: the spec is the page's state and lives in the URL fragment (JSON, URI-encoded), parsed and
// validated, never evaluated. Controls generated from the registries edit it (playground-form.ts); the JSON
// view is kept for experts; the figure element is chosen by the spec's axes and built with createElement,
// never markup, so a hostile fragment (a formula included) ends as an error message.
import './main.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { controls } from './playground-form.js';

const DEFAULT: ExperimentSpec = {
  model: { name: 'formula', params: ['x'], loss: '(x^2 - 1)^2/4' },
  init: { x: 0.3 },
  optimizer: { name: 'gd', lr: 1 },
  sweep: [{ path: 'optimizer.lr', min: 0.5, max: 2.3, count: 256 }],
  steps: 600,
  figure: { kind: 'bifurcation', observable: 'output', window: 64, bins: 200 },
};

const text = document.getElementById('spec') as HTMLTextAreaElement;
const error = document.getElementById('error')!;
const form = document.getElementById('form')!;
const host = document.getElementById('figure')!;
if (new URLSearchParams(location.search).get('embed') === '1') document.body.classList.add('embed');

function fromHash(): unknown {
  const raw = decodeURIComponent(location.hash.slice(1));
  if (!raw) return DEFAULT;
  return JSON.parse(raw);
}

/** The figure section that fits the axes: a bifurcation for one, a basin map for two, none for a trajectory. */
function fitFigure(spec: ExperimentSpec): ExperimentSpec {
  const axes = spec.sweep?.length ?? 0;
  if (axes === 0) {
    const rest = { ...spec };
    delete rest.figure;
    return rest;
  }
  const kind = axes === 2 ? 'basin' : 'bifurcation';
  return spec.figure?.kind === kind ? spec : { ...spec, figure: { kind } };
}

/** Writes a spec to the URL fragment (the hashchange shows it). */
function go(spec: ExperimentSpec): void {
  location.hash = encodeURIComponent(JSON.stringify(fitFigure(spec)));
}

let shown: string | undefined;

function show(): void {
  // A zoom's pushState already shows its spec; back, forward and typed fragments show theirs.
  if (location.hash === shown) return;
  shown = location.hash;
  error.textContent = '';
  let spec: ExperimentSpec;
  try {
    spec = fromHash() as ExperimentSpec;
    normalizeSpec(spec);
  } catch (e) {
    error.textContent = (e as Error).message;
    return;
  }
  text.value = JSON.stringify(spec, null, 2);
  try {
    form.replaceChildren(...controls(spec, go));
  } catch (e) {
    error.textContent = (e as Error).message;
  }
  const axes = spec.sweep?.length ?? 0;
  const tag = axes === 2 ? 'eos-basin-map' : axes === 1 ? 'eos-bifurcation' : 'eos-trajectory';
  const el = document.createElement(tag);
  el.spec = spec;
  el.id = 'figure-element';
  host.replaceChildren(el);
}

document.getElementById('apply')!.addEventListener('click', () => {
  try {
    go(JSON.parse(text.value) as ExperimentSpec);
  } catch (e) {
    error.textContent = `not JSON: ${(e as Error).message}`;
  }
});
// A zoom in the figure (drag) puts the zoomed spec in the URL, as a new history entry: the deep view can be
// shared, and back returns to the view before the zoom. The element has already started the zoomed run.
host.addEventListener('eos-zoom', (e) => {
  const spec = fitFigure((e as CustomEvent<{ spec: ExperimentSpec }>).detail.spec);
  const hash = `#${encodeURIComponent(JSON.stringify(spec))}`;
  history.pushState(null, '', hash);
  shown = location.hash;
  text.value = JSON.stringify(spec, null, 2);
});
window.addEventListener('hashchange', show);
window.addEventListener('popstate', show);
show();
