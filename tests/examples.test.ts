// Every spec under examples/ is valid as shipped (the README and the docs point users at them).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeSpec } from '../src/spec/normalize.js';

const FILES = readdirSync('examples').filter((f) => f.endsWith('.json'));

describe('examples', () => {
  it('has spec files', () => expect(FILES.length).toBeGreaterThan(10));
  it.each(FILES)('%s validates', (file) => {
    expect(() => normalizeSpec(JSON.parse(readFileSync(`examples/${file}`, 'utf8')))).not.toThrow();
  });
});
