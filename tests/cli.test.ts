// The eos-lab command (built dist/, as `npx eos-lab` runs it): help, validation errors, a run's JSON.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'eos-cli-'));
const cli = (...args: string[]) => spawnSync('node', ['bin/eos-lab.js', ...args], { encoding: 'utf8' });

function specFile(name: string, spec: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(spec));
  return path;
}

describe('eos-lab CLI', () => {
  it('documents every flag in --help', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const flag of [
      '--out',
      '--csv',
      '--params',
      '--set',
      '--budget-ms',
      '--quiet',
      '--help',
      '--version',
      '--png',
      '--svg',
      '--shard',
      '--resume',
      '--require-gpu',
      '--progress',
      '--color-by',
      '--model-module',
      '--center',
      '--depth',
      '--frames',
    ])
      expect(r.stdout).toContain(flag);
  });

  it('rejects an invalid spec with exit 2, names the field, and writes no output', () => {
    const spec = specFile('bad.json', { model: { name: 'uv' }, optimizer: { name: 'gd', lr: 0 }, steps: 10 });
    const out = join(dir, 'never.json');
    const r = cli('run', spec, '--out', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('optimizer.lr must be a finite number in (0, Infinity], got 0');
    expect(existsSync(out)).toBe(false);
    const set = cli(
      'validate',
      specFile('ok.json', { model: { name: 'uv' }, optimizer: { name: 'gd', lr: 1 }, steps: 10 }),
      '--set',
      'model.width=999',
    );
    expect(set.status).toBe(2);
    expect(set.stderr).toContain('model.width must be an integer in [1, 128], got 999');
  });

  it('refuses a hostile formula with exit 2, naming the field and position, and writes nothing', () => {
    for (const [loss, message] of [
      ['x; } @compute @workgroup_size(1) fn main() {}', "model.loss has ';'"],
      ['x /* */ + `rm`', 'model.loss has a comment: formulas have none at position 3'],
      ['x + \u0455in(x)', 'model.loss has the non-ASCII character'],
    ]) {
      const spec = specFile('evil.json', {
        model: { name: 'formula', params: ['x'], loss },
        init: { x: 1 },
        optimizer: { name: 'gd', lr: 0.1 },
        steps: 10,
      });
      const out = join(dir, 'evil-out.json');
      const r = cli('run', spec, '--out', out);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toMatch(/at position \d+/);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('validate names the kernel family and, for a workgroup per lane, its sizes', () => {
    const dln = cli(
      'validate',
      specFile('dln.json', {
        model: { name: 'dln', width: 8, spectrum: [1] },
        optimizer: { name: 'gd', lr: 0.1 },
        steps: 5,
      }),
    );
    expect(dln.status).toBe(0);
    expect(dln.stdout).toContain(
      'kernel: a workgroup per lane (64 invocations on a GPU, 4 on a software GPU)',
    );
    const uv = cli(
      'validate',
      specFile('uv-ok.json', { model: { name: 'uv' }, optimizer: { name: 'gd', lr: 1 }, steps: 5 }),
    );
    expect(uv.stdout).toContain('kernel: a lane per invocation');
  });

  it('refuses, before running, a result too large to write as JSON', () => {
    const spec = specFile('huge.json', {
      model: { name: 'minimalist' },
      optimizer: { name: 'gd', lr: 0.1 },
      sweep: [
        { path: 'init.x', min: 1, max: 2, count: 4096 },
        { path: 'init.y', min: 1, max: 2, count: 4096 },
      ],
      steps: 100,
      record: { observables: ['loss', 'output'], last: 64 },
    });
    const r = cli('run', spec, '--out', join(dir, 'huge-out.json'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('lower record.last (64)');
  });

  it('runs a sweep and writes the documented JSON', () => {
    const spec = specFile('uv.json', {
      model: { name: 'uv', width: 4 },
      init: { seed: 0, scale: 0.1 },
      optimizer: { name: 'gd', lr: 1 },
      sweep: [{ path: 'optimizer.lr', min: 1, max: 9, count: 64 }],
      steps: 200,
      record: { observables: ['loss', 'sharpness', 'output'], last: 16 },
    });
    const out = join(dir, 'out', 'result.json');
    const csv = join(dir, 'out', 'lanes.csv');
    const r = cli('run', spec, '--out', out, '--csv', csv, '--params');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('64 lanes x 200 steps');
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.lanes).toBe(64);
    expect(json.axes[0].path).toBe('optimizer.lr');
    expect(json.axes[0].values).toHaveLength(64);
    for (const key of ['loss', 'sharpness', 'output']) expect(json.final[key]).toHaveLength(64);
    expect(json.record.steps).toEqual(Array.from({ length: 16 }, (_, i) => 185 + i));
    const divergedLane = json.diverged.indexOf(true);
    expect(divergedLane).toBeGreaterThan(0);
    expect(json.final.loss[divergedLane]).toBeNull();
    expect(json.record.loss[divergedLane]).toBeNull();
    expect(json.escape[divergedLane]).toBeGreaterThanOrEqual(0);
    expect(json.class[divergedLane]).toBe('diverged');
    expect(json.escape[0]).toBe(-1);
    // --params: u and v (2 x 4) of every lane; a converged lane's f = v.u / 2 equals its output.
    expect(json.params).toHaveLength(64);
    const [u, v] = [json.params[0].slice(0, 4), json.params[0].slice(4)];
    const f = u.reduce((a: number, x: number, i: number) => a + x * v[i], 0) / 2;
    expect(Math.abs(f - json.final.output[0])).toBeLessThan(1e-5);
    expect(json.record.output[0]).toHaveLength(16);
    expect(json.period[0]).toBe(1);
    expect(json.class[0]).toBe('converged');
    expect(json.version).toMatch(/^\d+\.\d+\.\d+/);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe(
      'lane,optimizer.lr,final.loss,final.gradNorm,final.output,final.balance,final.sharpness,final.residual,' +
        'final.time,final.lyapunov,final.measure,class,period,escape',
    );
    expect(rows).toHaveLength(65);
    const divergedRow = rows[divergedLane + 1]!.split(',');
    expect(divergedRow[11]).toBe('diverged');
    expect(divergedRow[13]).toBe(String(json.escape[divergedLane]));
    expect(Number(rows[1]!.split(',')[1])).toBe(json.axes[0].values[0]);
  });

  it('adds the deep linear network analyses to --params output', () => {
    // identity init, alpha 0.5, L = 3, d = 3, a few small GD steps: still near alpha I, so every layer's
    // singular values stay near 0.5 and the layers stay balanced (D_l = 0 is conserved by the flow; GD moves
    // it by O(eta^2)); the product's singular values are the product of the layers'.
    const spec = specFile('dln.json', {
      model: { name: 'dln', depth: 3, width: 3, spectrum: [1, 0.5] },
      optimizer: { name: 'gd', lr: 0.01 },
      sweep: [{ path: 'optimizer.lr', values: [0.01, 0.02] }],
      steps: 5,
    });
    const out = join(dir, 'dln-out.json');
    const r = cli('run', spec, '--out', out, '--params');
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.params[1]).toHaveLength(27);
    const a = json.analysis[1];
    expect(a.layers).toHaveLength(3);
    expect(a.gaps).toHaveLength(2);
    for (const g of a.gaps) expect(g).toBeLessThan(1e-2);
    for (const sv of a.layers) for (const x of sv) expect(Math.abs(x - 0.5)).toBeLessThan(0.05);
    expect(a.product[0]).toBeGreaterThan(a.product[2]);
  });

  it('writes recorded eigenvalues nested per lane and slot, and the final ones as CSV columns', () => {
    const spec = specFile('eigs.json', {
      model: { name: 'quadratic', curvatures: [4, 1, -6, 2] },
      optimizer: { name: 'gd', lr: 0.05 },
      steps: 8,
      record: { observables: ['loss', 'eigs'], last: 3, every: 4 },
      sharpness: { k: 2, tolerance: 1e-5, iterations: 300 },
    });
    const out = join(dir, 'eigs-out.json');
    const csv = join(dir, 'eigs-out.csv');
    const r = cli('run', spec, '--out', out, '--csv', csv);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.record.steps).toEqual([0, 4, 8]);
    expect(json.record.eigs[0]).toHaveLength(3);
    // The Hessian is constant: [4, 2] at every slot (tolerance as tests/eigs.test.ts: (1e-5 + 1e-5) * 6).
    for (const slot of json.record.eigs[0]) {
      expect(Math.abs(slot[0] - 4)).toBeLessThan(1.2e-4);
      expect(Math.abs(slot[1] - 2)).toBeLessThan(1.2e-4);
    }
    const [head, row] = readFileSync(csv, 'utf8').trim().split('\n');
    const at = head!.split(',').indexOf('final.eigs.1');
    expect(at).toBeGreaterThan(0);
    expect(Math.abs(Number(row!.split(',')[at]) - 2)).toBeLessThan(1.2e-4);
  });

  it('zoom writes PNG frames into a point (double past float32) and refuses what double cannot resolve', () => {
    // Frame i's window is [c - (c - min) r_i, c + (max - c) r_i], r_i = D^(i / (N - 1)) (src/spec/zoom-path.ts): the
    // last is D times the spec's width and c keeps its fractional place. Frame 2 (r = 1e-5) steps 2.7e-7 at
    // x = 3, below float32's 4 x 2^-23 relative: 'auto' runs it in double. Mutation: r_i = D^(i / N) leaves the
    // last frame 1e-10^(2/3) wide and fails the width check.
    const spec = specFile('zoom-spec.json', {
      model: { name: 'minimalist' },
      init: { x: 3, y: 0.4 },
      optimizer: { name: 'gd', lr: 0.25 },
      sweep: [
        { path: 'init.x', min: 2.9, max: 3.2, count: 12 },
        { path: 'init.y', min: 0.3, max: 0.5, count: 10 },
      ],
      steps: 100,
    });
    const out = join(dir, 'zoom');
    const c = [3.0325483975781253, 0.4];
    const r = cli('zoom', spec, '--center', c.join(','), '--depth', '1e-10', '--frames', '3', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('3 frames');
    const z = JSON.parse(readFileSync(join(out, 'zoom.json'), 'utf8'));
    expect(z.frames.map((f: { file: string }) => f.file)).toEqual([
      'frame-0001.png',
      'frame-0002.png',
      'frame-0003.png',
    ]);
    expect(z.frames.map((f: { precision: string }) => f.precision)).toEqual(['single', 'double', 'double']);
    expect(z.frames[0].windows[0]).toMatchObject({ min: 2.9, max: 3.2 });
    const last = z.frames[2].windows as { min: number; max: number }[];
    // Widths of 3e-11 at 3 are known to ~2 ulp(3) / 3e-11 = 3e-5 relative.
    expect(Math.abs((last[0]!.max - last[0]!.min) / 3e-11 - 1)).toBeLessThan(1e-4);
    expect(Math.abs((last[1]!.max - last[1]!.min) / 2e-11 - 1)).toBeLessThan(1e-4);
    expect(
      Math.abs((c[0]! - last[0]!.min) / (last[0]!.max - last[0]!.min) - (c[0]! - 2.9) / 0.3),
    ).toBeLessThan(1e-4);
    for (const f of z.frames)
      expect(readFileSync(join(out, f.file)).subarray(1, 4).toString('latin1')).toBe('PNG');
    const tooDeep = join(dir, 'zoom-too-deep');
    const deep = cli(
      'zoom',
      spec,
      '--center',
      c.join(','),
      '--depth',
      '1e-13',
      '--frames',
      '3',
      '--out',
      tooDeep,
    );
    expect(deep.status).toBe(2);
    expect(deep.stderr).toMatch(/sweep\.0 steps by .* below what double resolves/);
    expect(existsSync(tooDeep)).toBe(false);
    const outside = cli('zoom', spec, '--center', '5,0.4', '--depth', '1e-3', '--out', tooDeep);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain('--center.0 must be a finite number in [2.9, 3.2], got 5');
  });

  it('--no-robustness passes Dawn its toggle and computes the same bits', async () => {
    const { parseCli, NO_ROBUSTNESS } = await import('../src/cli/args.js');
    expect(parseCli(['run', 'x.json', '--no-robustness']).nodeFlags).toEqual([NO_ROBUSTNESS]);
    expect(parseCli(['run', 'x.json']).nodeFlags).toEqual([]);
    const spec = specFile('robust.json', {
      model: { name: 'mlp', depth: 2, width: 4, examples: 6 },
      optimizer: { name: 'gd', lr: 0.1 },
      sweep: [{ path: 'optimizer.lr', values: [0.1, 0.2] }],
      steps: 20,
      record: { observables: ['loss'], last: 3, every: 5 },
    });
    const outs = ['robust-on.json', 'robust-off.json'].map((f) => join(dir, f));
    for (const [i, extra] of [[], ['--no-robustness']].entries()) {
      const r = cli('run', spec, '--out', outs[i]!, '--quiet', ...extra);
      expect(r.status, r.stderr).toBe(0);
    }
    const [on, off] = outs.map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect(off.record.loss).toEqual(on.record.loss);
    expect(off.final).toEqual(on.final);
  });
});
