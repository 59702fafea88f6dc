// The gallery (gallery/*.html): a Vite multi-page site built into out/gallery, served by `npm run gallery`
// and by the browser tests. The Node device module is never loaded by a page.
import { readdirSync } from 'node:fs';
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
      // Every page in gallery/ (the nav list in gallery/main.ts names them; the browser check ties the two).
      input: Object.fromEntries(
        readdirSync('gallery')
          .filter((f) => f.endsWith('.html'))
          .map((f) => [f.slice(0, -5), resolve(`gallery/${f}`)]),
      ),
      external: ['webgpu', /^node:/],
      // One chunk per library instead of a single 500 kB one: pages share them from the cache, and the chunk
      // that changes with the engine stays small (Vite warns past 500 kB).
      output: {
        codeSplitting: {
          groups: [
            { name: 'wgsl-reflect', test: /node_modules[\\/]wgsl_reflect/ },
            { name: 'uplot', test: /node_modules[\\/]uplot/ },
            { name: 'lit', test: /node_modules[\\/](lit|@lit|lit-html|lit-element)[\\/]/ },
            { name: 'shaders', test: /[\\/]shaders[\\/].*\.wgsl/ },
          ],
        },
      },
    },
  },
});
