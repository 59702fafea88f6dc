// Builds dist/: the library (index.js, browsers and Node), the elements for bundlers (components.js: Lit and
// uPlot stay external) and the CLI (cli.js, Node), WGSL inlined as strings. vite.embed.config.ts builds the
// self-contained bundle for pages without a build step.
import { defineConfig } from 'vite';
import { DEFINE } from './vite.define.js';

export default defineConfig({
  define: DEFINE,
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    lib: {
      entry: {
        index: 'src/index.ts',
        cli: 'src/cli/main.ts',
        components: 'components/index.ts',
        testing: 'src/testing/launch.ts',
        linalg: 'src/linalg/batched.ts',
      },
      formats: ['es'],
    },
    rollupOptions: {
      external: [
        /^node:/,
        'webgpu',
        /^wgsl_reflect/,
        /^lit/,
        'uplot',
        '@napi-rs/canvas',
        'cli-progress',
        /^puppeteer/,
      ],
    },
  },
});
