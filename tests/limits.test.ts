// Limits and constants kept on both sides of the TS/WGSL line: each test fails when one side changes alone.
import { readFileSync } from 'node:fs';
import { WgslParser, WgslReflect } from 'wgsl_reflect/wgsl_reflect.module.js';
import { describe, expect, it } from 'vitest';
import { makePlan } from '../src/engine/plan/plan.js';
import { blockStart } from '../src/analysis/block.js';
import { eigsProgram, shaderFile, stepProgram } from '../src/engine/plan/sources.js';
import { getKernel } from '../src/gpu/kernel.js';
import { MODELS } from '../src/models/registry.js';
import { UV_MAX_WIDTH } from '../src/models/uv/index.js';
import { normalizeSpec } from '../src/spec/normalize.js';
import { testEngine } from './gpu.js';
import { modelSpec } from './model-spec.js';

/** WGSL's guaranteed function-scope + private memory per invocation (maxPrivate/FunctionMemory: 8192 B). */
const WGSL_FUNCTION_MEMORY = 8192;

type Node = { astNodeType?: string; name?: string; type?: { name: string }; body?: Node[] } & Record<
  string,
  unknown
>;

/** Bytes of function-scope `var`s along the deepest call chain from `entry` (an upper bound on what is live). */
function functionMemory(code: string, entry: string): number {
  const reflect = new WgslReflect(code);
  const ast = new WgslParser().parse(code) as unknown as Node[];
  const size = (type: { name: string }): number => {
    const s =
      reflect.structs.find((x) => x.name === type.name)?.size ?? reflect.getTypeInfo(type as never)?.size;
    if (!s) throw new Error(`size of ${type.name} unknown`);
    return s;
  };
  const vars = (nodes: unknown): number => {
    if (!Array.isArray(nodes)) return 0;
    let bytes = 0;
    for (const n of nodes as Node[]) {
      if (n.astNodeType === 'var' && n.type) bytes += size(n.type);
      for (const key of ['body', 'init', 'else', 'elseif', 'cases', 'continuing', 'block'])
        bytes += vars(Array.isArray(n[key]) ? n[key] : n[key] ? [n[key]] : []);
    }
    return bytes;
  };
  const fns = new Map(reflect.functions.map((f) => [f.name, f]));
  const memo = new Map<string, number>();
  const walk = (name: string): number => {
    if (memo.has(name)) return memo.get(name)!;
    const fn = ast.find((n) => n.astNodeType === 'function' && n.name === name);
    const own = vars(fn?.body);
    const callees = [...(fns.get(name)?.calls ?? [])].map((c) => walk((c as { name: string }).name));
    const total = own + Math.max(0, ...callees);
    memo.set(name, total);
    return total;
  };
  return walk(entry);
}

/** Each model's largest size, and the largest of each other kernel it switches to (dln: the lane kernel). */
const KERNELS = MODELS.flatMap((m) =>
  [m.bounds.largest, ...(m.bounds.kernels ?? [])].map(
    (size) => [`${m.name} ${JSON.stringify(size)}`, m, size] as const,
  ),
);

describe('limits', () => {
  it.each(KERNELS)(
    '%s: the largest valid model fits its WGSL vector and the step kernel stays within 8 KiB',
    (_, model, size) => {
      const spec = modelSpec(model, size);
      const plan = makePlan(spec, { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 });
      const code = stepProgram(model, spec.model)
        .map((f) => f.code)
        .join('\n');
      if (plan.family === 'lane') {
        const vecBytes = new WgslReflect(code).structs.find((s) => s.name === 'Vec')?.size;
        const capacity = (vecBytes ?? new WgslReflect(code).getTypeInfo({ name: 'Vec' } as never)!.size) / 4;
        expect(plan.params).toBeLessThanOrEqual(capacity);
      } else {
        // Workgroup family: vectors live in storage; one lane's state and scratch must fit WebGPU's default
        // 128 MiB binding.
        expect(Math.max(plan.bytesPerLane.state, plan.bytesPerLane.scratch)).toBeLessThanOrEqual(2 ** 27);
      }
      expect(functionMemory(code, 'step')).toBeLessThanOrEqual(WGSL_FUNCTION_MEMORY);
      const eigs = eigsProgram(model, spec.model)
        .map((f) => f.code)
        .join('\n');
      expect(functionMemory(eigs, 'eigs_step')).toBeLessThanOrEqual(WGSL_FUNCTION_MEMORY);
      if (model.bounds.beyond && size === model.bounds.largest) {
        expect(() =>
          normalizeSpec({
            model: { name: model.name, ...model.bounds.beyond },
            optimizer: { name: 'gd', lr: 0.1 },
            steps: 1,
          }),
        ).toThrow(/model\.\w+ must be/);
      }
    },
  );

  it('refuses a lane larger than the device binds, saying how large it is, what fits and what to lower', () => {
    const spec = normalizeSpec({
      model: { name: 'dln', depth: 8, width: 64 },
      optimizer: { name: 'gd', lr: 0.1 },
      steps: 1,
    });
    const small = { maxStorageBufferBindingSize: 2 ** 19, maxBufferSize: 2 ** 20 };
    expect(() => makePlan(spec, small)).toThrow(
      /one lane needs \d+ bytes in its largest GPU buffer \(scratch\).*binds at most 524288 bytes.*lower the model's size \(model fields depth, width\)/,
    );
    expect(() =>
      makePlan(spec, { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 }),
    ).not.toThrow();
  });

  it("the spectrum pass's start vectors are src/analysis/block.ts blockStart's, bit for bit", async () => {
    const device = (await testEngine()).device;
    const probe = 'tests/shaders/probe_block_start.wgsl';
    const kernel = await getKernel(device, {
      label: 'test.probeBlockStart',
      files: [shaderFile('common/block_start.wgsl'), { name: probe, code: readFileSync(probe, 'utf8') }],
      entry: 'probe_block_start',
    });
    const bytes = 4 * 10 * 64;
    const out = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const read = device.createBuffer({
      size: bytes,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    try {
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(kernel.pipeline);
      kernel.bind(device, { out }).forEach((g, i) => pass.setBindGroup(i, g));
      pass.dispatchWorkgroups(1);
      pass.end();
      enc.copyBufferToBuffer(out, 0, read, 0, bytes);
      device.queue.submit([enc.finish()]);
      await read.mapAsync(GPUMapMode.READ);
      const gpu = Array.from(new Float32Array(read.getMappedRange().slice(0)));
      const want = Array.from({ length: 640 }, (_, j) => blockStart(Math.floor(j / 64), j % 64));
      expect(gpu).toEqual(want);
      expect(new Set(want).size).toBeGreaterThan(600); // a hash, not a constant
      expect(Math.min(...want)).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...want)).toBeLessThan(1);
    } finally {
      out.destroy();
      read.destroy();
    }
  });

  it('ties the uv vector size in WGSL to the validator bound', () => {
    const wgsl = readFileSync('shaders/uv/vec.wgsl', 'utf8');
    const blocks = Number(/const MAX_BLOCKS: u32 = (\d+)u;/.exec(wgsl)?.[1]);
    expect(4 * blocks).toBe(UV_MAX_WIDTH);
  });

  it.each(KERNELS)(
    "%s: the GPU power iteration's start vector is the float64 reference's",
    async (_, model, size) => {
      const engine = await testEngine();
      const device = engine.device;
      const spec = modelSpec(model, size);
      const plan = makePlan(spec, device.limits);
      const probe = `tests/shaders/probe_start${plan.family === 'workgroup' ? '_wg' : ''}.wgsl`;
      const kernel = await getKernel(device, {
        label: `${model.name}.probeStart`,
        files: [
          ...stepProgram(model, spec.model).slice(0, -1),
          {
            name: probe,
            code: readFileSync(probe, 'utf8'),
          },
        ],
        entry: 'probe_start',
        layoutConstants: { ...plan.overrides, ...plan.layout },
      });
      const P = plan.params;
      const u = device.createBuffer({
        size: kernel.bindingStruct('u').size,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(u, 0, new Uint32Array([1]));
      const state = device.createBuffer({
        size: 4 * P,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
      });
      const read = device.createBuffer({
        size: 4 * P,
        usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      });
      try {
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        pass.setPipeline(kernel.pipeline);
        kernel.bind(device, { u, state }).forEach((g, i) => pass.setBindGroup(i, g));
        pass.dispatchWorkgroups(1);
        pass.end();
        enc.copyBufferToBuffer(state, 0, read, 0, 4 * P);
        device.queue.submit([enc.finish()]);
        await read.mapAsync(GPUMapMode.READ);
        const gpu = Array.from(new Float32Array(read.getMappedRange().slice(0)));
        const want = new Float64Array(P);
        model.reference(spec.model).start(want);
        // Both are normalised before use; compare directions. f32 rounding of 1/sqrt(i + 1): 1e-6 relative.
        const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
        const [ng, nw] = [norm(gpu), norm(want)];
        const a = gpu.map((x) => x / ng);
        const b = Array.from(want, (x) => x / nw);
        a.forEach((x, i) => expect(Math.abs(x - (b[i] as number))).toBeLessThan(1e-6));
      } finally {
        for (const b of [u, state, read]) b.destroy();
      }
    },
  );
});

describe('layout', () => {
  it('keeps the rows read back (observables, Lyapunov exponent, measure) first in `latest`', async () => {
    const { READBACK_ROWS, RESULT_ROW, LATEST_ROW } = await import('../src/engine/plan/lane-rows.js');
    const { OBSERVABLES } = await import('../src/spec/types.js');
    for (const o of OBSERVABLES) expect(LATEST_ROW[o]).toBeLessThan(OBSERVABLES.length);
    expect(Math.max(RESULT_ROW.lyapunov, RESULT_ROW.measure)).toBeLessThan(READBACK_ROWS);
  });

  it('fails pipeline creation, not a run, when the step kernel lacks a layout row it declares', async () => {
    const engine = await testEngine();
    const spec = normalizeSpec({
      model: { name: 'quadratic' },
      optimizer: { name: 'gd', lr: 0.1 },
      steps: 1,
    });
    const plan = makePlan(spec, engine.device.limits);
    const build = (layoutConstants: Record<string, number | boolean>, label: string) =>
      getKernel(engine.device, {
        label,
        files: stepProgram(plan.model, spec.model),
        entry: 'step',
        overrides: { ...plan.overrides, PLAIN: false, LIGHT: false, SHARP: true },
        layoutConstants,
      });
    // The whole layout builds; the same layout less one row the WGSL reads (a row renamed on the TS side alone)
    // is refused when the pipeline is created.
    await expect(build(plan.layout, 'quadratic.layoutWhole')).resolves.toBeDefined();
    expect(plan.layout).toHaveProperty('OBS_SHARPNESS');
    const less: Record<string, number | boolean> = { ...plan.layout };
    delete less.OBS_SHARPNESS;
    await expect(build(less, 'quadratic.layoutLess')).rejects.toThrow(/OBS_SHARPNESS|override|constant/i);
  });
});
