// Serves the repository on loopback for the gallery (out/gallery/) and the blog-post example (which loads
// dist/embed/eos-lab.js): `npm run gallery`. Ctrl-C stops it.
import { serve } from './static-server.js';

const port = Number(process.env.PORT ?? 0);
const { url } = await serve('.', port);
console.log(`eos-lab gallery:   ${url}out/gallery/index.html`);
console.log(`playground:        ${url}out/gallery/playground.html`);
console.log(`blog-post example: ${url}examples/blog-post.html`);
console.log(
  'WebGPU: Chrome or Edge (on Linux, chrome://flags "Unsafe WebGPU"); other browsers show the static images.',
);
