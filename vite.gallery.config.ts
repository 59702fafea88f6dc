// The gallery (gallery/*.html): a Vite multi-page site built into out/gallery, served by `npm run gallery`
// and by the browser tests. The Node device module is never loaded by a page.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { DEFINE } from './vite.define.js';

export default defineConfig({
  root: 'gallery',
  base: './',
  define: DEFINE,
  build: {
    target: 'es2022',
    outDir: resolve('out/gallery'),
    emptyOutDir: true,
    rollupOptions: {
      input: Object.fromEntries(
        ['index', 'kalra', 'zhu', 'arora', 'chain', 'ghosh', 'playground'].map((p) => [
          p,
          resolve(`gallery/${p}.html`),
        ]),
      ),
      external: ['webgpu', /^node:/],
    },
  },
});
