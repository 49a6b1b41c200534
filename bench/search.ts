/**
 * Search latency: on a generated catalog of 200,000 tracks on PostgreSQL, the p95 of
 * GET /api/search against the p95 of GET /api/tracks/{id}, both through the same in-process
 * server under the same mixed load. Target: search p95 within 3x of get-track p95.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/rhythmo_bench_search npm run bench:search
 *   TRACKS=200000 CLIENTS=8 REQUESTS=4000 REGENERATE=1 npm run bench:search
 *
 * The database's name must contain "bench": it is wiped and filled when it does not already
 * hold this benchmark's catalog of the requested size (created when missing).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { createContainer } from '../src/container.js';
import { createApp } from '../src/http/app.js';
import { SYSTEM } from '../src/shared/actor.js';
import { benchConfig, ensureBenchDatabase } from './support.js';
import { ensureCatalog, makeQueries } from './catalog.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rhythmo_bench_search';
const TRACKS = Number(process.env.TRACKS ?? 200_000);
const CLIENTS = Number(process.env.CLIENTS ?? 8);
const REQUESTS = Number(process.env.REQUESTS ?? 4000);
const WARMUP = Number(process.env.WARMUP ?? 400);
const TARGET_RATIO = 3;

const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function main() {
  await ensureBenchDatabase(url);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-bench-search-'));
  const config = benchConfig(url, { DB_POOL_MAX: String(Math.max(10, CLIENTS + 2)) });
  const c = createContainer(config);
  await ensureCatalog(c, TRACKS, { regenerate: !!process.env.REGENERATE, name: new URL(url).pathname.slice(1) });

  const password = 'bench-password-long-enough';
  const username = `bench${Date.now() % 1_000_000}`;
  await c.services.users.create(SYSTEM, { email: `${username}@example.com`, username, password, role: 'listener' });
  const { accessToken } = await c.services.auth.login({ login: username, password });

  const app = createApp(c, { validateResponses: false });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sample = (await c.db.sequelize.query('SELECT id, title FROM tracks ORDER BY random() LIMIT 5000'))[0] as { id: string; title: string }[];
  const queries = makeQueries(sample.map((s) => s.title), 2000);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const get = (pathAndQuery: string) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const req = http.get(`${base}${pathAndQuery}`, { agent, headers: { Authorization: `Bearer ${accessToken}` } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${pathAndQuery}: ${res.statusCode}`))));
      });
      req.on('error', reject);
    });

  /** Both kinds of request interleaved, so each is measured under the same load. */
  const run = async (total: number) => {
    const lat = { search: [] as number[], track: [] as number[] };
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < total) {
          const i = next++;
          if (i % 2 === 0) lat.search.push(await get(`/api/search?q=${encodeURIComponent(queries[(i / 2) % queries.length]!)}`));
          else lat.track.push(await get(`/api/tracks/${sample[i % sample.length]!.id}`));
        }
      }),
    );
    return lat;
  };

  console.log(`Warming up (${WARMUP} requests), then ${REQUESTS} requests from ${CLIENTS} concurrent clients, half search, half get-track ...`);
  await run(WARMUP);
  const started = performance.now();
  const lat = await run(REQUESTS);
  const seconds = (performance.now() - started) / 1000;
  const row2 = (name: string, xs: number[]) =>
    `  ${name.padEnd(28)} ${String(xs.length).padStart(6)} ${p(xs, 0.5).toFixed(1).padStart(8)} ${p(xs, 0.95).toFixed(1).padStart(8)} ${p(xs, 0.99).toFixed(1).padStart(8)}`;
  console.log(`\n  ${'request'.padEnd(28)} ${'count'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
  console.log(row2('GET /api/search', lat.search));
  console.log(row2('GET /api/tracks/{id}', lat.track));
  const ratio = p(lat.search, 0.95) / p(lat.track, 0.95);
  console.log(`\n  ${(REQUESTS / seconds).toFixed(0)} requests/s overall on ${TRACKS.toLocaleString('en-US')} tracks`);
  console.log(`  search p95 / get-track p95 = ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}): ${ratio <= TARGET_RATIO ? 'PASS' : 'FAIL'}`);

  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await c.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exitCode = ratio <= TARGET_RATIO ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
