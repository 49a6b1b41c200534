/**
 * The cost of one API request: six authenticated reads through Rhythmo against a bare node:http
 * server that runs the same SQL through the same driver, in the same run on the same machine
 * and database. Targets: with 8 clients on PostgreSQL every endpoint at 0.5 or more of the bare
 * server's requests/s; GET /api/tracks/{id} at p50 <= 1 ms with one client.
 *
 *   npm run bench:api                      (PostgreSQL 200,000 tracks and SQLite 20,000)
 *   npm run bench:api -- --quick           (20,000 / 5,000 tracks, shorter runs)
 *   BENCH_DATABASES=sqlite BENCH_SECONDS=5 BENCH_ROUNDS=3 CLIENTS=1,4,8 npm run bench:api
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/rhythmo_bench_api PG_TRACKS=200000 SQLITE_TRACKS=20000 REGENERATE=1
 *
 * Each server runs in a child process of its own (bench/api-server.ts): the CPU printed per
 * request is that process's, so the client's and the database server's are not in it. Rhythmo
 * records the statements of every URL once, warm, and the bare server replays exactly those.
 * ENDPOINTS=tracks/{id},search measures only the endpoints whose names hold one of those.
 * BENCH_PROFILE=dir writes a CPU profile of the Rhythmo server there (summary: bench/cpu-profile.ts).
 * BENCH_KEEP=dir copies the run's files there: the URLs and token, and the statements recorded per URL.
 * The catalogs are generated once (bench/catalog.ts) and kept: in the PostgreSQL database named
 * (its name must contain "bench"; it is wiped when it holds another size) and in a SQLite file
 * under the temp directory.
 */
import 'reflect-metadata';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createContainer } from '../src/container.js';
import { SYSTEM } from '../src/shared/actor.js';
import { benchConfig, ensureBenchDatabase } from './support.js';
import { ensureCatalog, makeQueries } from './catalog.js';
import type { RunFile } from './api-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.argv.includes('--quick');
const env = (name: string, full: string, quick: string) => process.env[name] ?? (QUICK ? quick : full);
const DATABASES = env('BENCH_DATABASES', 'postgres,sqlite', 'postgres,sqlite').split(',');
const PG_URL = env('BENCH_PG_URL', 'postgres://postgres@127.0.0.1:5432/rhythmo_bench_api', 'postgres://postgres@127.0.0.1:5432/rhythmo_bench_api_quick');
const PG_TRACKS = Number(env('PG_TRACKS', '200000', '20000'));
const SQLITE_TRACKS = Number(env('SQLITE_TRACKS', '20000', '5000'));
const SQLITE_DIR = process.env.BENCH_SQLITE_DIR ?? path.join(os.tmpdir(), 'rhythmo-bench-api');
const SECONDS = Number(env('BENCH_SECONDS', '5', '2'));
const ROUNDS = Number(env('BENCH_ROUNDS', '2', '1'));
const CLIENTS = env('CLIENTS', '1,8', '1,8').split(',').map(Number);
const SAMPLES = 100;
const PORT = Number(process.env.BENCH_PORT ?? 4310);
const TARGET_RATIO = 0.5;
const TARGET_P50_MS = 1;

const children: ChildProcess[] = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-bench-api-'));
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  if (process.env.BENCH_KEEP) fs.cpSync(work, process.env.BENCH_KEEP, { recursive: true });
  fs.rmSync(work, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

interface Endpoint {
  name: string;
  urls: string[];
}

/** The catalog, a listener account with its token, and the URLs each endpoint is asked for. */
async function prepare(url: string, tracks: number): Promise<{ endpoints: Endpoint[]; token: string }> {
  // A token that outlives the run: expiry is not what is measured.
  const c = createContainer(benchConfig(url, { ACCESS_TOKEN_TTL_SECONDS: '86400' }));
  try {
    await ensureCatalog(c, tracks, { regenerate: !!process.env.REGENERATE, name: url });
    const password = 'bench-password-long-enough';
    const username = `bench${Date.now() % 1_000_000}`;
    await c.services.users.create(SYSTEM, { email: `${username}@example.com`, username, password, role: 'listener' });
    const { accessToken } = await c.services.auth.login({ login: username, password });
    const rows = async <T>(sql: string) => (await c.db.sequelize.query(sql))[0] as T[];
    const trackRows = await rows<{ id: string; title: string }>(`SELECT id, title FROM tracks ORDER BY random() LIMIT ${SAMPLES}`);
    const albumRows = await rows<{ id: string }>(`SELECT DISTINCT album_id AS id FROM tracks WHERE album_id IS NOT NULL ORDER BY id LIMIT ${SAMPLES}`);
    const queries = makeQueries(trackRows.map((t) => t.title), SAMPLES);
    const endpoints = [
      { name: 'GET /api/me', urls: ['/api/me'] },
      { name: 'GET /api/tracks/{id}', urls: trackRows.map((t) => `/api/tracks/${t.id}`) },
      { name: 'GET /api/tracks?limit=20', urls: ['/api/tracks?limit=20'] },
      { name: 'GET /api/albums/{id}', urls: albumRows.map((a) => `/api/albums/${a.id}`) },
      { name: 'GET /api/search', urls: queries.map((q) => `/api/search?${new URLSearchParams({ q })}`) },
      { name: 'GET /api/me/recommendations', urls: ['/api/me/recommendations'] },
    ];
    const only = process.env.ENDPOINTS?.split(',');
    return { endpoints: only ? endpoints.filter((e) => only.some((o) => e.name.includes(o))) : endpoints, token: accessToken };
  } finally {
    await c.close();
  }
}

function startServer(side: 'rhythmo' | 'bare', url: string, port: number, runFile: string): Promise<ChildProcess> {
  const profile = side === 'rhythmo' && process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(ROOT, 'bench/api-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', BENCH_SIDE: side, DATABASE_URL: url, BENCH_PORT: String(port), BENCH_RUN: runFile },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`the ${side} server exited with ${code}`)));
  });
}

/**
 * One keep-alive connection sending one GET at a time and reading the answer by its
 * Content-Length: a client as light as Node allows, since it shares the machine with the servers.
 */
class Client {
  private readonly socket: net.Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: { resolve: (status: number) => void; reject: (e: Error) => void } | null = null;

  constructor(
    port: number,
    private readonly auth: string,
  ) {
    this.socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
    this.socket.on('data', (d) => this.onData(d));
    this.socket.on('error', (e) => this.pending?.reject(e));
    this.socket.on('close', () => this.pending?.reject(new Error('connection closed')));
  }

  get(pathAndQuery: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(`GET ${pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${this.auth}\r\n\r\n`);
    });
  }

  close(): void {
    this.pending = null;
    this.socket.destroy();
  }

  private onData(d: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, d]) : d;
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end < 0 || !this.pending) return;
    const head = this.buffered.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffered.length < end + 4 + length) return;
    this.buffered = this.buffered.subarray(end + 4 + length);
    const p = this.pending;
    this.pending = null;
    p.resolve(Number(head.slice(9, 12)));
  }
}

/** utime + stime of a process, in seconds (Linux counts them in ticks of 10 ms). */
const cpuSeconds = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

interface Sample {
  requests: number;
  seconds: number;
  latencies: number[];
  serverCpu: number;
  failures: number;
}

/** `clients` connections asking for the endpoint's URLs in turn for `seconds`. */
async function measure(port: number, pid: number, token: string, urls: string[], clients: number, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  let failures = 0;
  const cpu0 = cpuSeconds(pid);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const client = new Client(port, `Bearer ${token}`);
      try {
        for (let n = i * 7; performance.now() < until; n++) {
          const t0 = performance.now();
          const status = await client.get(urls[n % urls.length]!);
          latencies.push(performance.now() - t0);
          if (status !== 200 && failures++ === 0) console.error(`  ${urls[n % urls.length]} answered ${status}`);
        }
      } finally {
        client.close();
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  return { requests: latencies.length, seconds: wall, latencies, serverCpu: cpuSeconds(pid) - cpu0, failures };
}

function summary(samples: Sample[]) {
  const lat = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const at = (q: number) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))]!;
  const requests = samples.reduce((a, s) => a + s.requests, 0);
  const rates = samples.map((s) => s.requests / s.seconds);
  return {
    rps: requests / samples.reduce((a, s) => a + s.seconds, 0),
    range: [Math.min(...rates), Math.max(...rates)],
    p50: at(0.5),
    p99: at(0.99),
    cpuMs: (samples.reduce((a, s) => a + s.serverCpu, 0) * 1000) / requests,
    failures: samples.reduce((a, s) => a + s.failures, 0),
  };
}

async function benchDatabase(dialect: string): Promise<{ misses: string[] }> {
  const url = dialect === 'postgres' ? PG_URL : `sqlite:${path.join(SQLITE_DIR, `catalog-${SQLITE_TRACKS}.sqlite`)}`;
  if (dialect === 'postgres') await ensureBenchDatabase(url);
  else fs.mkdirSync(SQLITE_DIR, { recursive: true });
  const tracks = dialect === 'postgres' ? PG_TRACKS : SQLITE_TRACKS;
  const { endpoints, token } = await prepare(url, tracks);
  const runFile = path.join(work, `${dialect}.json`);
  const poolMax = Math.max(10, Math.max(...CLIENTS) + 2);
  fs.writeFileSync(runFile, JSON.stringify({ token, urls: endpoints.flatMap((e) => e.urls), poolMax } satisfies RunFile));
  const rhythmo = await startServer('rhythmo', url, PORT, runFile);
  const bare = await startServer('bare', url, PORT + 1, runFile);
  const sides = [
    { name: 'rhythmo', port: PORT, pid: rhythmo.pid! },
    { name: 'bare', port: PORT + 1, pid: bare.pid! },
  ];

  console.log(`\n${dialect}, ${tracks.toLocaleString('en-US')} tracks: ${ROUNDS} round(s) of ${SECONDS} s per endpoint, clients and server, alternating; load average ${load()}`);
  console.log(`  ${'endpoint'.padEnd(28)} ${'clients'.padStart(7)}  ${'rhythmo req/s  p50 ms  p99 ms  cpu ms/req'.padStart(42)}  ${'bare req/s  p50 ms  p99 ms  cpu ms/req'.padStart(39)}  ratio`);
  const misses: string[] = [];
  for (const e of endpoints) {
    for (const side of sides) await measure(side.port, side.pid, token, e.urls, 1, Math.min(1, SECONDS));
    for (const clients of CLIENTS) {
      const got: Record<string, Sample[]> = { rhythmo: [], bare: [] };
      for (let round = 0; round < ROUNDS; round++) {
        // Alternating which goes first, so a busy neighbour on the machine hits both alike.
        for (const side of round % 2 ? [...sides].reverse() : sides) got[side.name]!.push(await measure(side.port, side.pid, token, e.urls, clients, SECONDS));
      }
      const r = summary(got.rhythmo!);
      const b = summary(got.bare!);
      if (r.failures || b.failures) throw new Error(`${e.name}: ${r.failures} rhythmo and ${b.failures} bare requests were not answered 200`);
      const ratio = r.rps / b.rps;
      const cell = (s: typeof r) => `${s.rps.toFixed(0).padStart(7)} ${s.p50.toFixed(2).padStart(7)} ${s.p99.toFixed(2).padStart(7)} ${s.cpuMs.toFixed(2).padStart(11)}`;
      console.log(`  ${e.name.padEnd(28)} ${String(clients).padStart(7)}  ${cell(r).padStart(42)}  ${cell(b).padStart(39)}  ${ratio.toFixed(2)}`);
      if (ROUNDS > 1) console.log(`  ${''.padEnd(37)}  rounds: rhythmo ${r.range.map((x) => x.toFixed(0)).join('-')} req/s, bare ${b.range.map((x) => x.toFixed(0)).join('-')} req/s`);
      if (dialect === 'postgres' && clients === Math.max(...CLIENTS) && ratio < TARGET_RATIO) misses.push(`${e.name} with ${clients} clients: ${ratio.toFixed(2)} of the bare server (target ${TARGET_RATIO})`);
      if (dialect === 'postgres' && clients === 1 && e.name === 'GET /api/tracks/{id}' && r.p50 > TARGET_P50_MS) misses.push(`${e.name} p50 ${r.p50.toFixed(2)} ms with one client (target ${TARGET_P50_MS} ms)`);
    }
  }
  for (const child of [rhythmo, bare]) {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
  }
  return { misses };
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

async function main() {
  console.log(`bench:api${QUICK ? ' --quick' : ''}: ${os.cpus().length} CPUs, clients ${CLIENTS.join(' and ')}`);
  const misses: string[] = [];
  for (const dialect of DATABASES) misses.push(...(await benchDatabase(dialect)).misses);
  console.log(`\nload average at the end: ${load()}`);
  if (DATABASES.includes('postgres')) {
    console.log(misses.length ? `targets MISSED:\n  ${misses.join('\n  ')}` : 'targets met: every endpoint >= 0.5 of the bare server with 8 clients, GET /api/tracks/{id} p50 <= 1 ms with one client');
  }
  process.exitCode = misses.length ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
