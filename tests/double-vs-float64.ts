// The comparison the double tests share: a spec run in double and in single against the float64 reference
// (runReference), the worst relative distance of each lane's final parameters (double: hi + lo words).
import { runReference } from '../src/engine/reference.js';
import type { ExperimentSpec } from '../src/spec/types.js';
import { testEngine } from './gpu.js';

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((a, x) => a + x * x, 0));

/** Worst ||w - w_f64|| / ||w_f64|| over the lanes, in double and in single. */
export async function doubleVsFloat64(
  spec: ExperimentSpec,
  budgetMs?: number,
): Promise<{ double: number; single: number }> {
  const engine = await testEngine();
  const run = (precision: 'single' | 'double') =>
    engine.run({ ...spec, precision }, { keep: { params: true }, budgetMs });
  const [d, s] = [await run('double'), await run('single')];
  if (d.precision !== 'double') throw new Error(`ran in ${d.precision}, not double`);
  let double = 0;
  let single = 0;
  runReference({ ...spec, precision: 'double' }).forEach((l, lane) => {
    const P = l.params.length;
    const at = (k: number) => P * lane + k;
    const scale = norm(l.params);
    double = Math.max(
      double,
      norm(Array.from(l.params, (x, k) => d.params[at(k)]! + d.paramsLo[at(k)]! - x)) / scale,
    );
    single = Math.max(single, norm(Array.from(l.params, (x, k) => s.params[at(k)]! - x)) / scale);
  });
  return { double, single };
}
