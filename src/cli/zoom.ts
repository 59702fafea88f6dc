// eos-lab zoom: a zoom into a point as PNG frames DIR/frame-0001.png ... (issue 20, item 4): the windows of
// src/spec/zoom-path.ts (frame 1 the spec's window, the last D times as wide, the centre in place), each drawn
// as the basin (two axes) or bifurcation (one axis) command draws it, in the precision zoomSpec picks for it;
// DIR/zoom.json lists every frame's windows and precision.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.js';
import type { ExperimentSpec } from '../spec/types.js';
import { zoomPath, type ZoomPathOptions } from '../spec/zoom-path.js';
import type { ZoomWindow } from '../spec/zoom.js';
import { UsageError, type CliArgs } from './args.js';
import { figureCommand } from './figure.js';

/**
 * Writes the frames and zoom.json; returns each frame's file, windows and precision.
 * @example
 * // eos-lab zoom examples/minimalist-basin.json --center 3.0325483975781253,0.4 --depth 1e-10 --frames 60 --out zoom/
 */
export async function zoomCommand(
  args: CliArgs,
  raw: ExperimentSpec,
  options: ZoomPathOptions,
  engine: Engine,
): Promise<{ file: string; windows: ZoomWindow[]; precision: 'single' | 'double' }[]> {
  if (!args.out) throw new UsageError('[eos-lab] zoom needs --out DIR (the frames are written there)');
  // Every frame is checked before the first runs: a window narrower than double resolves is refused now.
  const frames = zoomPath(raw, options);
  const kind = frames[0]!.windows.length === 2 ? 'basin' : 'bifurcation';
  mkdirSync(args.out, { recursive: true });
  const listed = frames.map((f, i) => ({
    file: `frame-${String(i + 1).padStart(4, '0')}.png`,
    windows: f.windows,
    precision: f.precision,
  }));
  for (const [i, f] of frames.entries()) {
    if (!args.quiet)
      process.stderr.write(`[eos-lab] zoom: frame ${i + 1}/${frames.length} (${f.precision})\n`);
    await figureCommand(
      {
        ...args,
        png: join(args.out, listed[i]!.file),
        svg: undefined,
        out: undefined,
        quiet: true,
        progress: 'none',
      },
      kind,
      f.spec,
      engine,
    );
  }
  writeFileSync(
    join(args.out, 'zoom.json'),
    `${JSON.stringify({ spec: raw, ...options, frames: listed }, null, 2)}\n`,
  );
  return listed;
}
