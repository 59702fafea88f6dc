// Command-line arguments (node:util parseArgs) and the help text.
import { parseArgs } from 'node:util';
import { allModels } from '../models/registry.js';
import { OPTIMIZERS } from '../optim/index.js';

export const COMMANDS = ['run', 'bifurcation', 'basin', 'zoom', 'merge', 'validate', 'models'] as const;

export const HELP = `eos-lab: gradient descent at the edge of stability, thousands of lanes at once on WebGPU.

Usage:
  eos-lab run SPEC.json [--out RESULT.json] [--csv LANES.csv] [--params] [options]
  eos-lab bifurcation SPEC.json --png OUT.png [--svg OUT.svg] [--out DIR] [figure flags] [options]
  eos-lab basin SPEC.json --png OUT.png [--svg OUT.svg] [--out DIR] [figure flags] [options]
  eos-lab zoom SPEC.json --center X[,Y] --depth D --frames N --out DIR [figure flags] [options]
  eos-lab merge PART_DIR... --out DIR
  eos-lab validate SPEC.json [--set PATH=VALUE]...
  eos-lab models
  eos-lab --help | --version

Commands:
  run          Run the spec on the GPU (Node's WebGPU: Dawn, or SwiftShader without a GPU) and write the
               result JSON: spec, version, lanes, axes, final.{loss,gradNorm,output,balance,sharpness,
               residual,lyapunov,measure}, class, period, lyapunov, escape, diverged, record.{steps,<obs>}.
               Per-lane arrays in lane order (first sweep axis fastest); null where a lane diverged.
  bifurcation  One sweep axis: the density of an observable over the last steps of every lane, binned on
               the GPU, drawn as an image with axes, legend and caption. The spec's optional "figure"
               section says what to draw (flags override it).
  basin        Two sweep axes: every lane coloured by class, period, escape step, convergence measure or
               final kappa.
  zoom         A zoom into a point as PNG frames DIR/frame-0001.png ... (and DIR/zoom.json: each frame's
               windows and precision): frame 1 is the spec's window, the last D times as wide, the point
               --center keeping its place; a basin map for two sweep axes, a bifurcation diagram for one.
               Frames past float32's resolution run in double (the spec's precision 'auto').
  merge        Assemble the directories written by --shard runs into one directory (checks that they come
               from one spec); the result equals the unsharded run bit for bit.
  validate     Check a spec and print its plan (lanes, tiles, recorded steps) without running it.
  models       List the models and optimisers.

Options:
  --out PATH       run: the result JSON file (default: standard output). bifurcation / basin / merge: a
                   directory of .npy arrays (class, period, escape, final_<field>, density) + meta.json.
                   Written only on success (a directory is filled tile by tile, and --resume continues it).
  --csv FILE       run: also write one CSV row per lane (axis values, final values, class, period, escape).
  --params         run: also write each lane's final parameters into the JSON (params[lane][k], the model's
                   layout: docs/equations.md; null where not finite), and for mlp / dln their float64 analyses
                   (analysis[lane]: alignment; or layers[l][i], product[i] singular values and gaps[l]).
  --set PATH=VAL   Override a spec field by dotted path before validation, e.g. --set optimizer.lr=0.5
                   (VAL is parsed as JSON when it can be, else taken as a string). Repeatable.
  --shard I/N      Compute only part I (0-based) of N equal contiguous lane ranges (needs --out DIR).
  --resume         Continue an unfinished --out DIR of the same spec from its last finished tile.
  --require-gpu    Fail (exit 1) when only a software adapter (SwiftShader) is found.
  --no-robustness  Node only: turn off Dawn's bounds checks on buffer accesses (toggle disable_robustness):
                   1.3-1.5x on the software GPU (bench/RESULTS.md). The kernels stay in bounds by construction
                   (tests/limits.test.ts); a bug that did not would corrupt memory instead of reading 0.
  --model-module F Load a WGSL model module (a JS module whose default export is what registerModel takes:
                   examples/custom-model/) before reading the spec. Repeatable.
  --budget-ms N    Target GPU milliseconds per submit (default 500 in Node).
  --tile-lanes N   At most N lanes per tile (default: what the device's limits and a 512 MiB budget allow).
  --progress MODE  bar (default on a terminal), json (one JSON line per update), or none.
  --quiet          No progress or summary on standard error.
  -h, --help       This text.
  -v, --version    The package version.

Zoom flags:
  --center X[,Y]   The point zoomed into: one number per sweep axis, inside the spec's window.
  --depth D        The last frame's width relative to the spec's, in (0, 1], e.g. 1e-10.
  --frames N       Frames, 1 to 10000 (default 30).

Figure flags (bifurcation, basin, zoom; each overrides the spec's "figure" section):
  --png FILE       Write the figure as PNG (the spec, version and adapter ride in its text chunks).
  --svg FILE       Write the figure as SVG.
  --scale N        Print scale: every length times N (default 1).
  --observable O   bifurcation: loss, gradNorm, output, balance, sharpness, residual or kappa (default output).
  --window T       bifurcation: last iterates sampled per lane (default min(256, steps + 1)).
  --bins N         bifurcation: image rows (default 512).
  --range LO,HI    bifurcation: the binned range (default: automatic, from the samples).
  --log            bifurcation: bin on a log scale.
  --color-by C     basin: class, period, escape, measure or kappa (default class).

Exit status: 0 success, 1 GPU or I/O failure, 2 invalid arguments or spec (the message names the field).

Spec reference: README.md; example specs: examples/.`;

export type ProgressMode = 'bar' | 'json' | 'none' | 'lines';

export interface CliArgs {
  command: string | undefined;
  files: string[];
  file: string | undefined;
  out: string | undefined;
  csv: string | undefined;
  /** run: also write every lane's final parameters into the JSON. */
  params: boolean;
  set: string[];
  budgetMs: number | undefined;
  tileLanes: number | undefined;
  quiet: boolean;
  help: boolean;
  version: boolean;
  png: string | undefined;
  svg: string | undefined;
  scale: number;
  figure: Record<string, unknown>;
  shard: { index: number; count: number } | undefined;
  resume: boolean;
  requireGpu: boolean;
  /** JS modules of users' models (--model-module), registered before the spec is read. */
  modelModules: string[];
  /** Dawn flags for the Node device (--no-robustness). */
  nodeFlags: string[];
  progress: ProgressMode;
  /** zoom: --center, --depth, --frames (center empty when not given). */
  zoom: { center: number[]; depth: number | undefined; frames: number };
}

export class UsageError extends Error {}

function number(
  flag: string,
  raw: string | undefined,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (!(v >= min && v <= max) || (integer && !Number.isInteger(v)))
    throw new UsageError(
      `[eos-lab] ${flag} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${raw}`,
    );
  return v;
}

export function parseShard(raw: string | undefined): CliArgs['shard'] {
  if (raw === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !(count >= 1) || !(index < count))
    throw new UsageError(`[eos-lab] --shard must be I/N with 0 <= I < N (0-based), e.g. 0/3, got '${raw}'`);
  return { index, count };
}

export function parseCli(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        csv: { type: 'string' },
        params: { type: 'boolean' },
        set: { type: 'string', multiple: true },
        'model-module': { type: 'string', multiple: true },
        'budget-ms': { type: 'string' },
        'tile-lanes': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        png: { type: 'string' },
        svg: { type: 'string' },
        scale: { type: 'string' },
        observable: { type: 'string' },
        window: { type: 'string' },
        bins: { type: 'string' },
        range: { type: 'string' },
        log: { type: 'boolean' },
        'color-by': { type: 'string' },
        shard: { type: 'string' },
        resume: { type: 'boolean' },
        'require-gpu': { type: 'boolean' },
        'no-robustness': { type: 'boolean' },
        progress: { type: 'string' },
        center: { type: 'string' },
        depth: { type: 'string' },
        frames: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError(`[eos-lab] ${(e as Error).message}`);
  }
  const { values: v, positionals } = parsed;
  const figure: Record<string, unknown> = {};
  if (v.observable !== undefined) figure.observable = v.observable;
  if (v.window !== undefined) figure.window = Number(v.window);
  if (v.bins !== undefined) figure.bins = Number(v.bins);
  if (v.log) figure.scale = 'log';
  if (v['color-by'] !== undefined) figure.colorBy = v['color-by'];
  if (v.range !== undefined) {
    const parts = v.range.split(',').map(Number);
    if (parts.length !== 2 || !parts.every(Number.isFinite))
      throw new UsageError(`[eos-lab] --range must be LO,HI (two numbers), got '${v.range}'`);
    figure.range = parts;
  }
  const center = v.center === undefined ? [] : v.center.split(',').map(Number);
  if (!center.every(Number.isFinite))
    throw new UsageError(`[eos-lab] --center must be X or X,Y (finite numbers), got '${v.center}'`);
  const depth = v.depth === undefined ? undefined : Number(v.depth);
  if (depth !== undefined && !(depth > 0 && depth <= 1))
    throw new UsageError(
      `[eos-lab] --depth must be a number in (0, 1] (the last window's relative width), got ${v.depth}`,
    );
  const progress = v.progress ?? (process.stderr.isTTY ? 'bar' : 'lines');
  if (!['bar', 'json', 'none', 'lines'].includes(progress))
    throw new UsageError(`[eos-lab] --progress must be bar, json or none, got '${progress}'`);
  return {
    command: positionals[0],
    files: positionals.slice(1),
    file: positionals[1],
    out: v.out,
    csv: v.csv,
    params: Boolean(v.params),
    set: v.set ?? [],
    budgetMs: number('--budget-ms', v['budget-ms'], 0.001, 10_000),
    tileLanes: number('--tile-lanes', v['tile-lanes'], 1, 2 ** 26, true),
    quiet: Boolean(v.quiet),
    help: Boolean(v.help),
    version: Boolean(v.version),
    png: v.png,
    svg: v.svg,
    scale: number('--scale', v.scale, 0.25, 8) ?? 1,
    figure,
    shard: parseShard(v.shard),
    resume: Boolean(v.resume),
    requireGpu: Boolean(v['require-gpu']),
    nodeFlags: v['no-robustness'] ? [NO_ROBUSTNESS] : [],
    modelModules: v['model-module'] ?? [],
    progress: v.quiet ? 'none' : (progress as ProgressMode),
    zoom: { center, depth, frames: number('--frames', v.frames, 1, 10_000, true) ?? 30 },
  };
}

/** Dawn's flag that turns off its buffer bounds checks (robustness), for --no-robustness. */
export const NO_ROBUSTNESS = 'enable-dawn-features=disable_robustness';

export function modelsTable(): string {
  const rows = allModels().map((m) => `  ${m.name.padEnd(12)} ${m.summary}`);
  const opts = OPTIMIZERS.map((o) => `  ${o.name.padEnd(14)} ${o.summary}`);
  return `Models:\n${rows.join('\n')}\n\nOptimisers:\n${opts.join('\n')}`;
}
