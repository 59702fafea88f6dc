// Build-time constants shared by the three Vite builds (library, embeddable bundle, gallery).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** `define` entries: the package version the code reads as __EOS_VERSION__. */
export const DEFINE = { __EOS_VERSION__: JSON.stringify(pkg.version) };
