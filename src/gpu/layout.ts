// Host-side views of WGSL structs from reflection: offsets, sizes and element types, never hand-kept.
import type { MemberInfo, TypeInfo } from 'wgsl_reflect';

export interface FieldLayout {
  name: string;
  offset: number;
  /** Scalar type of the elements: 'f32' | 'u32' | 'i32'. */
  scalar: 'f32' | 'u32' | 'i32';
  /** Number of scalars (1 for a scalar; 8 for array<f32, 8>; 4 for vec4<f32>). */
  count: number;
  /** Byte stride between consecutive scalars. */
  stride: number;
}

export interface StructLayout {
  name: string;
  size: number;
  fields: FieldLayout[];
}

type Info = TypeInfo & { format?: TypeInfo | null; count?: number; stride?: number };

function scalarOf(label: string, t: Info): { scalar: FieldLayout['scalar']; count: number; stride: number } {
  if (t.name === 'f32' || t.name === 'u32' || t.name === 'i32')
    return { scalar: t.name, count: 1, stride: 4 };
  const vec = /^vec([234])(f|u|i)?$/.exec(t.name);
  if (vec) {
    const fmt = (t.format?.name ?? (vec[2] ? `${vec[2]}32` : 'f32')) as FieldLayout['scalar'];
    return { scalar: fmt, count: Number(vec[1]), stride: 4 };
  }
  if (t.name === 'array' && t.format && t.count) {
    const inner = scalarOf(label, t.format as Info);
    if (inner.count !== 1 && (t.stride ?? 0) !== inner.count * 4) {
      throw new Error(`[eos-lab] ${label}: array of padded vectors is not supported by the packer`);
    }
    return { scalar: inner.scalar, count: inner.count * t.count, stride: 4 };
  }
  throw new Error(`[eos-lab] ${label}: member type '${t.name}' is not supported by the packer`);
}

export function structLayout(
  label: string,
  name: string,
  size: number,
  members: readonly MemberInfo[],
): StructLayout {
  return {
    name,
    size,
    fields: members.map((m) => ({
      name: m.name,
      offset: m.offset,
      ...scalarOf(`${label}.${m.name}`, m.type as Info),
    })),
  };
}

export type StructValues = Record<string, number | boolean | readonly number[]>;

/**
 * Writes `values` into `view` at `base` following `layout`. Unknown names throw; missing members are 0.
 */
export function packStruct(
  label: string,
  layout: StructLayout,
  values: StructValues,
  view: DataView,
  base = 0,
): void {
  for (const key of Object.keys(values)) {
    if (!layout.fields.some((f) => f.name === key)) {
      const known = layout.fields.map((f) => f.name).join(', ');
      throw new Error(`[eos-lab] ${label}: '${layout.name}' has no member '${key}' (known: ${known})`);
    }
  }
  for (const f of layout.fields) {
    const raw = values[f.name] ?? 0;
    const list = typeof raw === 'object' ? raw : [Number(raw)];
    if (list.length > f.count)
      throw new Error(
        `[eos-lab] ${label}: ${layout.name}.${f.name} holds ${f.count} values, got ${list.length}`,
      );
    for (let i = 0; i < f.count; i++) {
      const v = list[i] ?? 0;
      const at = base + f.offset + i * f.stride;
      if (f.scalar === 'f32') view.setFloat32(at, v, true);
      else if (f.scalar === 'u32') view.setUint32(at, v, true);
      else view.setInt32(at, v, true);
    }
  }
}
