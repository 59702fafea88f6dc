// Lowell & Kastner's study: layerwise Jacobian alignment after training against the dataset size, with a
// log-log least-squares fit and its R^2. Runs the spec once per size (the dataset is shared by a run's lanes;
// the spec's sweep gives the lanes, e.g. init seeds) and averages the lanes' alignment.
// Usage (after npm run build): node scripts/alignment-study.js SPEC.json [16,32,64,128,256]
import { readFileSync } from 'node:fs';
import { Engine, laneAlignment } from '../dist/index.js';

const [file, list = '16,32,64,128,256'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/alignment-study.js SPEC.json [SIZES, e.g. 16,32,64,128,256]');
  process.exit(2);
}
const base = JSON.parse(readFileSync(file, 'utf8'));
const sizes = list.split(',').map(Number);
const engine = await Engine.create();
const rows = [];
for (const n of sizes) {
  const spec = { ...base, model: { ...base.model, examples: n } };
  const r = await engine.run(spec, { keep: { params: true } });
  const a = Array.from({ length: r.lanes }, (_, lane) => laneAlignment(r, lane)).filter(
    (x, lane) => Number.isFinite(x) && !r.diverged[lane],
  );
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, a.length - 1));
  // Where the runs ended against the edge: final sharpness x eta / 2 (1 = at 2/eta), for a scalar lr.
  const lr = base.optimizer?.lr;
  const edge = Array.from(r.final.sharpness, (x, lane) => (r.diverged[lane] ? NaN : (x * lr) / 2)).filter(
    Number.isFinite,
  );
  const edgeRange = edge.length ? [Math.min(...edge), Math.max(...edge)] : null;
  rows.push({ n, mean, sd, lanes: a.length, edge: edgeRange });
  const at = edgeRange ? `; sharpness x eta/2 ${edgeRange.map((x) => x.toFixed(2)).join('..')}` : '';
  console.log(`N = ${n}: alignment ${mean.toFixed(4)} +- ${sd.toFixed(4)} over ${a.length} lanes${at}`);
}
// log(alignment) = a + b log(N), least squares; R^2 = 1 - SS_res / SS_tot.
const xs = rows.map((r) => Math.log(r.n));
const ys = rows.map((r) => Math.log(r.mean));
const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
const my = ys.reduce((s, y) => s + y, 0) / ys.length;
const b = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
const a = my - b * mx;
const ssRes = ys.reduce((s, y, i) => s + (y - a - b * xs[i]) ** 2, 0);
const ssTot = ys.reduce((s, y) => s + (y - my) ** 2, 0);
console.log(
  `log-log fit: alignment ~ ${Math.exp(a).toPrecision(4)} N^${b.toFixed(4)}, R^2 = ${(1 - ssRes / ssTot).toFixed(3)}`,
);
console.log(JSON.stringify({ sizes: rows, exponent: b, prefactor: Math.exp(a), r2: 1 - ssRes / ssTot }));
engine.destroy();
