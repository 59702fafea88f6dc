#!/usr/bin/env node
// The eos-lab command; the CLI itself is built into dist/ by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    '[eos-lab] dist/cli.js is missing: run `npm run build` in the eos-lab folder first.\n',
  );
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
