// Host side of the init pass (shaders/common/expand.wgsl): per-lane words from a base lane and one table
// per sweep axis, so lanes are built on the GPU. Used when every word depends on at most one axis; the
// tables are then O(axis values), not O(lanes).
import { packStruct, type StructLayout } from '../../gpu/layout.js';
import { LaneView } from './lanes.js';
import type { Plan } from './plan.js';
import { optHyperValues, splitWords } from './upload.js';

export interface ExpandTables {
  words: number;
  base: Uint32Array<ArrayBuffer>;
  /** Per word: -1 (the base value), 0 or 1 (the axis whose value it follows). */
  owner: Int32Array<ArrayBuffer>;
  /** Axis 0's rows ([i * words + k]), then axis 1's from word `table1`. */
  tables: Uint32Array<ArrayBuffer>;
  table1: number;
}

/**
 * Per-lane words of one lane buffer (parameters as f32 bits, or a packed hyper struct): `fill` writes lane
 * `lane`'s words into `out` at `at`. One call per axis value, so it allocates nothing.
 */
export interface LaneWords {
  words: number;
  fill(lane: number, out: Uint32Array, at: number): void;
}

/** A lane's initial parameters as f32 words: P of them, or in double 2 P (hi words, then lo: blocks 0 and 1). */
export function paramWords(plan: Plan): LaneWords {
  const view = new LaneView(plan.spec, plan.axes);
  const P = plan.params;
  const w = new Float64Array(P);
  const f = new Float32Array(plan.precision === 'double' ? 2 * P : P);
  const bits = new Uint32Array(f.buffer);
  return {
    words: f.length,
    fill(lane, out, at) {
      plan.model.initParams(view.at(lane), plan.spec.model, w);
      splitWords(w, f);
      out.set(bits, at);
    },
  };
}

export function hyperWords(plan: Plan, which: 'opt' | 'model', layout: StructLayout): LaneWords {
  const view = new LaneView(plan.spec, plan.axes);
  const label = `${plan.model.name}.step`;
  const buf = new ArrayBuffer(layout.size);
  const dv = new DataView(buf);
  const bits = new Uint32Array(buf);
  return {
    words: layout.size / 4,
    fill(lane, out, at) {
      const values =
        which === 'opt' ? optHyperValues(view.at(lane)) : plan.model.hyper(view.at(lane), plan.spec.model);
      packStruct(label, layout, values, dv);
      out.set(bits, at);
    },
  };
}

/**
 * Builds the tables, or returns null when some word depends on both axes (then the host packs lanes).
 * Separability is read from the axis rows and checked on probe lanes (corners and a spread of others),
 * so a word that depends on two axes jointly is caught even where each alone seems not to move it.
 */
export function expandTables(plan: Plan, of: LaneWords, reads: readonly string[]): ExpandTables | null {
  const n0 = plan.axes[0]?.values.length ?? 1;
  // Only axes under `reads` (the spec sections this buffer is built from, lanes.ts MOVED_BY) can move its
  // words: the others get no table. The probes below would catch a model that read outside them.
  const lens = plan.axes.map((a) => (reads.some((r) => a.path.startsWith(`${r}.`)) ? a.values.length : 0));
  const words = of.words;
  const base = new Uint32Array(words);
  of.fill(0, base, 0);
  const owner = new Int32Array(words).fill(-1);
  const table1 = (lens[0] ?? 0) * words;
  const tables = new Uint32Array(table1 + (lens[1] ?? 0) * words);
  for (let axis = 0; axis < lens.length; axis++) {
    const n = lens[axis] as number;
    const start = axis === 0 ? 0 : table1;
    const moved = new Uint8Array(words);
    for (let i = 0; i < n; i++) {
      const at = start + i * words;
      of.fill(axis === 0 ? i : i * n0, tables, at);
      for (let k = 0; k < words; k++) if (tables[at + k] !== base[k]) moved[k] = 1;
    }
    for (let k = 0; k < words; k++) {
      if (!moved[k]) continue;
      if (owner[k] !== -1) return null;
      owner[k] = axis;
    }
  }
  const t: ExpandTables = { words, base, owner, tables, table1 };
  const probes = new Set([plan.lanes - 1, n0 - 1, plan.lanes - n0, plan.lanes >> 1]);
  for (let j = 1; j <= 8; j++) probes.add(Math.floor((plan.lanes * j * 0.6180339887) % plan.lanes));
  const want = new Uint32Array(words);
  for (const lane of probes) {
    if (lane < 0 || lane >= plan.lanes) continue;
    of.fill(lane, want, 0);
    const got = expandLane(t, lane, n0);
    for (let k = 0; k < words; k++) if (want[k] !== got[k]) return null;
  }
  return t;
}

/** The words the expand kernel gives lane `lane` (its host twin, for the probes and the tests). */
export function expandLane(t: ExpandTables, lane: number, n0: number): Uint32Array {
  const i0 = lane % n0;
  const i1 = Math.floor(lane / n0);
  return Uint32Array.from({ length: t.words }, (_, k) => {
    const o = t.owner[k];
    if (o === 0) return t.tables[i0 * t.words + k] as number;
    if (o === 1) return t.tables[t.table1 + i1 * t.words + k] as number;
    return t.base[k] as number;
  });
}

/**
 * expand.wgsl's owner masks: bit k of OWN0 / OWN1 set where word k follows axis 0 / 1; MASKS false (the owners
 * read from their buffer) past 32 words.
 * @example
 * ownerMasks({ words: 2, owner: Int32Array.of(0, 1) }); // { MASKS: true, OWN0: 1, OWN1: 2 }
 */
export function ownerMasks(t: Pick<ExpandTables, 'words' | 'owner'>): Record<string, number | boolean> {
  if (t.words > 32) return { MASKS: false, OWN0: 0, OWN1: 0 };
  const mask = (axis: number) => t.owner.reduce((m, o, k) => (o === axis ? m | (1 << k) : m), 0) >>> 0;
  return { MASKS: true, OWN0: mask(0), OWN1: mask(1) };
}

/** expand.wgsl's `words`: axis 0's rows, axis 1's (from word table1), then the base lane (from tables.length). */
export function wordTable(t: ExpandTables): Uint32Array<ArrayBuffer> {
  const words = new Uint32Array(t.tables.length + t.words);
  words.set(t.tables);
  words.set(t.base, t.tables.length);
  return words;
}
