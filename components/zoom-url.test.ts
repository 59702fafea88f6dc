// The zoom in the URL fragment (zoom-url.ts): several elements share one fragment, each under its id; a window
// list survives the round trip to the last bit (JSON keeps float64's shortest form); anything else reads as none.
// Mutation: writing windows with toFixed(12) loses the 1e-13 window below and fails the round trip.
import { describe, expect, it } from 'vitest';
import { readZoom, writeZoom } from './zoom-url.js';

describe('zoom in the URL', () => {
  it('round-trips windows per element id, keeping the other elements and every digit', () => {
    const deep = [{ axis: 0, min: 3.0325483975781253, max: 3.0325483975782253 }];
    let hash = writeZoom('', 'uv', [{ axis: 0, min: 5, max: 6 }]);
    hash = writeZoom(hash, 'basin', deep);
    expect(readZoom(hash, 'uv')).toEqual([{ axis: 0, min: 5, max: 6 }]);
    expect(readZoom(hash, 'basin')).toEqual(deep);
    hash = writeZoom(hash, 'uv', undefined);
    expect(readZoom(hash, 'uv')).toBeUndefined();
    expect(readZoom(hash, 'basin')).toEqual(deep);
    expect(writeZoom(hash, 'basin', undefined)).toBe('');
  });

  it('reads malformed or foreign fragments as no zoom', () => {
    for (const hash of [
      '#uv=notjson',
      '#uv=%5B%5D',
      '#uv=%5B%7B%22axis%22%3A%220%22%7D%5D',
      '#%7B%22model%22%3A1%7D',
    ])
      expect(readZoom(hash, 'uv'), hash).toBeUndefined();
  });
});
