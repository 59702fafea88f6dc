// A user's WGSL model module (examples/custom-model/) registered at run time: the same GPU-vs-float64 parity
// checks as the built-in models, every optimiser; the CLI's --model-module; and the names it may not take.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runReference } from '../src/engine/reference.js';
import { CLASSES } from '../src/engine/plan/lane-rows.js';
import type { ModelModule } from '../src/models/lane-module.js';
import { registerModel } from '../src/models/registry.js';
import { OPTIMIZER_NAMES, type ExperimentSpec } from '../src/spec/types.js';
import { testEngine } from './gpu.js';
import { parity, PARITY_MODELS } from './parity-models.js';

// The example as its users load it: a plain JS module whose default export registerModel takes.
const example = '../examples/custom-model/tanh-unit.js';
const tanhUnit = ((await import(example)) as { default: ModelModule }).default;
registerModel(tanhUnit);
PARITY_MODELS['tanh-unit (examples/custom-model)'] = {
  model: { name: 'tanh-unit', constants: { x: 1.2, y: 0.5, lambda: 0.05 } },
  init: { u: 0.8, v: -0.6 },
  lr: [0.1, 0.4],
};

describe('a registered WGSL model module', () => {
  it.each(OPTIMIZER_NAMES)(
    'matches its float64 reference with %s (tests/gpu-parity.test.ts tolerances)',
    (opt) => parity('tanh-unit (examples/custom-model)', opt),
  );

  it('converges only to minima with sharpness below 2 / lr (the example spec: flatter minima past lr = 2 / 0.93)', async () => {
    // The minima v tanh(u) = y form a curve; the start's basin holds minima of sharpness ~0.93, and GD at a
    // larger lr converges only where the sharpness is below 2 / lr (Zhu et al.'s self-stabilisation).
    const spec: ExperimentSpec = {
      model: { name: 'tanh-unit', constants: { x: 1, y: 0.5, lambda: 0 } },
      init: { u: 2, v: 0.3 },
      optimizer: { name: 'gd', lr: 1 },
      sweep: [{ path: 'optimizer.lr', values: [1, 2.2, 2.3] }],
      steps: 2000,
    };
    const gpu = await (await testEngine()).run(spec);
    const ref = runReference(spec);
    [1, 2.2, 2.3].forEach((lr, lane) => {
      expect(CLASSES[gpu.kind[lane]!]).toBe('converged');
      expect(ref[lane]!.class.kind).toBe('converged');
      expect(gpu.final.sharpness[lane]!).toBeLessThan(2 / lr);
      expect(Math.abs(gpu.final.sharpness[lane]! - ref[lane]!.final.sharpness)).toBeLessThan(1e-3);
    });
    // Past lr = 2 / 0.93 the run leaves the start's region for flatter minima: the sharpness adapts downwards.
    expect(gpu.final.sharpness[2]!).toBeLessThan(gpu.final.sharpness[0]! - 0.1);
  });

  it('refuses the name of a built-in model, and a module without its functions', () => {
    expect(() => registerModel({ ...tanhUnit, name: 'minimalist' })).toThrow(
      "registerModel: 'minimalist' is a built-in model; give yours another name",
    );
    expect(() => registerModel({ ...tanhUnit, name: 'broken', reference: {} as never })).toThrow(
      'reference.lossGrad must be a function',
    );
    expect(() => registerModel({ ...tanhUnit, name: 'Bad Name' })).toThrow('name must be lower-case');
  });

  it('loads through the CLI with --model-module and runs a spec that names it', () => {
    const cli = (...args: string[]) => spawnSync('node', ['bin/eos-lab.js', ...args], { encoding: 'utf8' });
    const ok = cli(
      'run',
      'examples/custom-model/tanh-unit.json',
      '--model-module',
      'examples/custom-model/tanh-unit.js',
      '--set',
      'steps=300',
      '--set',
      'sweep.0.count=4',
      '-q',
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).spec.model.name).toBe('tanh-unit');
    const missing = cli('validate', 'examples/custom-model/tanh-unit.json');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('model.name must be one of');
  });
});
