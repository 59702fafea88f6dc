// The eos-lab command: argument parsing plus writers around Engine.run and the views.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModelModule } from '../models/lane-module.js';
import { registerModel } from '../models/registry.js';
import { Engine } from '../engine/engine.js';
import { makePlan, SOFTWARE_GROUP_SIZE } from '../engine/plan/plan.js';
import { SpecError } from '../spec/errors.js';
import { normalizeSpec } from '../spec/normalize.js';
import { setPath } from '../spec/path.js';
import type { ExperimentSpec } from '../spec/types.js';
import { resultToCSV } from '../views/csv.js';
import { laneAnalyses } from '../engine/read/analyses.js';
import { resultToJSON, VERSION } from '../views/json.js';
import { COMMANDS, HELP, UsageError, modelsTable, parseCli, type CliArgs } from './args.js';
import { figureCommand } from './figure.js';
import { mergeParts } from './merge.js';
import { progressReporter } from './progress.js';
import { summary } from './summary.js';
import { zoomCommand } from './zoom.js';
import * as formulaCompiler from '../formula/compile.js';
import { provideFormulaCompiler } from '../formula/loader.js';

provideFormulaCompiler(formulaCompiler);

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

/** WebGPU's default limits: plans made before a device exists (validate, the JSON size check). */
const DEFAULT_LIMITS = { maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 };

/** JSON output holds every recorded value as text: past this many numbers it no longer fits a JS string. */
const MAX_JSON_VALUES = 40_000_000;

async function openEngine(args: CliArgs): Promise<Engine> {
  const engine = await Engine.create({ nodeFlags: args.nodeFlags });
  if (args.requireGpu && engine.info.isFallback) {
    engine.destroy();
    throw new Error(
      `[eos-lab] --require-gpu: only a software adapter was found (${engine.info.architecture || engine.info.description || 'fallback'}); ` +
        'check the GPU driver (Vulkan on Linux) or run without --require-gpu',
    );
  }
  return engine;
}

async function run(args: CliArgs): Promise<void> {
  const spec = normalizeSpec(readSpec(args));
  const plan = makePlan(spec, DEFAULT_LIMITS);
  // Per lane: each recorded scalar, k + 1 numbers a slot for eigs (values and residual), the finals, params.
  const perSlot = spec.record.observables.length + (plan.eigs?.report ? plan.eigs.report + 1 : 0);
  const values = plan.lanes * (spec.record.last * perSlot + 12 + (args.params ? plan.params : 0));
  if (values > MAX_JSON_VALUES) {
    throw new UsageError(
      `[eos-lab] this run would write ${values.toExponential(2)} numbers of JSON (at most ${MAX_JSON_VALUES.toExponential(0)}): ` +
        `lower record.last (${spec.record.last}) or record.observables (${spec.record.observables.length}), or the lane count (${plan.lanes}); ` +
        'or use `eos-lab basin|bifurcation SPEC --out DIR` for .npy arrays',
    );
  }
  const engine = await openEngine(args);
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('[eos-lab] interrupted'));
  process.once('SIGINT', stop);
  const reporter = progressReporter(args.progress, 'run');
  try {
    const result = await engine.run(spec, {
      signal: controller.signal,
      onProgress: reporter.update,
      budgetMs: args.budgetMs,
      keep: { params: args.params },
    });
    reporter.stop();
    const analyses = laneAnalyses(result);
    const json = JSON.stringify({ ...resultToJSON(result), ...(analyses ? { analysis: analyses } : {}) });
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
    reporter.stop();
    process.off('SIGINT', stop);
    engine.destroy();
  }
}

async function figure(args: CliArgs, kind: 'bifurcation' | 'basin'): Promise<void> {
  const raw = readSpec(args);
  const engine = await openEngine(args);
  try {
    const result = await figureCommand(args, kind, raw, engine);
    const wrote = [args.png, args.svg, args.out].filter(Boolean).join(', ');
    if (!args.quiet) process.stderr.write(`${summary(result, wrote)}\n`);
  } finally {
    engine.destroy();
  }
}

async function zoom(args: CliArgs): Promise<void> {
  const raw = readSpec(args);
  const { center, depth, frames } = args.zoom;
  if (!center.length) throw new UsageError('[eos-lab] zoom needs --center X[,Y] (the point zoomed into)');
  if (depth === undefined)
    throw new UsageError("[eos-lab] zoom needs --depth D (the last window's relative width)");
  const engine = await openEngine(args);
  try {
    const written = await zoomCommand(args, raw, { center, depth, frames }, engine).catch((e: unknown) => {
      // The path's own fields are the command's flags.
      if (e instanceof SpecError && /^(center|depth|frames)\b/.test(e.field))
        throw new UsageError(e.message.replace(`spec: ${e.field}`, `--${e.field}`));
      throw e;
    });
    if (!args.quiet) {
      const double = written.filter((f) => f.precision === 'double').length;
      process.stderr.write(
        `[eos-lab] zoom: ${written.length} frames in ${args.out} (${double} in double precision)\n`,
      );
    }
  } finally {
    engine.destroy();
  }
}

function validate(args: CliArgs): void {
  const spec = normalizeSpec(readSpec(args));
  const plan = makePlan(spec, DEFAULT_LIMITS);
  const steps = plan.recordSteps;
  const recorded = steps.length
    ? `records ${[...spec.record.observables, ...spec.record.vectors.map((v) => (v === 'eigs' ? `eigs (top ${spec.sharpness.k})` : v))].join(', ')} at steps ${steps[0]}..${steps[steps.length - 1]} (every ${spec.record.every})`
    : 'records nothing per step (final values and classes only)';
  process.stdout.write(
    `valid: model ${plan.model.name}, ${plan.lanes} lanes x ${spec.steps} steps, ${plan.params} parameters per lane\n` +
      `sweep: ${plan.axes.map((a) => `${a.path} (${a.values.length})`).join(' x ') || 'none'}\n` +
      `${recorded}\n` +
      `classification window: last ${spec.classify.window} iterates\n` +
      `kernel: ${
        plan.family === 'workgroup'
          ? `a workgroup per lane (${plan.groupSize} invocations on a GPU, ${SOFTWARE_GROUP_SIZE} on a software GPU)`
          : 'a lane per invocation'
      }\n` +
      `tiles at the default WebGPU limits: ${plan.tiles.length}\n`,
  );
}

/** Registers the users' model modules named by --model-module (each a JS module's default export). */
async function loadModules(files: readonly string[]): Promise<void> {
  for (const file of files) {
    let m: { default?: ModelModule };
    try {
      m = (await import(pathToFileURL(resolve(file)).href)) as { default?: ModelModule };
    } catch (e) {
      throw new UsageError(`[eos-lab] --model-module ${file}: cannot load it: ${(e as Error).message}`);
    }
    if (!m.default) throw new UsageError(`[eos-lab] --model-module ${file}: it has no default export`);
    try {
      registerModel(m.default);
    } catch (e) {
      throw new UsageError(
        `[eos-lab] --model-module ${file}: ${(e as Error).message.replace('[eos-lab] ', '')}`,
      );
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parseCli(argv);
    await loadModules(args.modelModules);
    if (args.version) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (args.help || !args.command) {
      process.stdout.write(`${HELP}\n`);
      return args.command || args.help ? 0 : 2;
    }
    const command = args.command;
    if (command === 'models') process.stdout.write(`${modelsTable()}\n`);
    else if (command === 'validate') validate(args);
    else if (command === 'run') await run(args);
    else if (command === 'bifurcation' || command === 'basin') await figure(args, command);
    else if (command === 'zoom') await zoom(args);
    else if (command === 'merge') {
      if (!args.out) throw new UsageError('[eos-lab] merge needs --out DIR');
      const meta = mergeParts(args.files, args.out);
      if (!args.quiet)
        process.stderr.write(
          `[eos-lab] merged ${args.files.length} parts (${meta.lanes} lanes) into ${args.out}\n`,
        );
    } else throw new UsageError(`[eos-lab] unknown command '${command}' (known: ${COMMANDS.join(', ')})`);
    return 0;
  } catch (e) {
    const usage = e instanceof UsageError || e instanceof SpecError;
    process.stderr.write(`${(e as Error).message}\n`);
    if (!usage && process.env.EOS_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return usage ? 2 : 1;
  }
}
