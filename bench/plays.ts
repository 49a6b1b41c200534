/**
 * Play ingestion: batches of 500 plays posted through the API by concurrent clients, against
 * a baseline of the same rows written by plain multi-row INSERTs from this process, in the same
 * run and on the same PostgreSQL database. Then every batch is sent again and the table is
 * checked for duplicates.
 *
 *   npm run bench:plays
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/rhythmo_bench CLIENTS=10 BATCHES=20 ROUNDS=3 npm run bench:plays
 *
 * The database named by BENCH_DATABASE_URL is wiped: its name must contain "bench".
 */
import 'reflect-metadata';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createContainer } from '../src/container.js';
import { createApp } from '../src/http/app.js';
import { SYSTEM } from '../src/shared/actor.js';
import { newId } from '../src/shared/ids.js';
import { makeArtist, makeTrack } from '../test/support/fixtures.js';
import { benchConfig, ensureBenchDatabase, median } from './support.js';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rhythmo_bench';
const CLIENTS = Number(process.env.CLIENTS ?? 10);
const BATCHES = Number(process.env.BATCHES ?? 20);
const BATCH_SIZE = 500;
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const TRACKS = 200;

interface Play {
  clientPlayId: string;
  trackId: string;
  startedAt: string;
  msPlayed: number;
}

const COLUMNS = ['id', 'user_id', 'track_id', 'started_at', 'ms_played', 'completed', 'source', 'client_play_id', 'created_at'];

const ensureDatabase = () => ensureBenchDatabase(url);

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main() {
  await ensureDatabase();
  const config = benchConfig(url, { DB_POOL_MAX: String(CLIENTS + 2) });
  const container = createContainer(config);
  await container.db.reset();

  // Catalog and listeners.
  const artist = await makeArtist();
  const tracks: { id: string; durationMs: number }[] = [];
  for (let i = 0; i < TRACKS; i++) tracks.push(await makeTrack({ artistIds: [artist.id], durationMs: 120_000 + ((i * 7919) % 180_000) }));
  const users: { id: string; token: string }[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const username = `bench${i}`;
    const password = `bench-password-${i}-long`;
    const u = await container.services.users.create(SYSTEM, { email: `${username}@example.com`, username, password, role: 'listener' });
    const s = await container.services.auth.login({ login: username, password });
    users.push({ id: u.id, token: s.accessToken });
  }

  // The same batches feed both paths: client c sends batches[c][0..BATCHES-1].
  const now = Date.now();
  const batches: Play[][][] = users.map((_, c) =>
    Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: BATCH_SIZE }, (_, k) => {
        const track = tracks[(c * 31 + b * 17 + k) % tracks.length]!;
        return {
          clientPlayId: `c${c}-b${b}-p${k}`,
          trackId: track.id,
          startedAt: new Date(now - (b * BATCH_SIZE + k) * 60_000 - c * 1000).toISOString(),
          msPlayed: (k * 4099) % track.durationMs,
        };
      }),
    ),
  );
  const totalRows = CLIENTS * BATCHES * BATCH_SIZE;

  const pool = new pg.Pool({ connectionString: url, max: CLIENTS });
  const truncate = () => pool.query('TRUNCATE plays');

  /** Baseline: one plain multi-row INSERT per batch, CLIENTS connections side by side. */
  async function baseline(): Promise<number> {
    const durations = new Map(tracks.map((t) => [t.id, t.durationMs]));
    const start = process.hrtime.bigint();
    await Promise.all(
      users.map(async (u, c) => {
        for (const batch of batches[c]!) {
          const values: unknown[] = [];
          const tuples = batch.map((p) => {
            const base = values.length;
            const d = durations.get(p.trackId)!;
            values.push(newId(), u.id, p.trackId, p.startedAt, p.msPlayed, p.msPlayed >= 0.9 * d, null, p.clientPlayId, new Date());
            return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`;
          });
          await pool.query(`INSERT INTO plays (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, values);
        }
      }),
    );
    return Number(process.hrtime.bigint() - start) / 1e9;
  }

  const app = createApp(container, { validateResponses: false });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function send(token: string, plays: Play[]) {
    const res = await fetch(`${base}/api/me/plays`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ plays }),
    });
    if (res.status !== 202) throw new Error(`POST /api/me/plays answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { accepted: number; duplicates: number };
  }

  /** The API: CLIENTS clients, each posting its batches one after another. */
  async function api(): Promise<{ seconds: number; accepted: number; duplicates: number }> {
    let accepted = 0;
    let duplicates = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      users.map(async (u, c) => {
        for (const batch of batches[c]!) {
          const r = await send(u.token, batch);
          accepted += r.accepted;
          duplicates += r.duplicates;
        }
      }),
    );
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, accepted, duplicates };
  }

  const baseRates: number[] = [];
  const apiRates: number[] = [];
  console.log(`plays benchmark: ${CLIENTS} clients x ${BATCHES} batches x ${BATCH_SIZE} plays = ${fmt(totalRows)} rows per run, PostgreSQL, ${ROUNDS} rounds after a warm-up round`);
  // Round 0 warms both paths up (JIT, connection pools, plan caches) and is not counted.
  for (let round = 0; round <= ROUNDS; round++) {
    const b = await baseline();
    await truncate();
    await pool.query('VACUUM ANALYZE plays');
    const a = await api();
    if (a.accepted !== totalRows || a.duplicates !== 0) throw new Error(`API stored ${a.accepted} of ${totalRows} (${a.duplicates} duplicates)`);
    if (round > 0) {
      baseRates.push(totalRows / b);
      apiRates.push(totalRows / a.seconds);
    }
    console.log(`${round === 0 ? 'warm-up' : `round ${round}`}: baseline ${fmt(totalRows / b)} rows/s (${b.toFixed(2)} s), API ${fmt(totalRows / a.seconds)} rows/s (${a.seconds.toFixed(2)} s), ratio ${((totalRows / a.seconds) / (totalRows / b)).toFixed(2)}`);
    if (round < ROUNDS) {
      await truncate();
      await pool.query('VACUUM ANALYZE plays');
    }
  }

  // Resend everything from the last round: nothing new may be stored.
  const again = await api();
  const { rows: [counts] } = await pool.query<{ total: string; dup: string }>(
    `SELECT (SELECT COUNT(*) FROM plays) AS total,
            (SELECT COUNT(*) FROM (SELECT 1 FROM plays GROUP BY user_id, client_play_id HAVING COUNT(*) > 1) d) AS dup`,
  );
  // Rounds are paired (baseline then API, back to back), so the median of the per-round ratios is
  // the least sensitive to whatever else the machine is doing; the medians of the rates are shown too.
  const ratio = median(apiRates.map((a, i) => a / baseRates[i]!));
  console.log('');
  console.log(`baseline (plain multi-row INSERT): ${fmt(median(baseRates))} rows/s (median)`);
  console.log(`API (POST /api/me/plays):          ${fmt(median(apiRates))} rows/s (median)`);
  console.log(`ratio API/baseline: ${ratio.toFixed(2)} (median of the per-round ratios; target >= 0.40) ${ratio >= 0.4 ? 'PASS' : 'FAIL'}`);
  console.log(`resend: accepted ${again.accepted}, duplicates ${fmt(again.duplicates)}; rows stored ${fmt(Number(counts!.total))} of ${fmt(totalRows)}; duplicate (user, clientPlayId) groups ${counts!.dup}`);
  const ok = ratio >= 0.4 && again.accepted === 0 && again.duplicates === totalRows && Number(counts!.total) === totalRows && Number(counts!.dup) === 0;

  await new Promise((resolve) => server.close(resolve));
  await pool.end();
  await container.close();
  fs.rmSync(config.dataDir, { recursive: true, force: true });
  process.exitCode = ok ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
