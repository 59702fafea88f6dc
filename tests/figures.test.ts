// The figure commands as users run them (built dist/): images decoded back, .npy directories read by numpy,
// shards in separate processes merged bit for bit, bad input refused with nothing written, host memory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { testEngine } from './gpu.js';

const dir = mkdtempSync(join(tmpdir(), 'eos-fig-'));
const cli = (...args: string[]) => spawnSync('node', ['bin/eos-lab.js', ...args], { encoding: 'utf8' });
const file = (name: string, spec: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(spec));
  return path;
};

/** A python3 that has numpy (scripts/ensure-webgpu.sh installs Debian's python3-numpy when none has). */
function numpyPython(): string {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0) return py;
  }
  throw new Error('no python3 with numpy: run `npm test` (it installs python3-numpy) or install numpy');
}

const cascade = {
  model: { name: 'chain', depth: 2, target: 1 },
  init: { value: 0.5, scale: 0 },
  optimizer: { name: 'gd', lr: 1 },
  sweep: [{ path: 'optimizer.lr', min: 0.9, max: 1.5, count: 256 }],
  steps: 1500,
  figure: { window: 64, bins: 128 },
};

const basin = {
  model: { name: 'minimalist' },
  optimizer: { name: 'gd', lr: 0.25 },
  init: { x: 1, y: 1 },
  sweep: [
    { path: 'init.x', min: 0.2, max: 4, count: 96 },
    { path: 'init.y', min: 0.2, max: 4, count: 64 },
  ],
  steps: 300,
};

describe('eos-lab bifurcation / basin', () => {
  it('draws a bifurcation PNG with the spec in its text chunk, and writes arrays numpy reads', async () => {
    const png = join(dir, 'bif.png');
    const out = join(dir, 'bif');
    const r = cli('bifurcation', file('bif.json', cascade), '--png', png, '--out', out, '--progress', 'json');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(1);
    expect(JSON.parse(lines.at(-1)!).fraction).toBe(1);
    const bytes = readFileSync(png);
    expect(bytes.includes(Buffer.from('tEXtspec'))).toBe(true);
    const img = await loadImage(bytes);
    expect(img.width).toBeGreaterThan(480);
    const c = createCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, img.width, img.height).data;
    let dark = 0;
    for (let i = 0; i < px.length; i += 4) if ((px[i] as number) < 200) dark++;
    // Axes, text and the orbit points: far more than a blank frame, far less than a filled one.
    expect(dark).toBeGreaterThan(5000);
    expect(dark).toBeLessThan(0.5 * img.width * img.height);
    const py = spawnSync(
      numpyPython(),
      [
        '-c',
        `import numpy as np, json, sys
d = sys.argv[1]
c = np.load(d + '/class.npy', mmap_mode='r'); p = np.load(d + '/period.npy'); h = np.load(d + '/density.npy')
m = json.load(open(d + '/meta.json'))
print(json.dumps({'shape': list(c.shape), 'dtype': str(c.dtype), 'hist': list(h.shape), 'mass': int(h.sum()),
  'classes': [m['classes'][k] for k in c[:3]], 'p2': int((p == 2).sum()), 'extra': m['density']['outOfRange'] + m['density']['nonFinite'] + m['density']['diverged']}))`,
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(py.status, py.stderr).toBe(0);
    const got = JSON.parse(py.stdout);
    expect(got.shape).toEqual([256]);
    expect(got.dtype).toBe('uint8');
    expect(got.hist).toEqual([128, 256]);
    expect(got.mass + got.extra).toBe(256 * 64);
    expect(got.classes).toEqual(['converged', 'converged', 'converged']);
    expect(got.p2).toBeGreaterThan(50);
  });

  it('runs a basin map as 3 shard processes whose merge equals the unsharded run bit for bit', () => {
    const spec = file('basin.json', basin);
    const whole = join(dir, 'whole');
    expect(cli('basin', spec, '--out', whole, '--svg', join(dir, 'basin.svg'), '-q').status).toBe(0);
    expect(readFileSync(join(dir, 'basin.svg'), 'utf8')).toContain('<svg');
    const parts = [0, 1, 2].map((i) => {
      const part = join(dir, `part${i}`);
      const r = cli('basin', spec, '--shard', `${i}/3`, '--out', part, '-q');
      expect(r.status, r.stderr).toBe(0);
      return part;
    });
    const merged = join(dir, 'merged');
    const m = cli('merge', ...parts, '--out', merged);
    expect(m.status, m.stderr).toBe(0);
    for (const name of ['class', 'period', 'escape', 'final_output', 'final_sharpness', 'final_lyapunov']) {
      expect(
        readFileSync(join(merged, `${name}.npy`)).equals(readFileSync(join(whole, `${name}.npy`))),
        name,
      ).toBe(true);
    }
    // The map's shape (second axis, first axis) for plt.imshow, in the run and after the merge; a part is
    // a flat lane range. Row j, column i is lane j * 96 + i (the first axis fastest).
    const shapes = spawnSync(
      numpyPython(),
      [
        '-c',
        `import numpy as np, json, sys
w, m, p = (np.load(d + '/class.npy') for d in sys.argv[1:4])
e = np.load(sys.argv[1] + '/escape.npy')
print(json.dumps([list(w.shape), list(m.shape), list(p.shape), int(e[5, 7]), int(e.reshape(-1)[5 * 96 + 7])]))`,
        whole,
        merged,
        parts[1]!,
      ],
      { encoding: 'utf8' },
    );
    expect(shapes.status, shapes.stderr).toBe(0);
    const [ws, ms, ps, e57, lane] = JSON.parse(shapes.stdout);
    expect(ws).toEqual([64, 96]);
    expect(ms).toEqual([64, 96]);
    expect(ps).toEqual([2048]);
    expect(e57).toBe(lane);
    // Parts of another spec are refused.
    const other = join(dir, 'other');
    cli('basin', file('other.json', { ...basin, steps: 301 }), '--shard', '2/3', '--out', other, '-q');
    const bad = cli('merge', parts[0]!, parts[1]!, other, '--out', join(dir, 'bad'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('comes from another spec');
  });

  it('refuses bad figure input with a one-line message and leaves no output file', () => {
    const png = join(dir, 'never.png');
    const cases: [string[], string][] = [
      [
        ['basin', file('b1.json', cascade), '--png', png],
        "figure.kind 'basin' needs a sweep of 2 axes, got 1",
      ],
      [
        ['bifurcation', file('b2.json', cascade), '--png', png, '--window', '5000'],
        'figure.window must be an integer in [1, 1501]',
      ],
      [
        ['bifurcation', file('b3.json', cascade), '--png', png, '--range', '2,1'],
        'figure.range must have hi > lo',
      ],
      [
        ['basin', file('b4.json', basin), '--png', png, '--shard', '3/3', '--out', join(dir, 'x')],
        '--shard must be I/N with 0 <= I < N',
      ],
      [
        ['basin', file('b5.json', basin), '--png', png, '--color-by', 'mood'],
        "figure.colorBy must be one of 'class'",
      ],
      [['bifurcation', file('b6.json', cascade)], 'writes nothing without --png FILE'],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(png)).toBe(false);
  });

  it('keeps a 1024 x 1024 basin map under 1.5 GB of host memory (GPU buffers included on SwiftShader)', () => {
    // Bound: one tile of at most 512 MiB (orbit window, state, readback), the 1M-lane class and period
    // arrays, the RGBA image (4 MB) and the Node/Dawn baseline (~150 MB).
    const spec = file('big.json', {
      ...basin,
      sweep: [
        { path: 'init.x', min: 0.2, max: 4, count: 1024 },
        { path: 'init.y', min: 0.2, max: 4, count: 1024 },
      ],
      steps: 100,
    });
    const r = cli('basin', spec, '--png', join(dir, 'big.png'));
    expect(r.status, r.stderr).toBe(0);
    const mb = Number(/peak host memory (\d+) MB/.exec(r.stderr)?.[1]);
    expect(mb).toBeGreaterThan(50);
    expect(mb).toBeLessThan(1536);
  });

  it('resumes an interrupted basin run from its finished tiles, to the same arrays as an uninterrupted run', async () => {
    const spec = file('resume.json', { ...basin, steps: 2000 });
    const whole = join(dir, 'resume-whole');
    expect(cli('basin', spec, '--out', whole, '--tile-lanes', '512', '-q').status).toBe(0);
    const part = join(dir, 'resume-part');
    // Interrupt (SIGINT, as Ctrl-C) once the third tile has started.
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('node', [
        'bin/eos-lab.js',
        'basin',
        spec,
        '--out',
        part,
        '--tile-lanes',
        '512',
        '--progress',
        'json',
      ]);
      let sent = false;
      child.stderr.on('data', (chunk: Buffer) => {
        for (const line of chunk.toString().split('\n')) {
          if (!sent && line.startsWith('{') && JSON.parse(line).tile >= 3) {
            sent = true;
            child.kill('SIGINT');
          }
        }
      });
      child.on('close', resolve);
    });
    expect(code).toBe(1);
    const meta = JSON.parse(readFileSync(join(part, 'meta.json'), 'utf8'));
    expect(meta.complete).toBe(false);
    expect(meta.done).toBeGreaterThanOrEqual(1024);
    expect(meta.done).toBeLessThan(96 * 64);
    const resumed = cli(
      'basin',
      spec,
      '--out',
      part,
      '--tile-lanes',
      '512',
      '--resume',
      '-q',
      '--png',
      join(dir, 'resumed.png'),
    );
    expect(resumed.status, resumed.stderr).toBe(0);
    for (const name of ['class', 'period', 'escape', 'final_output']) {
      expect(
        readFileSync(join(part, `${name}.npy`)).equals(readFileSync(join(whole, `${name}.npy`))),
        name,
      ).toBe(true);
    }
  });

  it('--require-gpu refuses a software adapter with a clear message (and runs on a real one)', async () => {
    const { isFallback } = (await testEngine()).info;
    const r = cli('basin', file('gpu.json', basin), '--png', join(dir, 'gpu.png'), '--require-gpu');
    expect(r.status).toBe(isFallback ? 1 : 0);
    if (isFallback) expect(r.stderr).toContain('--require-gpu: only a software adapter was found');
  });
});
