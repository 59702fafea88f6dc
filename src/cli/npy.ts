// NumPy .npy files written in place, tile by tile: the header fixes dtype and shape, the file is sized
// up front and each tile's slice is written at its offset, so a 16.7M-lane array never sits in memory whole
// and `np.load(path, mmap_mode='r')` opens it. Format: numpy.lib.format, version 1.0.
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

export type Dtype = 'u1' | 'i4' | 'u4' | 'f4';
type Typed = Uint8Array | Int32Array | Uint32Array | Float32Array;

const BYTES: Record<Dtype, number> = { u1: 1, i4: 4, u4: 4, f4: 4 };

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
