// The gallery (gallery/*.html): a Vite multi-page site built into out/gallery, served by `npm run gallery`
// and by the browser tests. The Node device module is never loaded by a page.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  root: 'gallery',
  base: './',
  define: { __EOS_VERSION__: JSON.stringify(pkg.version) },
  build: {
    target: 'es2022',
    outDir: resolve('out/gallery'),
    emptyOutDir: true,
    rollupOptions: {
      input: Object.fromEntries(
        ['index', 'kalra', 'zhu', 'arora', 'chain', 'playground'].map((p) => [
          p,
          resolve(`gallery/${p}.html`),
        ]),
      ),
      external: ['webgpu', /^node:/],
    },
  },
});
