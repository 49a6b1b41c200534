/**
 * Artist statistics: one artist's stats for a year by day, through the API, over PLAYS
 * generated plays (2,000,000 by default) on PostgreSQL, against the same aggregate (series,
 * totals, top tracks, followers, rating) written by hand as one SQL query, in the same run and
 * on the same database. Prints both medians and their ratio (target: API within 1.5x).
 *
 *   npm run bench:stats
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/rhythmo_bench_stats PLAYS=2000000 RUNS=20 npm run bench:stats
 *
 * The database named by BENCH_DATABASE_URL is wiped: its name must contain "bench".
 * Set KEEP_DATA=1 to reuse the plays of a previous run (same PLAYS).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createContainer } from '../src/container.js';
import { createApp } from '../src/http/app.js';
import { SYSTEM } from '../src/shared/actor.js';
import { makeArtist, makeTrack } from '../test/support/fixtures.js';
import { benchConfig, ensureBenchDatabase, median } from './support.js';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rhythmo_bench_stats';
const PLAYS = Number(process.env.PLAYS ?? 2_000_000);
const RUNS = Number(process.env.RUNS ?? 20);
const LISTENERS = 20_000;
const ARTISTS = 50;
const TRACKS_PER_ARTIST = 20;
/** The measured artist is a big one: a tenth of all tracks, so about a tenth of all plays. */
const STAR_TRACKS = 110;
const FROM = '2025-01-01';
const TO = '2026-01-01';

const ensureDatabase = () => ensureBenchDatabase(url);

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** The hand-written baseline: everything the endpoint returns, in one statement. */
const HAND_SQL = `
WITH p AS MATERIALIZED (
  SELECT p.user_id, p.track_id, p.ms_played, p.completed, date_trunc('day', p.started_at AT TIME ZONE 'UTC') AS day
  FROM plays p
  WHERE p.track_id IN (SELECT track_id FROM track_artists WHERE artist_id = $1) AND p.started_at >= $2 AND p.started_at < $3
), top AS (
  SELECT track_id, COUNT(*) AS plays, COUNT(DISTINCT user_id) AS listeners, SUM(ms_played) AS ms FROM p GROUP BY track_id ORDER BY plays DESC, track_id LIMIT 10
)
SELECT 'day' AS part, to_char(day, 'YYYY-MM-DD') AS key, COUNT(*) AS plays, COUNT(DISTINCT user_id) AS listeners, SUM(ms_played) AS ms,
       SUM(CASE WHEN completed THEN 1 ELSE 0 END) AS completed, NULL AS title
  FROM p GROUP BY GROUPING SETS ((day), ())
UNION ALL
SELECT 'top', top.track_id::text, top.plays, top.listeners, top.ms, NULL, t.title FROM top JOIN tracks t ON t.id = top.track_id
UNION ALL
SELECT 'follow', to_char(date_trunc('day', f.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD'), COUNT(*), NULL, NULL, NULL, NULL
  FROM artist_follows f WHERE f.artist_id = $1 AND f.created_at >= $2 AND f.created_at < $3 GROUP BY 2
UNION ALL
SELECT 'profile', NULL, (SELECT COUNT(*) FROM artist_follows WHERE artist_id = $1), SUM(t.rating_count), SUM(t.rating_sum), NULL, NULL
  FROM tracks t WHERE t.id IN (SELECT track_id FROM track_artists WHERE artist_id = $1)`;

async function main() {
  await ensureDatabase();
  const config = benchConfig(url);
  const container = createContainer(config);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const existing = process.env.KEEP_DATA
    ? await pool.query('SELECT COUNT(*)::int AS n FROM plays').then((r) => r.rows[0].n as number, () => 0)
    : 0;
  let star: { id: string };
  if (existing === PLAYS) {
    console.log(`reusing ${existing.toLocaleString('en-US')} plays`);
    star = (await pool.query("SELECT id FROM artists WHERE name = 'The Star'")).rows[0];
    await pool.query("DELETE FROM users WHERE username_key = 'benchadmin'");
  } else {
    await container.db.reset();
    const t0 = process.hrtime.bigint();
    star = await makeArtist({ name: 'The Star' });
    for (let i = 0; i < STAR_TRACKS; i++) await makeTrack({ title: `Star ${i}`, artistIds: [star.id] });
    for (let a = 0; a < ARTISTS; a++) {
      const artist = await makeArtist({ name: `Artist ${a}` });
      for (let i = 0; i < TRACKS_PER_ARTIST; i++) await makeTrack({ title: `Song ${a}-${i}`, artistIds: [artist.id] });
    }
    await pool.query(
      `INSERT INTO users (id, email, username, username_key, display_name, password_hash, role, status, created_at, updated_at)
       SELECT gen_random_uuid(), 'l' || g || '@bench.local', 'l' || g, 'l' || g, 'Listener ' || g, 'x', 'listener', 'active', now(), now()
       FROM generate_series(1, $1) g`,
      [LISTENERS],
    );
    // Plays spread over two years ending at TO; listeners and tracks picked by multiplicative
    // hashing of the row number, joined by position (hash joins: an array lookup per row would
    // detoast the whole array every time).
    await pool.query(
      `WITH u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM users),
            t AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM tracks),
            g AS (SELECT g, (g::bigint * 7919) % $2 AS ui, (g::bigint * 104729) % $3 AS ti FROM generate_series(1, $1) g)
       INSERT INTO plays (id, user_id, track_id, started_at, ms_played, completed, source, client_play_id, created_at)
       SELECT gen_random_uuid(), u.id, t.id,
              timestamptz '${TO}T00:00:00Z' - ((g.g::bigint * 7907) % (730 * 86400)) * interval '1 second',
              30000 + (g.g * 31) % 200000, g.g % 3 <> 0, NULL, 'b' || g.g, now()
       FROM g JOIN u ON u.i = g.ui JOIN t ON t.i = g.ti`,
      [PLAYS, LISTENERS, STAR_TRACKS + ARTISTS * TRACKS_PER_ARTIST],
    );
    await pool.query(
      `INSERT INTO artist_follows (user_id, artist_id, created_at)
       SELECT id, $1, timestamptz '${FROM}T00:00:00Z' + (row_number() OVER (ORDER BY id)) * interval '17 minutes' FROM users LIMIT 5000`,
      [star.id],
    );
    await pool.query('VACUUM ANALYZE');
    console.log(`generated ${PLAYS.toLocaleString('en-US')} plays in ${(ms(t0) / 1000).toFixed(1)} s`);
  }
  const starPlays = (await pool.query('SELECT COUNT(*)::int AS n FROM plays WHERE track_id IN (SELECT track_id FROM track_artists WHERE artist_id = $1) AND started_at >= $2 AND started_at < $3', [star.id, FROM, TO])).rows[0].n as number;

  const password = 'bench-admin-password-long';
  await container.services.users.create(SYSTEM, { email: 'benchadmin@example.com', username: 'benchadmin', password, role: 'admin' });
  const { accessToken } = await container.services.auth.login({ login: 'benchadmin', password });
  const app = createApp(container, { validateResponses: false });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/artists/${star.id}/stats?from=${FROM}&to=${TO}&interval=day`;

  async function viaApi() {
    const start = process.hrtime.bigint();
    const res = await fetch(endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
    const body = (await res.json()) as { totals: { plays: number }; series: unknown[] };
    if (res.status !== 200) throw new Error(`stats answered ${res.status}: ${JSON.stringify(body)}`);
    return { ms: ms(start), plays: body.totals.plays, buckets: body.series.length };
  }
  async function byHand() {
    const start = process.hrtime.bigint();
    const { rows } = await pool.query(HAND_SQL, [star.id, `${FROM}T00:00:00Z`, `${TO}T00:00:00Z`]);
    const totals = rows.find((r) => r.part === 'day' && r.key === null);
    return { ms: ms(start), plays: Number(totals.plays), buckets: rows.filter((r) => r.part === 'day' && r.key !== null).length };
  }

  // Warm both paths (plans, caches, connections), and check they agree.
  for (let i = 0; i < 3; i++) {
    const [a, b] = [await viaApi(), await byHand()];
    if (a.plays !== b.plays || a.plays !== starPlays) throw new Error(`API counted ${a.plays} plays, the query ${b.plays}, COUNT(*) ${starPlays}`);
  }
  const api: number[] = [];
  const hand: number[] = [];
  // Interleaved, so drift (autovacuum, caches) hits both alike.
  for (let i = 0; i < RUNS; i++) {
    api.push((await viaApi()).ms);
    hand.push((await byHand()).ms);
  }
  const apiMedian = median(api);
  const handMedian = median(hand);
  const ratio = apiMedian / handMedian;
  console.log(`artist stats, one year by day: ${starPlays.toLocaleString('en-US')} of ${PLAYS.toLocaleString('en-US')} plays, ${RUNS} runs each`);
  console.log(`  API  GET /api/artists/{id}/stats   median ${apiMedian.toFixed(1)} ms  (min ${Math.min(...api).toFixed(1)}, max ${Math.max(...api).toFixed(1)})`);
  console.log(`  SQL  one hand-written query         median ${handMedian.toFixed(1)} ms  (min ${Math.min(...hand).toFixed(1)}, max ${Math.max(...hand).toFixed(1)})`);
  console.log(`  ratio API / SQL: ${ratio.toFixed(2)}x (target <= 1.5x) ${ratio <= 1.5 ? 'OK' : 'OVER TARGET'}`);

  server.close();
  await pool.end();
  await container.close();
  fs.rmSync(config.dataDir, { recursive: true, force: true });
  process.exitCode = ratio <= 1.5 ? 0 : 1;
}

await main();
