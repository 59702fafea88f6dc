// vitest: unit tests next to the code, GPU parity and setup suites in tests/; GPU work runs one file at a
// time because SwiftShader already uses every core.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'components/**/*.test.ts'],
    exclude: ['tests/browser/**'],
    fileParallelism: false,
    setupFiles: ['tests/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
