// The model registry, the shader folders and the src/models folders agree; reflected layouts are snapshotted.
import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expandAxes, LaneView } from '../src/engine/plan/lanes.js';
import { eigsProgram, modelKernel, stepProgram } from '../src/engine/plan/sources.js';
import { reflect } from '../src/gpu/kernel.js';
import { MODELS } from '../src/models/registry.js';
import type { ModelDefinition } from '../src/models/types.js';
import { modelSpec } from './model-spec.js';
import type { ModelSpec } from '../src/spec/types.js';

const dirs = (path: string) => readdirSync(path).filter((f) => statSync(`${path}/${f}`).isDirectory());
const specOf = modelSpec;
/** Every kernel of a model: its default size, then the largest of each other kernel it switches to. */
const sizes = (m: ModelDefinition) => [m.example ?? {}, ...(m.bounds.kernels ?? []), m.bounds.largest];
const reflectStep = (m: ModelDefinition, fields: Partial<ModelSpec> = {}) =>
  reflect(
    `${m.name}.step`,
    stepProgram(m, specOf(m, fields).model)
      .map((f) => f.code)
      .join('\n'),
    'step',
  );

describe('registry', () => {
  it('names each model once, with a shaders/<name>/ and a src/models/<name>/ folder and nothing else', () => {
    const names = MODELS.map((m) => m.name).sort();
    expect(new Set(names).size).toBe(names.length);
    expect(
      dirs('shaders')
        .filter((d) => d !== 'common')
        .sort(),
    ).toEqual(names);
    expect(dirs('src/models').sort()).toEqual(names);
    for (const m of MODELS)
      for (const size of sizes(m))
        expect(
          modelKernel(m, specOf(m, size).model).shaders.some((s) =>
            (typeof s === 'string' ? s : s.name).startsWith(`${m.name}/`),
          ),
        ).toBe(true);
  });

  it.each(MODELS.map((m) => [m.name, m] as const))(
    '%s: per-lane constants match the WGSL ModelHyper',
    (_, model) => {
      const spec = modelSpec(model);
      const reflection = reflectStep(model);
      const members = reflection.structs.get('ModelHyper')!.fields.map((f) => f.name);
      const keys = Object.keys(model.hyper(new LaneView(spec, expandAxes(spec)).at(0), spec.model));
      expect(members.filter((m) => !keys.includes(m))).toEqual(
        members.length === 1 && keys.length === 0 ? ['unused'] : [],
      );
      expect(keys.filter((k) => !members.includes(k))).toEqual([]);
      for (const name of Object.keys(model.overrides(spec.model)))
        expect(reflection.overrides).toContain(name);
      if (!model.double) return;
      // Precision double's program (the model's double files, common/family_double.wgsl): the same ModelHyper.
      const double = reflect(
        `${model.name}.step`,
        stepProgram(model, spec.model, 'double')
          .map((f) => f.code)
          .join('\n'),
        'step',
      );
      expect(double.structs.get('ModelHyper')).toEqual(reflection.structs.get('ModelHyper'));
      expect(double.overrides).toContain('LO_BLOCK');
    },
  );

  it('snapshots the reflected bindings and struct layouts of every step kernel and spectrum pass', () => {
    const layouts = Object.fromEntries(
      MODELS.flatMap((m) =>
        [...new Set(sizes(m).map((f) => JSON.stringify(f)))].map((f) => [m, JSON.parse(f)] as const),
      ).map(([m, size]) => {
        const r = reflectStep(m, size);
        const structs = ['StepUniforms', 'OptHyper', 'ModelHyper'].map((s) => r.structs.get(s));
        // The spectrum pass's program: the same lane buffers by name, plus its own `eigs` (group 1).
        const e = reflect(
          `${m.name}.eigs`,
          eigsProgram(m, specOf(m, size).model)
            .map((f) => f.code)
            .join('\n'),
          'eigs_step',
        );
        const sorted = (b: typeof r.bindings) =>
          [...b].sort((x, y) => x.group - y.group || x.binding - y.binding);
        return [
          Object.keys(size).length ? `${m.name} ${JSON.stringify(size)}` : m.name,
          {
            bindings: sorted(r.bindings),
            overrides: r.overrides,
            structs,
            eigs: { bindings: sorted(e.bindings), overrides: e.overrides },
          },
        ];
      }),
    );
    expect(layouts).toMatchSnapshot();
  });
});
