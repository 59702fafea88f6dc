// NumPy .npy files written in place, tile by tile: the header fixes dtype and shape, the file is sized
// up front and each tile's slice is written at its offset, so a 16.7M-lane array never sits in memory whole
// and `np.load(path, mmap_mode='r')` opens it. Format: numpy.lib.format, version 1.0.
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

export type Dtype = 'u1' | 'i4' | 'u4' | 'f4' | 'f8';
type Typed = Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array;

const BYTES: Record<Dtype, number> = { u1: 1, i4: 4, u4: 4, f4: 4, f8: 8 };

function header(dtype: Dtype, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let dict = `{'descr': '${dtype === 'u1' ? '|u1' : `<${dtype}`}', 'fortran_order': False, 'shape': (${dims}), }`;
  // Magic (6) + version (2) + length (2) + dict + newline, padded with spaces to a multiple of 64 bytes.
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0, dict.length & 0xff, dict.length >> 8], 0);
  out.set(Buffer.from(dict, 'latin1'), 10);
  return out;
}

/** An .npy file of `shape` (C order) whose elements are written at element offsets. */
export class NpyFile {
  private readonly fd: number;
  private readonly offset: number;

  constructor(
    readonly path: string,
    readonly dtype: Dtype,
    readonly shape: readonly number[],
    options: { keep?: boolean } = {},
  ) {
    const h = header(dtype, shape);
    this.offset = h.length;
    const size = h.length + shape.reduce((a, b) => a * b, 1) * BYTES[dtype];
    this.fd = openSync(path, options.keep ? 'r+' : 'w+');
    writeSync(this.fd, h, 0, h.length, 0);
    ftruncateSync(this.fd, size);
  }

  /**
   * Opens an existing .npy file for reading and writing in place, its dtype and shape read from its header
   * (the header is left as it is).
   * @example
   * const f = NpyFile.open('out/class.npy'); // f.shape: [rows, columns] for a two-axis map
   */
  static open(path: string): NpyFile {
    const fd = openSync(path, 'r+');
    const head = new Uint8Array(10);
    readSync(fd, head, 0, 10, 0);
    const len = head[8]! | (head[9]! << 8);
    const dict = Buffer.alloc(len);
    readSync(fd, dict, 0, len, 10);
    closeSync(fd);
    const text = dict.toString('latin1');
    const descr = /'descr': '[<|]?(\w+)'/.exec(text)?.[1];
    const dims = /'shape': \(([^)]*)\)/.exec(text)?.[1];
    if (!descr || !(descr in BYTES) || dims === undefined)
      throw new Error(`[eos-lab] ${path}: not an eos-lab .npy file (header ${JSON.stringify(text.trim())})`);
    const shape = dims
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean)
      .map(Number);
    return new NpyFile(path, descr as Dtype, shape, { keep: true });
  }

  /** Elements in the file (the product of its shape). */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** Writes `values` starting at element `at`. */
  write(at: number, values: Typed): void {
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    writeSync(this.fd, bytes, 0, bytes.length, this.offset + at * BYTES[this.dtype]);
  }

  /** Reads `count` elements from element `at` (for merging shards). */
  read(at: number, count: number): Uint8Array {
    const out = new Uint8Array(count * BYTES[this.dtype]);
    readSync(this.fd, out, 0, out.length, this.offset + at * BYTES[this.dtype]);
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }
}
