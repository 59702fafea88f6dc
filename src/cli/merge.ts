// eos-lab merge: shards' directories -> one directory, checked to come from one spec and to cover every
// lane once; arrays are placed by lane range and densities summed, so the result is the unsharded run's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NpyFile } from './npy.js';
import { laneShape, readMeta, writeAxes, type Meta } from './outdir.js';
import { UsageError } from './args.js';

export function mergeParts(parts: readonly string[], out: string): Meta {
  if (parts.length === 0)
    throw new UsageError('[eos-lab] merge needs part directories: eos-lab merge DIR... --out DIR');
  const metas = parts.map((dir) => {
    const m = readMeta(dir);
    if (!m) throw new UsageError(`[eos-lab] merge: ${dir} has no meta.json (not an eos-lab --out directory)`);
    if (!m.complete)
      throw new UsageError(
        `[eos-lab] merge: ${dir} is unfinished (done ${m.done} lanes); rerun it with --resume`,
      );
    return { dir, m };
  });
  const first = metas[0]!.m;
  for (const { dir, m } of metas) {
    if (m.specHash !== first.specHash)
      throw new UsageError(
        `[eos-lab] merge: ${dir} comes from another spec (hash ${m.specHash}, expected ${first.specHash})`,
      );
  }
  metas.sort((a, b) => a.m.range.first - b.m.range.first);
  let at = 0;
  for (const { dir, m } of metas) {
    if (m.range.first !== at)
      throw new UsageError(`[eos-lab] merge: lanes [${at}, ${m.range.first}) are missing before ${dir}`);
    at = m.range.end;
  }
  if (at !== first.lanes) throw new UsageError(`[eos-lab] merge: lanes [${at}, ${first.lanes}) are missing`);
  mkdirSync(out, { recursive: true });
  const arrays: Meta['arrays'] = {};
  // The whole sweep again: the grid's shape (laneShape), whatever the parts' shapes were.
  const shape = laneShape(
    first.axes.map((a) => a.values.length),
    { first: 0, end: first.lanes },
  );
  for (const [name, info] of Object.entries(first.arrays)) {
    if (name === 'density') continue;
    const target = new NpyFile(join(out, `${name}.npy`), info.dtype, shape);
    for (const { dir, m } of metas) {
      const n = m.range.end - m.range.first;
      const src = NpyFile.open(join(dir, `${name}.npy`));
      const bytes = src.read(0, n);
      src.close();
      const view = info.dtype === 'u1' ? bytes : new Uint32Array(bytes.buffer);
      target.write(m.range.first, view);
    }
    target.close();
    arrays[name] = { dtype: info.dtype, shape };
  }
  if (first.arrays.density) {
    const dshape = first.arrays.density.shape;
    const cells = (dshape[0] as number) * (dshape[1] as number);
    const sum = new Uint32Array(cells);
    for (const { dir } of metas) {
      const f = NpyFile.open(join(dir, 'density.npy'));
      const part = new Uint32Array(f.read(0, cells).buffer);
      f.close();
      for (let i = 0; i < cells; i++) sum[i] = (sum[i] as number) + (part[i] as number);
    }
    const f = new NpyFile(join(out, 'density.npy'), 'u4', dshape);
    f.write(0, sum);
    f.close();
    arrays.density = { dtype: 'u4', shape: dshape };
  }
  const meta: Meta = {
    ...first,
    shard: null,
    range: { first: 0, end: first.lanes },
    done: first.lanes,
    complete: true,
    arrays,
  };
  writeAxes(out, first.axes);
  writeFileSync(join(out, 'meta.json'), JSON.stringify(meta));
  return meta;
}
