// Progress on standard error: a cli-progress bar on a terminal, JSON lines for machines, plain lines in logs.
import cliProgress from 'cli-progress';
import type { Progress } from '../engine/engine.js';
import type { ProgressMode } from './args.js';

export interface Reporter {
  update: (p: Progress) => void;
  stop: () => void;
}

export function progressReporter(mode: ProgressMode, what: string): Reporter {
  if (mode === 'none') return { update: () => {}, stop: () => {} };
  if (mode === 'json') {
    let last = -1;
    return {
      update: (p) => {
        const pct = Math.floor(p.fraction * 100);
        if (pct === last) return;
        last = pct;
        process.stderr.write(`${JSON.stringify({ event: 'progress', ...p })}\n`);
      },
      stop: () => {},
    };
  }
  if (mode === 'bar') {
    const bar = new cliProgress.SingleBar(
      {
        format: `[eos-lab] ${what} {bar} {percentage}% | tile {tile}/{tiles} | ETA {eta_formatted}`,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (p) => {
        if (!started) bar.start(1000, 0, { tile: p.tile, tiles: p.tiles });
        started = true;
        bar.update(Math.round(p.fraction * 1000), { tile: p.tile, tiles: p.tiles });
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  return {
    update: (p) => {
      const now = Date.now();
      if (now - last < 2000 && p.fraction < 1) return;
      last = now;
      const pct = (100 * p.fraction).toFixed(1).padStart(5);
      process.stderr.write(
        `[eos-lab] ${pct}%  tile ${p.tile}/${p.tiles}  step ${p.step}/${p.steps}  ${p.lanes} lanes\n`,
      );
    },
    stop: () => {},
  };
}
