// The WGSL files of the package (bundled as strings by Vite's import.meta.glob) and each model's program.
import type { SourceFile } from '../../gpu/kernel.js';
import type { KernelFamily, ModelDefinition } from '../../models/types.js';
import type { ModelSpec, Precision } from '../../spec/types.js';

const FILES = import.meta.glob('../../../shaders/**/*.wgsl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** All shader files by path relative to shaders/, e.g. 'uv/model.wgsl'. */
export const SHADERS: ReadonlyMap<string, string> = new Map(
  Object.entries(FILES).map(([path, code]) => [path.replace(/^.*\/shaders\//, ''), code]),
);

/** Common kernel files joined after a model's own files, per kernel family (the step entry point comes last). */
export const STEP_FILES: Readonly<Record<KernelFamily, readonly string[]>> = {
  lane: familyFiles(
    ['common/family_lane.wgsl', 'common/updates.wgsl'],
    ['common/advance_lean.wgsl', 'common/step.wgsl'],
  ),
  workgroup: familyFiles(['common/family_wg.wgsl', 'common/updates.wgsl'], ['common/step_wg.wgsl']),
};

/**
 * Precision "double": the lane family with double-single parameters (common/family_double.wgsl), after the
 * model's double files (ModelDefinition.double).
 */
export const DOUBLE_STEP_FILES: readonly string[] = familyFiles(
  ['common/df64.wgsl', 'common/family_double.wgsl'],
  ['common/advance_lean.wgsl', 'common/step.wgsl'],
);

/**
 * The shared step files around a family's own files (leads, vbind, the updates) and its entry point (after the
 * lean step variants where the entry has them).
 */
function familyFiles(family: readonly string[], entry: readonly string[]): string[] {
  return [
    'common/lanes.wgsl',
    'common/optimizer.wgsl',
    ...family,
    'common/power.wgsl',
    'common/stepping.wgsl',
    'common/held.wgsl',
    'common/advance.wgsl',
    ...entry,
  ];
}

export function shaderFile(name: string): SourceFile {
  const code = SHADERS.get(name);
  if (code === undefined) throw new Error(`[eos-lab] no shader file shaders/${name}`);
  return { name: `shaders/${name}`, code };
}

/** The kernel family of a model at this size (without making its files: a formula's need its compiler). */
export function kernelFamily(model: ModelDefinition, spec: ModelSpec): KernelFamily {
  return model.family?.(spec) ?? 'lane';
}

/**
 * The kernel family and model files of a model at this size: files under shaders/ by name, generated or
 * registered model files (formula models, registerModel) as sources.
 */
export function modelKernel(
  model: ModelDefinition,
  spec: ModelSpec,
): { family: KernelFamily; shaders: readonly (string | SourceFile)[] } {
  const shaders = typeof model.shaders === 'function' ? model.shaders(spec) : model.shaders;
  return { family: kernelFamily(model, spec), shaders };
}

/** A file of a program: a name under shaders/, or a source as it is. */
function source(file: string | SourceFile): SourceFile {
  return typeof file === 'string' ? shaderFile(file) : file;
}

/**
 * The step program of a model at this size: its files, then its family's common files, by plain concatenation
 * (in precision "double", the model's double files and the double family's).
 */
export function stepProgram(
  model: ModelDefinition,
  spec: ModelSpec,
  precision: Precision = 'single',
): SourceFile[] {
  if (precision === 'double') {
    if (!model.double) throw new Error(`[eos-lab] model '${model.name}' has no double precision`);
    const files = typeof model.double === 'function' ? model.double(spec) : model.double;
    return [...files, ...DOUBLE_STEP_FILES].map(source);
  }
  const k = modelKernel(model, spec);
  return [...k.shaders, ...STEP_FILES[k.family]].map(source);
}

/** Entry files of the top-k spectrum pass per family (common/spectrum.wgsl holds the algorithm). */
const EIGS_ENTRY: Readonly<Record<KernelFamily, string>> = {
  lane: 'common/eigs_lane.wgsl',
  workgroup: 'common/eigs_wg.wgsl',
};

/**
 * The spectrum program of a model at this size: the step program's files up to the family's (bindings,
 * optimiser, Vec operations), then the block power iteration, the small eigensolver and the family's entry.
 */
export function eigsProgram(model: ModelDefinition, spec: ModelSpec): SourceFile[] {
  const k = modelKernel(model, spec);
  const shared = STEP_FILES[k.family].slice(0, 4);
  return [
    ...k.shaders,
    ...shared,
    'common/block_start.wgsl',
    'common/blocks.wgsl',
    'common/spectrum.wgsl',
    'common/jacobi.wgsl',
    EIGS_ENTRY[k.family],
  ].map(source);
}
