// The figures' downloads: a file from bytes, and the CSV / JSON of a result with every lane's rows (a figure
// that read one byte a lane, or only its density, runs its spec again reading every lane).
import type { RunResult } from '../src/engine/read/result.js';
import type { NormalSpec } from '../src/spec/types.js';
import { resultToCSV } from '../src/views/csv.js';
import { resultToJSON } from '../src/views/json.js';
import { pageController } from './controller.js';

/** Offers `data` as a download named `name`. */
export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The result with every lane's rows, for the CSV and JSON exports: `r` itself, or (when it read one byte a
 * lane, or only its density) `spec` run again reading every lane; `say` shows what is happening.
 */
export async function fullResult(
  r: RunResult,
  spec: NormalSpec | undefined,
  say: (message: string) => void,
): Promise<RunResult> {
  if (r.kind.length || !spec) return r;
  say('reading every lane for the export ...');
  const full = await pageController().run(spec, { read: 'lanes', keep: { lanes: true, record: true } });
  say('');
  return full;
}

/** Downloads `r` as `<name>.csv` or `<name>.json`. */
export function exportData(kind: 'csv' | 'json', r: RunResult, name: string): void {
  if (kind === 'csv') download(`${name}.csv`, resultToCSV(r), 'text/csv');
  else download(`${name}.json`, JSON.stringify(resultToJSON(r)), 'application/json');
}
