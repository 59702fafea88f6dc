// eos-lab bifurcation / basin: a plain run spec plus its figure section -> an image with axes, legend and
// caption, and optionally the arrays behind it (--out DIR). Host memory: the GPU tile, the image and the
// one or two per-lane arrays the colouring needs (never the whole result).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Engine } from '../engine/engine.js';
import { LATEST_ROW, RESULT_ROW } from '../engine/plan/lane-rows.js';
import type { Plan } from '../engine/plan/plan.js';
import type { RunResult } from '../engine/read/result.js';
import { normalizeSpec } from '../spec/normalize.js';
import type { ExperimentSpec, FigureSpec, NormalSpec } from '../spec/types.js';
import {
  basinPixels,
  colorIndexLegend,
  colorIndexPixels,
  densityPixels,
  laneColoring,
} from '../views/image.js';
import { VERSION } from '../views/json.js';
import { sequential } from '../views/palette.js';
import { UsageError, type CliArgs } from './args.js';
import { drawFigure, type FigureFrame } from './draw.js';
import { LaneDirectory, readArray, readMeta } from './outdir.js';
import { progressReporter } from './progress.js';

/** The spec with the command's figure kind and the flags laid over its figure section. */
export function figureSpec(
  raw: ExperimentSpec,
  kind: FigureSpec['kind'],
  flags: Record<string, unknown>,
): NormalSpec {
  const figure = { ...(raw.figure ?? {}), kind, ...flags };
  return normalizeSpec({ ...raw, figure });
}

/** Per-lane arrays a basin colouring reads, filled tile by tile (10 bytes a lane at most). */
function slimLanes(plan: Plan, colorBy: FigureSpec['colorBy']) {
  const n = plan.lanes;
  const kind = new Uint8Array(n);
  const period = new Uint8Array(n);
  const escape = colorBy === 'escape' ? new Int32Array(n) : new Int32Array(0);
  const needs: 'sharpness' | 'measure' | undefined =
    colorBy === 'kappa' ? 'sharpness' : colorBy === 'measure' ? 'measure' : undefined;
  const value = needs ? new Float32Array(n) : new Float32Array(0);
  return {
    kind,
    period,
    escape,
    value,
    needs,
    sink(data: import('../engine/read/result-types.js').TileData) {
      const { tile, classes, status, latest } = data;
      for (let i = 0; i < tile.count; i++) {
        kind[tile.offset + i] = (classes[i] as number) & 0xff;
        period[tile.offset + i] = (classes[i] as number) >>> 8;
        if (escape.length) escape[tile.offset + i] = (status[i] as number) - 1;
      }
      if (needs) {
        const row = needs === 'measure' ? RESULT_ROW.measure : LATEST_ROW.sharpness;
        value.set(latest.subarray(row * tile.count, (row + 1) * tile.count), tile.offset);
      }
    },
  };
}

/** PNG bytes with tEXt chunks inserted after IHDR (keyword, text), CRCs from zlib. */
export function withTextChunks(png: Uint8Array, entries: Record<string, string>): Uint8Array {
  const chunks: Buffer[] = [];
  for (const [key, text] of Object.entries(entries)) {
    const data = Buffer.concat([Buffer.from(key, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write('tEXt', 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    chunks.push(head, data, crc);
  }
  const ihdrEnd = 8 + 8 + 13 + 4;
  return Buffer.concat([png.subarray(0, ihdrEnd), ...chunks, png.subarray(ihdrEnd)]);
}

export async function figureCommand(
  args: CliArgs,
  kind: FigureSpec['kind'],
  raw: ExperimentSpec,
  engine: Engine,
): Promise<RunResult> {
  if (!args.png && !args.svg && !args.out)
    throw new UsageError(`[eos-lab] ${kind} writes nothing without --png FILE, --svg FILE or --out DIR`);
  const spec = figureSpec(raw, kind, args.figure);
  const figure = spec.figure as FigureSpec;
  if (args.shard && !args.out)
    throw new UsageError('[eos-lab] --shard needs --out DIR (each shard writes its part there)');
  if (args.shard && kind === 'bifurcation' && figure.range === 'auto')
    throw new UsageError(
      '[eos-lab] --shard with a bifurcation figure needs --range LO,HI (every shard must bin alike)',
    );
  const plan = engine.plan(spec, { shard: args.shard, maxTileLanes: args.tileLanes });
  // Resuming: lanes are independent, so the lanes after the last finished tile are simply run now. A
  // bifurcation density lives on the GPU until the end, so it restarts instead.
  let laneRange: { first: number; end: number } | undefined;
  const old = args.resume && args.out ? readMeta(args.out) : undefined;
  if (old && !old.complete && kind === 'basin')
    laneRange = { first: plan.range.first + old.done, end: plan.range.end };
  const dir = args.out
    ? new LaneDirectory(args.out, plan, engine.info, args.shard ?? null, args.resume && kind === 'basin')
    : undefined;
  // Without --out the picture is all that is needed: one colour byte a lane (basin) or the density alone.
  const read = args.out ? 'lanes' : kind === 'basin' ? 'color' : 'none';
  const slim = slimLanes(read === 'lanes' ? plan : { ...plan, lanes: 0 }, figure.colorBy);
  const reporter = progressReporter(args.progress, kind);
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('[eos-lab] interrupted (rerun with --resume to continue)'));
  process.once('SIGINT', stop);
  let result: RunResult;
  try {
    result = await engine.run(spec, {
      signal: controller.signal,
      budgetMs: args.budgetMs,
      keep: { lanes: false, record: false },
      read,
      plan: { shard: args.shard, laneRange, maxTileLanes: args.tileLanes },
      onProgress: reporter.update,
      onTile: (data) => {
        if (read === 'lanes') slim.sink(data);
        dir?.write(data);
      },
    });
  } catch (e) {
    dir?.close();
    throw e;
  } finally {
    reporter.stop();
    process.off('SIGINT', stop);
  }
  dir?.finish(result.density);
  if (laneRange && args.out) {
    // The lanes finished before the resume come from the directory's arrays.
    const before = laneRange.first - plan.range.first;
    const fill = (name: string, into: Uint8Array | Int32Array | Float32Array) => {
      if (!into.length) return;
      const bytes = readArray(args.out as string, name, before);
      into.set(new (into.constructor as Uint8ArrayConstructor)(bytes.buffer), plan.range.first);
    };
    fill('class', slim.kind);
    fill('period', slim.period);
    fill('escape', slim.escape);
    if (slim.needs) fill(`final_${slim.needs}`, slim.value);
  }
  if (read === 'lanes') {
    Object.assign(result, { kind: slim.kind, period: slim.period, divergedAt: slim.escape });
    if (slim.needs) result.final[slim.needs] = slim.value;
  }
  if (args.png || args.svg) await writeImages(args, result, figure);
  return result;
}

async function writeImages(args: CliArgs, result: RunResult, figure: FigureSpec): Promise<void> {
  const spec = result.spec;
  const ax = (k: number) => {
    const a = result.axes[k]!;
    const sweep = spec.sweep[k]!;
    return {
      label: a.path,
      lo: a.values[0]!,
      hi: a.values[a.values.length - 1]!,
      log: sweep.spacing === 'log',
    };
  };
  const dev = `${result.device.vendor} ${result.device.architecture}`.trim() || 'unknown adapter';
  const caption = `${spec.model.name}, ${spec.optimizer.name}, ${spec.steps} steps, ${result.lanes} lanes; ${dev}${result.device.isFallback ? ' (software)' : ''}; eos-lab ${VERSION}`;
  let frame: FigureFrame;
  if (figure.kind === 'bifurcation') {
    const d = result.density!;
    const y = {
      label: `${figure.observable}, last ${figure.window} steps${d.log ? ' (log)' : ''}`,
      lo: d.log ? 10 ** d.lo : d.lo,
      hi: d.log ? 10 ** d.hi : d.hi,
      log: d.log,
    };
    frame = {
      pixels: densityPixels(d),
      x: ax(0),
      y,
      legend: {
        kind: 'bar',
        label: 'samples per bin (log shade)',
        lo: 1,
        hi: maxCount(d.counts),
        color: (t) => sequential(1 - t),
      },
      caption,
      title: `Bifurcation diagram: ${figure.observable} vs ${result.axes[0]!.path}`,
      scale: args.scale,
    };
  } else {
    const [w, h] = [result.axes[0]!.values.length, result.axes[1]!.values.length];
    const coloring = result.colors ? undefined : laneColoring(result, figure.colorBy);
    frame = {
      pixels: coloring
        ? basinPixels(result, coloring)
        : colorIndexPixels(result.colors!, w, h, result.colorScale!.by),
      x: ax(0),
      y: ax(1),
      legend: coloring ? coloring.legend : colorIndexLegend(result.colors!, result.colorScale!),
      caption,
      title: `Basin map: ${figure.colorBy} over ${result.axes[0]!.path} x ${result.axes[1]!.path}`,
      scale: args.scale,
    };
  }
  const meta = { spec: JSON.stringify(spec), version: VERSION, adapter: JSON.stringify(result.device) };
  if (args.png) {
    mkdirSync(dirname(args.png), { recursive: true });
    writeFileSync(args.png, withTextChunks(await drawFigure(frame, 'png'), meta));
  }
  if (args.svg) {
    mkdirSync(dirname(args.svg), { recursive: true });
    const svg = Buffer.from(await drawFigure(frame, 'svg')).toString('utf8');
    const comment = `<!-- eos-lab ${VERSION}; adapter ${meta.adapter}; spec ${meta.spec.replace(/--/g, '- -')} -->\n`;
    writeFileSync(args.svg, svg.replace(/(<svg[^>]*>)/, `$1\n${comment}`));
  }
}

function maxCount(counts: Uint32Array): number {
  let m = 1;
  for (const c of counts) m = Math.max(m, c);
  return m;
}
