// The embeddable bundle: <eos-bifurcation>, <eos-basin-map>, <eos-trajectory> with Lit, uPlot, the engine, the
// shaders and the styles inside one ES module (dist/embed/eos-lab.js) that a static page loads with one
// <script type="module">. The Node device module stays a separate chunk that browsers never request.
import { defineConfig } from 'vite';
import { DEFINE } from './vite.define.js';

export default defineConfig({
  define: DEFINE,
  build: {
    target: 'es2022',
    outDir: 'dist/embed',
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    lib: { entry: { 'eos-lab': 'components/index.ts' }, formats: ['es'] },
    rollupOptions: { external: ['webgpu', /^node:/] },
  },
});
