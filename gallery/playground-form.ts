// The playground's controls, generated from the model and optimiser registries: a control for each field a
// model's normalised spec has (numbers, lists of numbers, text), the formula box for formula models (live
// validation, the gradient as a reader writes it), the optimiser and its fields, up to two sweep axes over the
// paths the spec may sweep, steps and the figure. Every control edits the spec object; nothing the reader
// types is put into markup (textContent and .value only).
import { gradientText } from '../src/formula/display.js';
import { parsedFormula } from '../src/formula/model.js';
import { allModels, findModel } from '../src/models/registry.js';
import { OPTIMIZERS } from '../src/optim/index.js';
import { normalizeSpec, sweepablePaths } from '../src/spec/normalize.js';
import { getPath, setPath } from '../src/spec/path.js';
import { COLOR_BY, OBSERVABLES, type AxisSpec, type ExperimentSpec } from '../src/spec/types.js';

/** Called with the edited spec when a control changes. */
export type Edit = (spec: ExperimentSpec) => void;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

/** A labelled control in a row. */
function row(label: string, control: HTMLElement, note?: HTMLElement): HTMLElement {
  const r = el('label', { className: 'row' });
  r.append(el('span', { textContent: label }), control);
  if (note) r.append(note);
  return r;
}

function select(options: readonly string[], value: string, onChange: (v: string) => void): HTMLSelectElement {
  const s = el('select');
  for (const o of options) s.append(el('option', { value: o, textContent: o, selected: o === value }));
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

/** A text input for a number, a list of numbers or a string; parsed back on change. */
function input(value: unknown, onChange: (v: unknown) => void): HTMLInputElement {
  const list = Array.isArray(value);
  const i = el('input', { value: list ? (value as unknown[]).join(', ') : String(value ?? '') });
  i.addEventListener('change', () => {
    const parse = (t: string) => (t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : t.trim());
    onChange(list ? i.value.split(',').map(parse) : typeof value === 'number' ? parse(i.value) : i.value);
  });
  return i;
}

/** The spec's fields at `prefix` (model, init, optimizer) as controls, skipping `skip`. */
function fields(
  spec: ExperimentSpec,
  section: Record<string, unknown>,
  prefix: string,
  skip: string[],
  edit: Edit,
): HTMLElement[] {
  return Object.entries(section)
    .filter(([k, v]) => !skip.includes(k) && (typeof v !== 'object' || Array.isArray(v)))
    .map(([k, v]) =>
      row(
        `${prefix}.${k}`,
        input(v, (x) => edit(setPath(spec, `${prefix}.${k}`, x))),
      ),
    );
}

/** The formula box: parameters, loss, output and constants, validated as typed; the gradient below. */
function formulaBox(spec: ExperimentSpec, edit: Edit): HTMLElement {
  const m = spec.model as Record<string, unknown>;
  const box = el('fieldset', { id: 'formula' });
  box.append(el('legend', { textContent: 'Your own loss' }));
  const params = el('input', { id: 'formula-params', value: ((m.params as string[]) ?? []).join(', ') });
  const loss = el('textarea', {
    id: 'formula-loss',
    value: String(m.loss ?? ''),
    rows: 2,
    spellcheck: false,
  });
  const output = el('input', { id: 'formula-output', value: String(m.output ?? '') });
  const constants = el('input', {
    id: 'formula-constants',
    value: Object.entries((m.constants as Record<string, number>) ?? {})
      .map(([k, v]) => `${k} = ${v}`)
      .join(', '),
  });
  const status = el('p', { id: 'formula-status', className: 'error' });
  const gradient = el('ul', { id: 'formula-gradient' });
  const read = (): Record<string, unknown> => ({
    ...m,
    name: 'formula',
    params: params.value
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    loss: loss.value,
    output: output.value.trim() || undefined,
    constants: Object.fromEntries(
      constants.value
        .split(',')
        .map((c) => c.split('=').map((t) => t.trim()))
        .filter(([k]) => k)
        .map(([k, v]) => [k, Number(v)]),
    ),
  });
  const check = () => {
    status.textContent = '';
    gradient.replaceChildren();
    try {
      const model = read();
      const f = parsedFormula({ ...model, name: 'formula' });
      for (const g of gradientText(f.trees.loss, f.params))
        gradient.append(el('li', { textContent: `dL/d${g.param} = ${g.text}` }));
      return model;
    } catch (e) {
      status.textContent = (e as Error).message.replace('[eos-lab] spec: ', '');
      return undefined;
    }
  };
  for (const c of [params, loss, output, constants]) {
    c.addEventListener('input', check);
    c.addEventListener('change', () => {
      const model = check();
      if (!model) return;
      const names = model.params as string[];
      const start = spec.init as Record<string, number> | undefined;
      const init = Object.fromEntries(names.map((p) => [p, start?.[p] ?? 1]));
      const sweep = (spec.sweep ?? []).filter(
        (a) => !a.path.startsWith('init.') || names.includes(a.path.slice(5)),
      );
      edit({ ...spec, model: model as ExperimentSpec['model'], init, sweep });
    });
  }
  box.append(
    row('parameters', params),
    row('loss', loss),
    row('output', output),
    row('constants', constants),
    status,
    el('p', {
      textContent:
        'The gradient, as you would write it (the engine computes it exactly, in single-assignment form):',
    }),
    gradient,
  );
  check();
  return box;
}

/** One sweep axis: path, range, count, spacing; and a button that removes it. */
function axis(spec: ExperimentSpec, k: number, paths: string[], edit: Edit): HTMLElement {
  const a = spec.sweep![k]!;
  const set = (key: keyof AxisSpec, v: unknown) => edit(setPath(spec, `sweep.${k}.${key}`, v));
  const box = el('div', { className: 'axis' });
  const remove = el('button', { textContent: `remove axis ${k + 1}` });
  remove.addEventListener('click', () => edit({ ...spec, sweep: spec.sweep!.filter((_, j) => j !== k) }));
  box.append(
    row(
      `axis ${k + 1}`,
      select(paths, a.path, (v) => set('path', v)),
    ),
    row(
      'min',
      input(a.min ?? 0, (v) => set('min', v)),
    ),
    row(
      'max',
      input(a.max ?? 1, (v) => set('max', v)),
    ),
    row(
      'count',
      input(a.count ?? 64, (v) => set('count', v)),
    ),
    row(
      'spacing',
      select(['linear', 'log'], a.spacing ?? 'linear', (v) => set('spacing', v)),
    ),
    remove,
  );
  return box;
}

/**
 * The controls for `spec` (a valid spec: the playground shows the JSON and the error otherwise).
 * @example
 * host.replaceChildren(...controls(spec, (s) => (location.hash = encodeURIComponent(JSON.stringify(s)))));
 */
export function controls(spec: ExperimentSpec, edit: Edit): HTMLElement[] {
  const normal = normalizeSpec(spec);
  const out: HTMLElement[] = [];
  const model = (name: string) => {
    const def = findModel(name)!;
    const fields = def.normalize({ name, ...(def.example ?? {}) });
    const init = def.testInit?.(fields);
    edit({
      ...spec,
      model: fields,
      init: init ?? {},
      sweep: [
        {
          path: 'optimizer.lr',
          min: spec.optimizer.lr ?? 0.1,
          max: 2 * (spec.optimizer.lr ?? 0.1),
          count: 128,
        },
      ],
    });
  };
  out.push(
    row(
      'model',
      select(
        allModels().map((m) => m.name),
        normal.model.name,
        model,
      ),
    ),
  );
  if (normal.model.name === 'formula') out.push(formulaBox(spec, edit));
  else out.push(...fields(spec, normal.model, 'model', ['name'], edit));
  out.push(...fields(spec, normal.init, 'init', [], edit));
  const opt = (name: string) =>
    edit({ ...spec, optimizer: { name: name as never, lr: normal.optimizer.lr } });
  out.push(
    row(
      'optimizer',
      select(
        OPTIMIZERS.map((o) => o.name),
        normal.optimizer.name,
        opt,
      ),
    ),
  );
  const used = {
    lr: true,
    beta: normal.optimizer.name === 'momentum',
    lossMin: normal.optimizer.name === 'sqrt-loss-gd',
    alpha: normal.optimizer.alpha > 0,
    stiff: normal.optimizer.name === 'exp-euler',
  };
  out.push(
    ...fields(
      spec,
      normal.optimizer,
      'optimizer',
      [
        'name',
        ...Object.entries(used)
          .filter(([, u]) => !u)
          .map(([k]) => k),
        'lrs',
      ],
      edit,
    ),
  );
  out.push(
    row(
      'steps',
      input(normal.steps, (v) => edit({ ...spec, steps: v as number })),
    ),
  );
  const paths = sweepablePaths(normal);
  (spec.sweep ?? []).forEach((_, k) => out.push(axis(spec, k, paths, edit)));
  if ((spec.sweep?.length ?? 0) < 2) {
    const add = el('button', { id: 'add-axis', textContent: 'add a sweep axis' });
    const free = paths.find((p) => !(spec.sweep ?? []).some((a) => a.path === p)) ?? paths[0]!;
    const at = Number(getPath(normal, free) ?? 1);
    add.addEventListener('click', () =>
      edit({
        ...spec,
        sweep: [...(spec.sweep ?? []), { path: free, min: at * 0.5, max: at * 1.5 || 1, count: 64 }],
      }),
    );
    out.push(add);
  }
  const axes = spec.sweep?.length ?? 0;
  const figure = (key: string, v: string) =>
    edit({
      ...spec,
      figure: { ...(spec.figure ?? {}), kind: axes === 2 ? 'basin' : 'bifurcation', [key]: v },
    });
  if (axes === 1)
    out.push(
      row(
        'observable',
        select([...OBSERVABLES, 'kappa'], normal.figure?.observable ?? 'output', (v) =>
          figure('observable', v),
        ),
      ),
    );
  if (axes === 2)
    out.push(
      row(
        'colour by',
        select(COLOR_BY, normal.figure?.colorBy ?? 'class', (v) => figure('colorBy', v)),
      ),
    );
  return out;
}
