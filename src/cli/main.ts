// The eos-lab command: argument parsing plus a writer around Engine.run and the JSON view.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Engine, type Progress } from '../engine/engine.js';
import { makePlan } from '../engine/plan.js';
import { SpecError } from '../spec/errors.js';
import { normalizeSpec } from '../spec/normalize.js';
import { setPath } from '../spec/path.js';
import type { ExperimentSpec } from '../spec/types.js';
import { resultToCSV } from '../views/csv.js';
import { resultToJSON } from '../views/json.js';
import { HELP, UsageError, modelsTable, parseCli, type CliArgs } from './args.js';
import { summary } from './summary.js';

declare const __EOS_VERSION__: string;

function readSpec(args: CliArgs): ExperimentSpec {
  if (!args.file)
    throw new UsageError(`[eos-lab] ${args.command} needs a spec file: eos-lab ${args.command} SPEC.json`);
  let spec: unknown;
  try {
    spec = JSON.parse(readFileSync(args.file, 'utf8'));
  } catch (e) {
    throw new UsageError(`[eos-lab] cannot read spec ${args.file}: ${(e as Error).message}`);
  }
  for (const assignment of args.set) {
    const eq = assignment.indexOf('=');
    if (eq < 1) throw new UsageError(`[eos-lab] --set needs PATH=VALUE, got '${assignment}'`);
    const raw = assignment.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      /* a bare string */
    }
    spec = setPath(spec, assignment.slice(0, eq), value);
  }
  return spec as ExperimentSpec;
}

function progressPrinter(quiet: boolean): (p: Progress) => void {
  let last = 0;
  const tty = process.stderr.isTTY;
  return (p) => {
    const now = Date.now();
    if (quiet || (now - last < (tty ? 100 : 2000) && p.fraction < 1)) return;
    last = now;
    const pct = (100 * p.fraction).toFixed(1).padStart(5);
    const line = `[eos-lab] ${pct}%  tile ${p.tile}/${p.tiles}  step ${p.step}/${p.steps}  ${p.lanes} lanes`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  };
}

/** WebGPU's default limits: plans made before a device exists (validate, the JSON size check). */
const DEFAULT_LIMITS = { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 };

/** JSON output holds every recorded value as text: past this many numbers it no longer fits a JS string. */
const MAX_JSON_VALUES = 40_000_000;

async function run(args: CliArgs): Promise<void> {
  const spec = normalizeSpec(readSpec(args));
  const plan = makePlan(spec, DEFAULT_LIMITS);
  const values = plan.lanes * (spec.record.last * spec.record.observables.length + 8);
  if (values > MAX_JSON_VALUES) {
    throw new UsageError(
      `[eos-lab] this run would write ${values.toExponential(2)} numbers of JSON (at most ${MAX_JSON_VALUES.toExponential(0)}): ` +
        `lower record.last (${spec.record.last}) or record.observables (${spec.record.observables.length}), or the lane count (${plan.lanes})`,
    );
  }
  const engine = await Engine.create();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('[eos-lab] interrupted')));
  try {
    const result = await engine.run(spec, {
      signal: controller.signal,
      onProgress: progressPrinter(args.quiet),
      budgetMs: args.budgetMs,
    });
    if (!args.quiet && process.stderr.isTTY) process.stderr.write('\n');
    const json = JSON.stringify(resultToJSON(result));
    if (args.out) {
      mkdirSync(dirname(args.out), { recursive: true });
      writeFileSync(args.out, json);
    } else {
      process.stdout.write(`${json}\n`);
    }
    if (args.csv) {
      mkdirSync(dirname(args.csv), { recursive: true });
      writeFileSync(args.csv, resultToCSV(result));
    }
    if (!args.quiet) process.stderr.write(`${summary(result, args.out)}\n`);
  } finally {
    engine.destroy();
  }
}

function validate(args: CliArgs): void {
  const spec = normalizeSpec(readSpec(args));
  const plan = makePlan(spec, DEFAULT_LIMITS);
  const steps = plan.recordSteps;
  process.stdout.write(
    `valid: model ${plan.model.name}, ${plan.lanes} lanes x ${spec.steps} steps, ${plan.params} parameters per lane\n` +
      `sweep: ${plan.axes.map((a) => `${a.path} (${a.values.length})`).join(' x ') || 'none'}\n` +
      `records ${spec.record.observables.join(', ')} at steps ${steps[0]}..${steps[steps.length - 1]} (every ${spec.record.every})\n` +
      `tiles at the default WebGPU limits: ${plan.tiles.length}\n`,
  );
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseCli(argv);
    if (args.version) {
      process.stdout.write(`${__EOS_VERSION__}\n`);
      return 0;
    }
    if (args.help || !args.command) {
      process.stdout.write(`${HELP}\n`);
      return args.command || args.help ? 0 : 2;
    }
    if (args.command === 'models') process.stdout.write(`${modelsTable()}\n`);
    else if (args.command === 'validate') validate(args);
    else if (args.command === 'run') await run(args);
    else throw new UsageError(`[eos-lab] unknown command '${args.command}' (known: run, validate, models)`);
    return 0;
  } catch (e) {
    const usage = e instanceof UsageError || e instanceof SpecError;
    process.stderr.write(`${(e as Error).message}\n`);
    if (!usage && process.env.EOS_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return usage ? 2 : 1;
  }
}
