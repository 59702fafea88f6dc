// The elements' pure parts in Node: attributes -> spec (precedence, parsing, errors), the one-lane spec of a
// selection, the controller's queue and device-loss recovery, uPlot options, and the generated manifest.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../src/engine/engine.js';
import { GPUFailureError } from '../src/gpu/errors.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { EngineController } from './controller.js';
import { BIFURCATION_DEFAULTS, BIFURCATION_FIELDS } from './eos-bifurcation/fields.js';
import { imagePlotOptions } from './plot.js';
import { BASIN_DEFAULTS, BASIN_FIELDS, basinFormula } from './eos-basin-map/fields.js';
import { TRAJECTORY_DEFAULTS, TRAJECTORY_FIELDS } from './eos-trajectory/fields.js';
import { elementSpec, forOtherModel, laneSpec } from './spec-attrs.js';

/** An element's 'auto' lane count stood in for: 512 a bifurcation's axis, 64 a map's. */
const sized = (axes: number) => (axes === 2 ? 64 : 512);

describe('element attributes -> spec', () => {
  it('lets a present attribute win over the spec property, and the spec over the defaults', () => {
    const spec: Partial<ExperimentSpec> = {
      steps: 277,
      sweep: [{ path: 'optimizer.lr', min: 1, max: 2, count: 9 }],
    };
    const s = elementSpec(
      BIFURCATION_FIELDS,
      { 'lr-min': '1.5', columns: null },
      spec,
      BIFURCATION_DEFAULTS,
      { auto: sized },
    );
    expect(s.steps).toBe(277); // from the spec
    expect(s.sweep[0]).toMatchObject({ min: 1.5, max: 2, count: 9 }); // lr-min from the attribute
    expect(s.model).toMatchObject({ name: 'uv', width: 16 }); // defaults
    const plain = elementSpec(BIFURCATION_FIELDS, {}, undefined, BIFURCATION_DEFAULTS, { auto: sized });
    expect(plain.sweep[0]).toMatchObject({ min: 3.6, max: 8.4, count: 512 });
  });

  it('names the attribute in the error for malformed or out-of-range values', () => {
    expect(() =>
      elementSpec(BIFURCATION_FIELDS, { columns: '12.5' }, undefined, BIFURCATION_DEFAULTS, { auto: sized }),
    ).toThrow('(attribute columns) must be an integer');
    expect(() =>
      elementSpec(BIFURCATION_FIELDS, { 'lr-max': '' }, undefined, BIFURCATION_DEFAULTS, { auto: sized }),
    ).toThrow('attribute lr-max');
    expect(() =>
      elementSpec(BIFURCATION_FIELDS, { width: '999' }, undefined, BIFURCATION_DEFAULTS, { auto: sized }),
    ).toThrow('model.width must be an integer in [1, 128]');
  });

  it("drops the default model's fields when the spec names another model", () => {
    const s = elementSpec(
      BIFURCATION_FIELDS,
      {},
      { model: { name: 'chain', depth: 3 }, init: { value: 0.5, scale: 0 } },
      BIFURCATION_DEFAULTS,
      { auto: sized },
    );
    expect(s.model).toEqual({ name: 'chain', depth: 3, target: 1 });
  });

  it("never lets one model's element defaults leak into another model's spec (the Ghosh page's trajectory)", () => {
    // <eos-trajectory>'s defaults start the minimalist at init.x = 4; a dln spec has no init.x.
    // Mutation: merging the defaults' init into another model's spec fails with 'init.x is not a known field'.
    const dln = elementSpec(
      TRAJECTORY_FIELDS,
      {},
      { model: { name: 'dln', depth: 3, width: 3, spectrum: [2, 1, 0.25] }, steps: 600 },
      TRAJECTORY_DEFAULTS,
    );
    expect(dln.init).not.toHaveProperty('x');
    expect(dln.optimizer.lr).toBe(TRAJECTORY_DEFAULTS.optimizer.lr);
    // The model attribute alone switches models too: the basin map's init sweep is the minimalist's, so another
    // model keeps none of it (and the element asks for a sweep of its own).
    const chain = elementSpec(BASIN_FIELDS, { model: 'chain' }, undefined, {
      ...BASIN_DEFAULTS,
      figure: undefined,
    } as never);
    expect(chain.model).toEqual({ name: 'chain', depth: 2, target: 1 });
    expect(chain.sweep).toEqual([]);
    expect(forOtherModel(BIFURCATION_DEFAULTS, 'chain').sweep).toEqual(BIFURCATION_DEFAULTS.sweep);
  });

  it('reads a loss attribute as a formula model; a formula basin map sweeps its first two parameters', () => {
    const bif = elementSpec(
      BIFURCATION_FIELDS,
      { loss: '(x^2 - 1)^2/4', params: 'x' },
      undefined,
      BIFURCATION_DEFAULTS,
      { auto: sized },
    );
    expect(bif.model).toMatchObject({ name: 'formula', params: ['x'], loss: '(x^2 - 1)^2/4' });
    expect(bif.init).toEqual({ x: 1 }); // every parameter starts at 1 unless given
    expect(bif.sweep[0]!.path).toBe('optimizer.lr'); // the element's own sweep, for any model
    const map = elementSpec(
      BASIN_FIELDS,
      { loss: 'x^2*y^2 + z^2', params: 'x, y, z', 'x-max': '3' },
      undefined,
      BASIN_DEFAULTS,
      { forModel: basinFormula, auto: sized },
    );
    expect(map.sweep.map((a) => [a.path, a.min, a.max])).toEqual([
      ['init.x', 0.2, 3],
      ['init.y', 0.2, 4],
    ]);
    expect(map.init).toEqual({ z: 1 });
    const started = elementSpec(
      BIFURCATION_FIELDS,
      { loss: 'x*y', params: 'x,y', init: '0.5, 2' },
      undefined,
      BIFURCATION_DEFAULTS,
      { auto: sized },
    );
    expect(started.init).toEqual({ x: 0.5, y: 2 });
    // With the mlp named, `loss` keeps its meaning there (mse or ce).
    const mlp = elementSpec(
      BIFURCATION_FIELDS,
      { model: 'mlp', loss: 'mse' },
      undefined,
      BIFURCATION_DEFAULTS,
      { auto: sized },
    );
    expect(mlp.model).toMatchObject({ name: 'mlp', loss: 'mse' });
  });

  it('shows a hostile formula attribute as an error naming the field and the position, never as code', () => {
    const attempt = (loss: string) => {
      try {
        elementSpec(BIFURCATION_FIELDS, { loss, params: 'x' }, undefined, BIFURCATION_DEFAULTS, {
          auto: sized,
        });
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(attempt('x; fn main() {}')).toMatch(/model\.loss has ';'.* at position 2/);
    expect(attempt('x } @compute')).toMatch(/model\.loss has '}'.* at position 3/);
    expect(attempt('x + \u0455qrt(x)')).toMatch(/non-ASCII character.*U\+0455.* at position 5/);
    expect(attempt('<img src=x onerror=alert(1)>')).toMatch(/model\.loss has '<'.* at position 1/);
  });

  it('turns a selected lane into a one-lane spec that records every step', () => {
    const s = elementSpec(BIFURCATION_FIELDS, { steps: '300' }, undefined, BIFURCATION_DEFAULTS, {
      auto: sized,
    });
    const lane = laneSpec(s, { 'optimizer.lr': 5.5 });
    expect(lane.sweep).toEqual([]);
    expect(lane.optimizer.lr).toBe(5.5);
    expect(lane.record).toMatchObject({ observables: ['loss', 'sharpness'], last: 301, every: 1 });
    expect('figure' in lane).toBe(false);
  });
});

describe('engine controller', () => {
  const nav = globalThis as { navigator?: unknown };
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  afterEach(() => {
    if (saved) Object.defineProperty(globalThis, 'navigator', saved);
    else delete nav.navigator;
  });
  const withGpu = () =>
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: {} }, configurable: true });

  /** A stand-in engine: runs resolve in the order given, and the device can be lost. */
  function fakeEngine(log: string[], failFirst = false) {
    let lose: () => void = () => {};
    let runs = 0;
    const engine = {
      device: { lost: new Promise<void>((r) => (lose = r)) },
      run: async (spec: ExperimentSpec) => {
        runs++;
        log.push(`start ${spec.steps}`);
        await new Promise((r) => setTimeout(r, 5));
        if (failFirst && runs === 1) throw new GPUFailureError('cannot run: the GPU device was lost: test');
        log.push(`end ${spec.steps}`);
        return { steps: spec.steps };
      },
    };
    return { engine: engine as unknown as Engine, lose: () => lose() };
  }

  it('runs one spec at a time, in order, and rejects an aborted one without running it', async () => {
    withGpu();
    const log: string[] = [];
    const { engine } = fakeEngine(log);
    const c = new EngineController(async () => engine);
    const spec = (steps: number) => ({ steps }) as ExperimentSpec;
    const aborted = new AbortController();
    aborted.abort();
    const runs = [c.run(spec(1)), c.run(spec(2), { signal: aborted.signal }), c.run(spec(3))];
    const [a, b, d] = await Promise.allSettled(runs);
    expect(a!.status).toBe('fulfilled');
    expect(b!.status).toBe('rejected');
    expect(d!.status).toBe('fulfilled');
    expect(log).toEqual(['start 1', 'end 1', 'start 3', 'end 3']);
  });

  it('re-creates the engine after a device loss and retries the run once', async () => {
    withGpu();
    const log: string[] = [];
    let created = 0;
    const c = new EngineController(async () => {
      created++;
      return fakeEngine(log, created === 1).engine;
    });
    await expect(c.run({ steps: 5 } as ExperimentSpec)).resolves.toEqual({ steps: 5 });
    expect(created).toBe(2);
  });

  it('says when the browser has no WebGPU', async () => {
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
    await expect(new EngineController(async () => ({}) as Engine).ready()).rejects.toThrow('no WebGPU');
  });
});

describe('uPlot options', () => {
  it('fixes the scales to the data window and reports a drag selection in data units', () => {
    let picked: unknown;
    const o = imagePlotOptions({
      width: 400,
      height: 300,
      xLabel: 'optimizer.lr',
      yLabel: 'output',
      x: [3.6, 8.4],
      y: [0, 2],
      xLog: false,
      yLog: true,
      layer: { source: undefined },
      guides: [{ label: '2/eta', stroke: 'red' }],
      onSelect: (x, y) => (picked = [x, y]),
    });
    expect(o.scales!.x).toMatchObject({ auto: false, range: [3.6, 8.4], distr: 1 });
    expect(o.scales!.y).toMatchObject({ auto: false, range: [0, 2], distr: 3 });
    expect(o.series).toHaveLength(2);
    const u = {
      select: { left: 10, top: 20, width: 100, height: 50 },
      posToVal: (p: number, k: string) => (k === 'x' ? p / 10 : p / 100),
      setSelect: () => {},
    };
    o.hooks!.setSelect![0]!(u as never);
    expect(picked).toEqual([
      [1, 11],
      [0.7, 0.2],
    ]);
  });
});

describe('custom elements manifest', () => {
  it('lists the three elements with their events and attributes (generated by npm run build)', () => {
    expect(existsSync('custom-elements.json'), 'run `npm run build` first').toBe(true);
    const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
      modules: {
        declarations?: { tagName?: string; events?: { name: string }[]; attributes?: { name: string }[] }[];
      }[];
    };
    const tags = new Map(
      manifest.modules
        .flatMap((m) => m.declarations ?? [])
        .filter((d) => d.tagName)
        .map((d) => [d.tagName!, d]),
    );
    expect([...tags.keys()].sort()).toEqual(['eos-basin-map', 'eos-bifurcation', 'eos-trajectory']);
    const bif = tags.get('eos-bifurcation')!;
    for (const e of ['eos-progress', 'eos-done', 'eos-error', 'eos-select'])
      expect(bif.events!.map((x) => x.name)).toContain(e);
    for (const a of ['lr-min', 'lr-max', 'columns', 'spec', 'start'])
      expect(bif.attributes!.map((x) => x.name)).toContain(a);
  });

  it('documents every custom property the styles read and every part the templates name, on each element', () => {
    // The truth is the code: var(--eos-*) in the styles, part="..." in the templates. Mutation: a new
    // var(--eos-grid) in styles.ts without its @cssprop fails here.
    const sources = [
      'styles.ts',
      'base.ts',
      'draw.ts',
      'eos-basin-map/eos-basin-map.ts',
      'eos-bifurcation/eos-bifurcation.ts',
      'eos-trajectory/eos-trajectory.ts',
    ].map((f) => readFileSync(`components/${f}`, 'utf8'));
    const props = new Set(sources.flatMap((s) => [...s.matchAll(/var\((--eos-[\w-]+)/g)].map((m) => m[1]!)));
    const parts = new Set(
      sources.flatMap((s) => [...s.matchAll(/part="([\w ]+)"/g)].flatMap((m) => m[1]!.split(' '))),
    );
    expect(props.size).toBeGreaterThanOrEqual(10);
    const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
      modules: {
        declarations?: {
          tagName?: string;
          cssProperties?: { name: string; description?: string }[];
          cssParts?: { name: string }[];
        }[];
      }[];
    };
    const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
    for (const el of elements) {
      const documented = new Set((el.cssProperties ?? []).map((p) => p.name));
      for (const p of props) expect(documented, `${el.tagName} documents ${p}`).toContain(p);
      const own = new Set((el.cssParts ?? []).map((p) => p.name));
      for (const p of parts) {
        if (p === 'legend' && el.tagName !== 'eos-basin-map') continue;
        if (p === 'readout' && el.tagName !== 'eos-bifurcation') continue;
        expect(own, `${el.tagName} documents part ${p}`).toContain(p);
      }
    }
  });
});
