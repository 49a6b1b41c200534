/**
 * The import benchmark's baseline: music-metadata over every file of a folder, with the options
 * the importer's probe uses, `concurrency` files at a time, in a fresh process like each import
 * run (so both pay for starting cold). `file`: parseFile from the path; `buffer`: read whole,
 * then parseBuffer, which is how the importer parses. Prints a JSON line on stdout.
 *
 *   node bench/parse-worker.js <dir> <file|buffer> [concurrency]
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseBuffer, parseFile } from 'music-metadata';
import { PARSE_OPTIONS } from '../dist/src/modules/media/probe.js';

const [dir, how, concurrency] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 8)];
const files = fs
  .readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => path.join(e.parentPath, e.name));

const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < files.length) {
      const file = files[next++];
      if (how === 'file') await parseFile(file, PARSE_OPTIONS);
      else {
        const data = await fs.promises.readFile(file);
        await parseBuffer(data, { path: file, size: data.length }, PARSE_OPTIONS);
      }
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ files: files.length, seconds, rate: files.length / seconds })}\n`);
