#!/usr/bin/env node
/**
 * The probe worker of bulk imports (src/modules/media/probe-worker.ts) as one self-contained
 * file: a thread then starts in half the time and CPU, without resolving and compiling
 * music-metadata's and file-type's hundred-odd modules one by one. npm run build runs it after
 * tsc; ProbePool uses the bundle while it is newer than the compiled worker.
 *
 *   node bin/bundle-worker.js [outfile]      (default dist/src/modules/media/probe-worker.bundle.js)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const WORKER = path.join(ROOT, 'src/modules/media/probe-worker.ts');
const OUT = process.argv[2] ? path.resolve(process.argv[2]) : path.join(ROOT, 'dist/src/modules/media/probe-worker.bundle.js');

await build({
  entryPoints: [WORKER],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS inside (music-metadata's logging package) requires Node's built-in modules.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
