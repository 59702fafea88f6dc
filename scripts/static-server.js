// A static file server on loopback for the gallery, the blog-post example and the browser checks.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.json': 'application/json',
  '.png': 'image/png',
};

/** Serves `root` on 127.0.0.1 (`port`, or a free one); returns its base URL and a close function. */
export async function serve(root, port = 0) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = join(base, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = path.startsWith(base) && existsSync(path) && statSync(path).isFile() ? path : undefined;
    if (!file) {
      res.writeHead(req.url === '/favicon.ico' ? 204 : 404);
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}
