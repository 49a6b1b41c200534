#!/usr/bin/env node
/**
 * The probe worker of bulk imports (src/modules/media/probe-worker.ts) as one self-contained
 * file: a thread then starts in half the time and CPU, without resolving and compiling
 * music-metadata's and file-type's hundred-odd modules one by one. npm run build runs it after
 * tsc; ProbePool uses the bundle while it is newer than the compiled worker.
 *
 *   node bin/bundle-worker.js [outfile]      (default dist/src/modules/media/probe-worker.bundle.js)
 *
 * One change to music-metadata on the way: every parse builds a fresh CombinedTagMapper, eleven
 * tag mappers whose tables it copies and upper-cases, about a third of the CPU of parsing a small
 * tagged MP3. The mappers hold nothing but those tables, so the worker's parses share one. The
 * build fails if the line it replaces is not there exactly once (after an upgrade, say).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const WORKER = path.join(ROOT, 'src/modules/media/probe-worker.ts');
const OUT = process.argv[2] ? path.resolve(process.argv[2]) : path.join(ROOT, 'dist/src/modules/media/probe-worker.bundle.js');

const PATCHES = [
  {
    file: /[\\/]music-metadata[\\/]lib[\\/]common[\\/]MetadataCollector\.js$/,
    find: 'this.tagMapper = new CombinedTagMapper();',
    replace: 'this.tagMapper = (sharedTagMapper ??= new CombinedTagMapper());',
    declare: 'let sharedTagMapper;',
  },
];

const applied = new Set();
const patches = {
  name: 'patches',
  setup(b) {
    for (const patch of PATCHES) {
      b.onLoad({ filter: patch.file }, async ({ path }) => {
        applied.add(patch);
        const source = await fs.promises.readFile(path, 'utf8');
        if (source.split(patch.find).length !== 2) throw new Error(`${path}: expected "${patch.find}" once; the shared tag mapper patch needs a look`);
        return { contents: `${patch.declare}\n${source.replace(patch.find, patch.replace)}`, loader: 'js' };
      });
    }
  },
};

await build({
  entryPoints: [WORKER],
  outfile: OUT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // CommonJS inside (music-metadata's logging package) requires Node's built-in modules.
  banner: { js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);" },
  plugins: [patches],
  logLevel: 'warning',
});
for (const patch of PATCHES) if (!applied.has(patch)) throw new Error(`no file matched ${patch.file}: the shared tag mapper patch needs a look`);
