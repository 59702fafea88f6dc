// Command-line arguments (node:util parseArgs) and the help text.
import { parseArgs } from 'node:util';
import { MODELS } from '../models/registry.js';
import { OPTIMIZERS } from '../optim/index.js';

export const HELP = `eos-lab: gradient descent at the edge of stability, thousands of lanes at once on WebGPU.

Usage:
  eos-lab run SPEC.json [--out RESULT.json] [--csv LANES.csv] [--set PATH=VALUE]... [--budget-ms N] [--quiet]
  eos-lab validate SPEC.json [--set PATH=VALUE]...
  eos-lab models
  eos-lab --help | --version

Commands:
  run        Run the experiment spec on the GPU (Node's WebGPU: Dawn, or SwiftShader without a GPU) and
             write the result JSON: spec, lanes, axes, final.{loss,gradNorm,output,balance,sharpness},
             diverged, divergedAt, period, record.{steps,<observable>}. Per-lane arrays are in lane order
             (first sweep axis fastest); null where a lane diverged.
  validate   Check a spec and print its plan (lanes, tiles, recorded steps) without running it.
  models     List the models and optimisers.

Options:
  --out FILE       Where to write the result JSON (default: standard output). Written only on success.
  --csv FILE       Also write one CSV row per lane: axis values, final observables, diverged, divergedAt,
                   period (empty cells where missing).
  --set PATH=VAL   Override a spec field by dotted path before validation, e.g. --set optimizer.lr=0.5
                   (VAL is parsed as JSON when it can be, else taken as a string). Repeatable.
  --budget-ms N    Target GPU milliseconds per submit (default 50); larger is faster on a real GPU.
  --quiet          No progress or summary on standard error.
  -h, --help       This text.
  -v, --version    The package version.

Exit status: 0 success, 1 GPU or I/O failure, 2 invalid arguments or spec (the message names the field).

Spec reference: README.md; example specs: examples/.`;

export interface CliArgs {
  command: string | undefined;
  file: string | undefined;
  out: string | undefined;
  csv: string | undefined;
  set: string[];
  budgetMs: number | undefined;
  quiet: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        csv: { type: 'string' },
        set: { type: 'string', multiple: true },
        'budget-ms': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError(`[eos-lab] ${(e as Error).message}`);
  }
  const { values, positionals } = parsed;
  const budget = values['budget-ms'];
  const budgetMs = budget === undefined ? undefined : Number(budget);
  if (budgetMs !== undefined && !(budgetMs > 0 && budgetMs <= 10_000)) {
    throw new UsageError(`[eos-lab] --budget-ms must be a number in (0, 10000], got ${budget}`);
  }
  return {
    command: positionals[0],
    file: positionals[1],
    out: values.out,
    csv: values.csv,
    set: values.set ?? [],
    budgetMs,
    quiet: Boolean(values.quiet),
    help: Boolean(values.help),
    version: Boolean(values.version),
  };
}

export function modelsTable(): string {
  const rows = MODELS.map((m) => `  ${m.name.padEnd(12)} ${m.summary}`);
  const opts = OPTIMIZERS.map((o) => `  ${o.name.padEnd(14)} ${o.summary}`);
  return `Models:\n${rows.join('\n')}\n\nOptimisers:\n${opts.join('\n')}`;
}
