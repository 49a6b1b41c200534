/**
 * Import throughput: N tagged MP3s (copies of a fixture, each with its own ID3 tags, hence its
 * own hash) imported into PostgreSQL, next to a baseline that only parses the same files with
 * music-metadata (same options as the importer's probe, same concurrency), in the same run: from
 * the path (parseFile), and read whole then parsed from memory (parseBuffer, which is how the
 * importer parses); the ratio is taken against the faster of the two. Then a second run over the
 * unchanged files, and peak RSS at N and 4N.
 *
 *   npm run bench:import
 *   N=2000 CONCURRENCY=32 THREADS=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/rhythmo_bench_import npm run bench:import
 *
 * Targets: import >= 0.5 x parse-only files/s at N=2000; second run >= 10x faster than the
 * first; peak RSS < 300 MB at N and at 4N. Each import and each parse-only pass runs in a fresh
 * process of its own, from the build (import-worker.js, parse-worker.js; dist/ is rebuilt first
 * if stale), so both start cold, after the files are in the page cache. The imports go to
 * fresh databases whose names must contain "bench" (they are dropped).
 *
 * Run it on a quiet machine, and not right after deleting many files: ext4 without a journal
 * (as on the machines this was measured on) skips inodes freed in the last minutes when it
 * creates files, which slowed every file the import stores by about half a millisecond. A run
 * waits out the previous run's own clean-up (waitOutLastCleanup).
 */
import '../cli/threadpool.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { stripTags, withTags } from './id3.js';
import { ensureBuild } from './support.js';
import { DEFAULT_IMPORT_THREADS } from '../cli/commands/import.js';
import { defaultImportConcurrency } from '../src/modules/imports/index.js';

const N = Number(process.env.N ?? 2000);
/** Parsing threads of the import: `rhythmo import`'s default unless THREADS says otherwise. */
const THREADS = Number(process.env.THREADS ?? DEFAULT_IMPORT_THREADS);
/** Files in flight, for the import and the baseline alike: `rhythmo import`'s default unless CONCURRENCY says otherwise. */
const CONCURRENCY = Number(process.env.CONCURRENCY ?? defaultImportConcurrency(THREADS));
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rhythmo_bench_import';
const FIXTURE = path.resolve(process.cwd(), 'test/fixtures/audio/library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3');
const GENRES = ['Synthwave', 'Ambient', 'Electronic', 'Post-Rock', 'Jazz', 'Techno'];

if (!/bench/.test(new URL(BASE_URL).pathname)) {
  console.error('DATABASE_URL must name a database containing "bench": it is dropped and recreated.');
  process.exit(2);
}

/** N files in Artist/Album/NN - Title.mp3 folders, 10 tracks an album, 5 albums an artist. */
function generate(dir: string, n: number): void {
  const audio = stripTags(fs.readFileSync(FIXTURE));
  for (let i = 0; i < n; i += 1) {
    const artist = `Bench Artist ${Math.floor(i / 50)}`;
    const album = `Bench Album ${Math.floor(i / 10)}`;
    const track = (i % 10) + 1;
    const folder = path.join(dir, artist, album);
    if (track === 1) fs.mkdirSync(folder, { recursive: true });
    const tags = { title: `Bench Track ${i}`, artist, album, albumArtist: artist, track, year: 2000 + (i % 25), genre: GENRES[i % GENRES.length]! };
    fs.writeFileSync(path.join(folder, `${String(track).padStart(2, '0')} - Bench Track ${i}.mp3`), withTags(audio, tags));
  }
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * The parse-only baseline (parse-worker.js) over a folder in a fresh process, as each import
 * runs: from the path (parseFile), or read whole first and parsed from memory as the importer
 * does (readFile + parseBuffer). The faster of the two is the baseline.
 */
function parseOnly(dir: string, how: 'file' | 'buffer'): number {
  const run = spawnSync(process.execPath, [path.join(process.cwd(), 'bench/parse-worker.js'), dir, how, String(CONCURRENCY)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`parse worker failed (${run.status}): ${run.stderr}`);
  return (JSON.parse(run.stdout.trim().split('\n').pop()!) as { rate: number }).rate;
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: BASE_URL.replace(/\/[^/?]*(\?|$)/, '/postgres$1') });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/**
 * The databases of this run are created up front and dropped at the end: dropping one deletes
 * a thousand-odd files, and on ext4 without a journal every file created in the next half
 * minute or so pays for them (its inode allocation skips the recently deleted ones), which
 * would land in the import's stores and not in the baseline. Leftovers of a killed run are
 * dropped before anything is measured.
 */
async function createDatabases(names: string[]): Promise<string[]> {
  await withAdmin(async (c) => {
    for (const name of names) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    for (const name of names) await c.query(`CREATE DATABASE "${name}"`);
  });
  return names.map((name) => {
    const url = new URL(BASE_URL);
    url.pathname = `/${name}`;
    return url.toString();
  });
}

interface WorkerResult {
  summary: { total: number; imported: number; present: number; failed: number };
  seconds: number;
  /** CPU time of the import process (main thread, thread pool, GC): what a busy shared machine cannot inflate. */
  cpuSeconds: number;
  maxRssMb: number;
}

function importRun(dir: string, databaseUrl: string, dataDir: string): WorkerResult {
  const run = spawnSync(process.execPath, [path.join(process.cwd(), 'bench/import-worker.js'), dir, String(CONCURRENCY), String(THREADS)], {
    // UV_THREADPOOL_SIZE as the CLI sets it (cli/threadpool.ts).
    env: { ...process.env, UV_THREADPOOL_SIZE: '16', NODE_ENV: 'production', DATABASE_URL: databaseUrl, DATA_DIR: dataDir, JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789', DB_POOL_MAX: String(Math.max(10, CONCURRENCY + 2)) },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.stderr) process.stderr.write(`${run.stderr.split('\n').slice(0, 10).join('\n')}\n`);
  if (run.status !== 0) throw new Error(`import worker failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as WorkerResult;
}

const rate = (r: WorkerResult) => r.summary.total / r.seconds;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

/**
 * When this benchmark last deleted its files: on ext4 without a journal, files created in the
 * next minute or so (longer while the freed inodes' table blocks are not yet written back) skip
 * past the freed inodes one by one, which cost the import's stored copies a quarter of the
 * parsing threads' CPU when a run followed the last one's clean-up. The next run waits that out.
 */
const CLEANED = path.join(os.tmpdir(), 'rhythmo-bench-import.cleaned');
const EXT4_RECENTLY_DELETED_MS = 65_000;

async function waitOutLastCleanup(): Promise<void> {
  const cleanedAt = Number(fs.existsSync(CLEANED) ? fs.readFileSync(CLEANED, 'utf8') : 0);
  const wait = cleanedAt + EXT4_RECENTLY_DELETED_MS - Date.now();
  if (wait <= 0 || wait > EXT4_RECENTLY_DELETED_MS) return;
  console.log(`The last run deleted its files ${((Date.now() - cleanedAt) / 1000).toFixed(0)} s ago: waiting ${(wait / 1000).toFixed(0)} s before creating any (see CLEANED in bench/import.ts) ...`);
  await new Promise((resolve) => setTimeout(resolve, wait));
}

async function main() {
  ensureBuild();
  await waitOutLastCleanup();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-bench-import-'));
  const dbName = new URL(BASE_URL).pathname.slice(1);
  try {
    const [url, urlLarge] = await createDatabases([dbName, `${dbName}_4n`]);
    console.log(`Generating ${N} and ${4 * N} tagged MP3s in ${root} ...`);
    const small = path.join(root, `n${N}`);
    const large = path.join(root, `n${4 * N}`);
    generate(small, N);
    generate(large, 4 * N);
    // Read everything once first, so neither side pays for a cold page cache; and flush the
    // generated files to disk, so the kernel's writeback of them does not land in the import's
    // fsyncs (the baseline has none).
    for (const file of listFiles(small)) fs.readFileSync(file);
    spawnSync('sync');
    const parseFileRate = parseOnly(small, 'file');
    const parseBufferRate = parseOnly(small, 'buffer');
    const parseRate = Math.max(parseFileRate, parseBufferRate);

    const first = importRun(small, url, path.join(root, 'data-n'));
    if (first.summary.imported !== N) throw new Error(`expected ${N} imported, got ${JSON.stringify(first.summary)}`);
    const second = importRun(small, url, path.join(root, 'data-n'));
    if (second.summary.present !== N || second.summary.imported !== 0) throw new Error(`second run changed something: ${JSON.stringify(second.summary)}`);

    const big = importRun(large, urlLarge, path.join(root, 'data-4n'));
    if (big.summary.imported !== 4 * N) throw new Error(`expected ${4 * N} imported, got ${JSON.stringify(big.summary)}`);

    const ratio = rate(first) / parseRate;
    const speedup = first.seconds / second.seconds;
    const rows = [
      ['parse only, parseFile', `${N}`, fmt(N / parseFileRate, 2), '', fmt(parseFileRate), ''],
      ['parse only, readFile + parseBuffer', `${N}`, fmt(N / parseBufferRate, 2), '', fmt(parseBufferRate), ''],
      ['import, first run', `${N}`, fmt(first.seconds, 2), fmt(first.cpuSeconds, 2), fmt(rate(first)), fmt(first.maxRssMb, 0)],
      ['import, second run (unchanged)', `${N}`, fmt(second.seconds, 2), fmt(second.cpuSeconds, 2), fmt(rate(second)), fmt(second.maxRssMb, 0)],
      ['import, first run', `${4 * N}`, fmt(big.seconds, 2), fmt(big.cpuSeconds, 2), fmt(rate(big)), fmt(big.maxRssMb, 0)],
    ];
    console.log(`\nImport benchmark: PostgreSQL, concurrency ${CONCURRENCY}, ${THREADS} parsing thread(s), ${os.cpus().length} CPUs, Node ${process.version}`);
    console.log('| run | files | seconds | CPU s | files/s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    const ratioFile = rate(first) / parseFileRate;
    console.log(`\nimport / parse-only = ${fmt(ratio, 2)} against the faster parse (readFile + parseBuffer, as the importer parses; target >= 0.5: ${verdict(ratio >= 0.5)})`);
    console.log(`import / parse-only = ${fmt(ratioFile, 2)} against parseFile (target >= 0.5: ${verdict(ratioFile >= 0.5)})`);
    console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`second run ${fmt(speedup, 1)}x faster than the first (target >= 10: ${verdict(speedup >= 10)})`);
    console.log(`peak RSS ${fmt(first.maxRssMb, 0)} MB at N, ${fmt(big.maxRssMb, 0)} MB at 4N (target < 300: ${verdict(Math.max(first.maxRssMb, big.maxRssMb) < 300)})`);
    await withAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await c.query(`DROP DATABASE IF EXISTS "${dbName}_4n" WITH (FORCE)`);
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    // Written back now, so the freed inodes stop counting as recently deleted a minute from now.
    spawnSync('sync');
    fs.writeFileSync(CLEANED, String(Date.now()));
  }
}

await main();
