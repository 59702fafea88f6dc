// The playground: the spec lives in the URL fragment (JSON, URI-encoded), parsed and validated, never
// evaluated; the figure element is chosen by the spec's axes and built with createElement, never markup.
import '../components/index.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import type { ExperimentSpec } from '../src/spec/types.js';

const DEFAULT: ExperimentSpec = {
  model: { name: 'uv', width: 16 },
  init: { seed: 0, scale: 0.1 },
  optimizer: { name: 'gd', lr: 1 },
  sweep: [{ path: 'optimizer.lr', min: 3.6, max: 8, count: 128 }],
  steps: 400,
  figure: { kind: 'bifurcation', observable: 'output', window: 64, bins: 128 },
};

const text = document.getElementById('spec') as HTMLTextAreaElement;
const error = document.getElementById('error')!;
const host = document.getElementById('figure')!;
if (new URLSearchParams(location.search).get('embed') === '1') document.body.classList.add('embed');

function fromHash(): unknown {
  const raw = decodeURIComponent(location.hash.slice(1));
  if (!raw) return DEFAULT;
  return JSON.parse(raw);
}

function show(): void {
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
  const tag =
    (spec.sweep?.length ?? 0) === 2
      ? 'eos-basin-map'
      : (spec.sweep?.length ?? 0) === 1
        ? 'eos-bifurcation'
        : 'eos-trajectory';
  const el = document.createElement(tag);
  el.spec = spec;
  el.id = 'figure-element';
  host.replaceChildren(el);
}

document.getElementById('apply')!.addEventListener('click', () => {
  try {
    const spec = JSON.parse(text.value) as unknown;
    location.hash = encodeURIComponent(JSON.stringify(spec));
  } catch (e) {
    error.textContent = `not JSON: ${(e as Error).message}`;
  }
});
window.addEventListener('hashchange', show);
show();
