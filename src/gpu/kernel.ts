// The only caller of createBindGroupLayout / createComputePipeline: layouts, binding by WGSL name and
// uniform/struct packing all come from wgsl_reflect; pipelines are cached per device.
import { WgslReflect } from 'wgsl_reflect/wgsl_reflect.module.js';
import type { VariableInfo } from 'wgsl_reflect';
import { withErrorScopes } from './device.js';
import { GPUFailureError } from './errors.js';
import { structLayout, type StructLayout } from './layout.js';

/** One WGSL file of a program, kept so that compile errors name the right file and line. */
export interface SourceFile {
  name: string;
  code: string;
}

export interface KernelOptions {
  /** `model.kernel`, e.g. 'uv.step'; every GPU object is labelled `${label}.${object}`. */
  label: string;
  /** Files joined by plain concatenation into one module. */
  files: readonly SourceFile[];
  entry: string;
  /** Override constants the program must declare (a name it does not declare is an error). */
  overrides?: Record<string, number | boolean>;
  /**
   * Layout constants shared by several programs (src/engine/plan/lane-rows.ts): only those this program declares
   * are passed; WGSL declares them without defaults, so one it uses but is not given fails creation.
   */
  layoutConstants?: Record<string, number | boolean>;
}

export interface BindingInfo {
  name: string;
  group: number;
  binding: number;
  type: 'uniform' | 'storage' | 'read-only-storage';
  /** WGSL type of the variable (struct name, or 'array' of `element`). */
  typeName: string;
  /** Element struct of `array<Struct>` bindings. */
  element?: string;
}

/** What reflection says of a program: bindings, overrides and struct layouts. */
export interface Reflection {
  bindings: BindingInfo[];
  overrides: string[];
  structs: Map<string, StructLayout>;
}

const reflections = new Map<string, Reflection>();

/** Parses a program once (cached by source text). */
export function reflect(label: string, code: string, entry: string): Reflection {
  const key = `${entry}\n${code}`;
  const hit = reflections.get(key);
  if (hit) return hit;
  const r = new WgslReflect(code);
  const fn = r.entry.compute.find((f) => f.name === entry);
  if (!fn) throw new Error(`[eos-lab] ${label}: no compute entry point '${entry}'`);
  const structs = new Map<string, StructLayout>();
  // Host-visible structs only (those of bindings, uniform or storage): function-scope structs such as the
  // step kernel's Bank may nest structs the packer need not read.
  const bound = new Set(
    fn.resources.map((v) => (v.type as { format?: { name: string } }).format?.name ?? v.type.name),
  );
  for (const s of r.structs)
    if (bound.has(s.name)) structs.set(s.name, structLayout(label, s.name, s.size, s.members));
  const bindings = fn.resources.map((v: VariableInfo): BindingInfo => {
    const kind = v.resourceType === 0 ? 'uniform' : v.access === 'read' ? 'read-only-storage' : 'storage';
    const element = (v.type as { format?: { name: string } }).format?.name;
    return { name: v.name, group: v.group, binding: v.binding, type: kind, typeName: v.type.name, element };
  });
  const out = { bindings, overrides: r.overrides.map((o) => o.name), structs };
  reflections.set(key, out);
  return out;
}

function lineMap(files: readonly SourceFile[], line: number): string {
  let start = 1;
  for (const f of files) {
    const n = f.code.split('\n').length;
    if (line < start + n) return `${f.name}:${line - start + 1}`;
    start += n;
  }
  return `line ${line}`;
}

export class Kernel {
  readonly label: string;
  readonly reflection: Reflection;
  readonly pipeline: GPUComputePipeline;
  private readonly layouts: GPUBindGroupLayout[];

  constructor(
    label: string,
    reflection: Reflection,
    pipeline: GPUComputePipeline,
    layouts: GPUBindGroupLayout[],
  ) {
    this.label = label;
    this.reflection = reflection;
    this.pipeline = pipeline;
    this.layouts = layouts;
  }

  /** Layout of a struct declared in the program (for uniforms and array<Struct> storage). */
  struct(name: string): StructLayout {
    const s = this.reflection.structs.get(name);
    if (!s) throw new Error(`[eos-lab] ${this.label}: no struct '${name}'`);
    return s;
  }

  /** The struct of the uniform or array<struct> binding `name`. */
  bindingStruct(name: string): StructLayout {
    const b = this.reflection.bindings.find((x) => x.name === name);
    if (!b) throw new Error(`[eos-lab] ${this.label}: no binding '${name}'`);
    return this.struct(b.element ?? b.typeName);
  }

  /** Bind groups with every binding given by its WGSL variable name; missing or unknown names throw. */
  bind(device: GPUDevice, buffers: Record<string, GPUBuffer>): GPUBindGroup[] {
    const names = this.reflection.bindings.map((b) => b.name);
    for (const key of Object.keys(buffers)) {
      if (!names.includes(key))
        throw new Error(`[eos-lab] ${this.label}: unknown binding '${key}' (known: ${names.join(', ')})`);
    }
    return this.layouts.map((layout, group) =>
      device.createBindGroup({
        label: `${this.label}.bindGroup${group}`,
        layout,
        entries: this.reflection.bindings
          .filter((b) => b.group === group)
          .map((b) => {
            const buffer = buffers[b.name];
            if (!buffer)
              throw new Error(`[eos-lab] ${this.label}: binding '${b.name}' was not given a buffer`);
            return { binding: b.binding, resource: { buffer } };
          }),
      }),
    );
  }
}

const caches = new WeakMap<GPUDevice, Map<string, Promise<Kernel>>>();

/**
 * Returns the cached kernel for these sources, entry and overrides on `device`, compiling it once.
 * @example
 * const k = await getKernel(device, { label: 'uv.step', files, entry: 'step', overrides: { WIDTH: 16 } });
 */
export function getKernel(device: GPUDevice, options: KernelOptions): Promise<Kernel> {
  let cache = caches.get(device);
  if (!cache) caches.set(device, (cache = new Map()));
  const code = options.files.map((f) => f.code).join('\n');
  const key = JSON.stringify([
    options.label,
    options.entry,
    options.overrides ?? {},
    options.layoutConstants ?? {},
    code,
  ]);
  let kernel = cache.get(key);
  if (!kernel) {
    kernel = buildKernel(device, options, code);
    cache.set(key, kernel);
    kernel.catch(() => cache.delete(key));
  }
  return kernel;
}

async function buildKernel(device: GPUDevice, options: KernelOptions, code: string): Promise<Kernel> {
  const { label, entry } = options;
  const reflection = reflect(label, code, entry);
  const overrides: Record<string, number | boolean> = {};
  for (const [k, v] of Object.entries(options.layoutConstants ?? {}))
    if (reflection.overrides.includes(k)) overrides[k] = v;
  Object.assign(overrides, options.overrides ?? {});
  for (const name of Object.keys(options.overrides ?? {})) {
    if (!reflection.overrides.includes(name)) {
      throw new Error(
        `[eos-lab] ${label}: unknown override '${name}' (known: ${reflection.overrides.join(', ')})`,
      );
    }
  }
  const module = await withErrorScopes(device, `${label}: shader module`, () =>
    device.createShaderModule({ label: `${label}.module`, code }),
  );
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) {
    const text = errors.map((m) => `${lineMap(options.files, m.lineNum)}: ${m.message}`).join('\n');
    throw new GPUFailureError(`${label}: WGSL compilation failed\n${text}`);
  }
  const groups = Math.max(-1, ...reflection.bindings.map((b) => b.group)) + 1;
  const layouts: GPUBindGroupLayout[] = [];
  for (let g = 0; g < groups; g++) {
    layouts.push(
      device.createBindGroupLayout({
        label: `${label}.bindGroupLayout${g}`,
        entries: reflection.bindings
          .filter((b) => b.group === g)
          .map((b) => ({ binding: b.binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: b.type } })),
      }),
    );
  }
  const layout = device.createPipelineLayout({ label: `${label}.pipelineLayout`, bindGroupLayouts: layouts });
  const constants: Record<string, number> = {};
  for (const [k, v] of Object.entries(overrides)) constants[k] = typeof v === 'boolean' ? Number(v) : v;
  // Synchronous creation: Dawn's Node bindings never settle createComputePipelineAsync's promise here, and
  // browsers compile in the GPU process either way.
  const pipeline = await withErrorScopes(device, `${label}: pipeline creation failed`, () =>
    device.createComputePipeline({
      label: `${label}.pipeline`,
      layout,
      compute: { module, entryPoint: entry, constants },
    }),
  );
  return new Kernel(label, reflection, pipeline, layouts);
}
