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
import { createHash } from 'node:crypto';
import { createContainer, type Container } from '../src/container.js';
import { createApp } from '../src/http/app.js';
import { SYSTEM } from '../src/shared/actor.js';
import { newId } from '../src/shared/ids.js';
import { nameKey, slugify } from '../src/modules/catalog/index.js';
import { benchConfig, ensureBenchDatabase } from './support.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/rhythmo_bench_search';
const TRACKS = Number(process.env.TRACKS ?? 200_000);
const CLIENTS = Number(process.env.CLIENTS ?? 8);
const REQUESTS = Number(process.env.REQUESTS ?? 4000);
const WARMUP = Number(process.env.WARMUP ?? 400);
const TARGET_RATIO = 3;
const BATCH = 2000;

/** Deterministic, so every run searches the same catalog with the same queries. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(42);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
/** Skewed towards the front of the list, as real word use is. */
const pickSkewed = <T>(xs: readonly T[]) => xs[Math.floor(xs.length * rand() ** 2)]!;

const REAL_WORDS = [
  'love', 'night', 'dawn', 'chorus', 'heart', 'blue', 'river', 'fire', 'summer', 'rain', 'light', 'dream', 'home', 'road', 'city',
  'midnight', 'golden', 'echo', 'shadow', 'ocean', 'forever', 'wild', 'silver', 'storm', 'garden', 'winter', 'stone', 'moon', 'star',
  'séance', 'café', 'über', 'niño', 'déjà', 'vu', 'fiancée', 'señorita', 'crème', 'северный', 'ветер', 'звезда', 'ночь', 'город', 'любовь',
];
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ne', 'to', 'su', 'vi', 'da', 'mo', 're', 'li', 'an', 'el', 'or', 'us', 'in', 'ba', 'ze', 'qu', 'shi', 'tor', 'mar', 'len'];
const VOCAB = [...REAL_WORDS, ...Array.from({ length: 4000 }, () => Array.from({ length: 2 + Math.floor(rand() * 2) }, () => pick(SYLLABLES)).join(''))];
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const phrase = (min: number, max: number) => Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, () => cap(pickSkewed(VOCAB))).join(' ');

const ensureDatabase = () => ensureBenchDatabase(url);

async function insertBatched(c: Container, table: string, rows: Record<string, unknown>[]) {
  const qi = c.db.sequelize.getQueryInterface();
  for (let i = 0; i < rows.length; i += BATCH) await qi.bulkInsert(table, rows.slice(i, i + BATCH));
}

/** Multi-row INSERTs straight into the tables: the catalog's rules are not what is measured here. */
async function generateCatalog(c: Container): Promise<void> {
  const started = performance.now();
  const now = Date.now();
  const at = (i: number) => new Date(now - i * 60_000);
  const genres = Array.from({ length: 120 }, (_, i) => {
    const name = i < 20 ? ['Rock', 'Pop', 'Jazz', 'Ambient', 'Électronique', 'Hip Hop', 'Folk', 'Classical', 'Metal', 'Soul', 'Blues', 'Reggae', 'Techno', 'House', 'Punk', 'Country', 'Латино', 'Funk', 'Disco', 'Indie'][i]! : `${cap(pick(VOCAB))} ${cap(pick(VOCAB))} ${i}`;
    return { id: newId(), name, slug: `${slugify(name)}-${i}`, created_at: at(0), updated_at: at(0) };
  });
  const artistCount = Math.max(10, Math.round(TRACKS / 10));
  const artists = Array.from({ length: artistCount }, (_, i) => {
    const name = `${phrase(1, 3)} ${i}`;
    return { id: newId(), name, name_key: nameKey(name), slug: `${slugify(name)}-${i}`, bio: null, created_at: at(i), updated_at: at(i) };
  });
  const albumCount = Math.max(10, Math.round(TRACKS / 8));
  const albums = Array.from({ length: albumCount }, (_, i) => ({
    id: newId(), title: phrase(1, 3), type: pick(['album', 'album', 'single', 'ep'] as const),
    release_date: `${1970 + Math.floor(rand() * 55)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`, created_at: at(i), updated_at: at(i),
  }));
  const albumArtist = albums.map((a) => ({ album_id: a.id, artist_id: pick(artists).id, position: 0 }));
  await insertBatched(c, 'genres', genres);
  await insertBatched(c, 'artists', artists);
  await insertBatched(c, 'albums', albums);
  await insertBatched(c, 'album_artists', albumArtist);
  for (let offset = 0; offset < TRACKS; offset += 20_000) {
    const n = Math.min(20_000, TRACKS - offset);
    const tracks = [], credits = [], tags = [];
    for (let j = 0; j < n; j++) {
      const i = offset + j;
      const id = newId();
      const sha = createHash('sha256').update(id).digest('hex');
      const album = rand() < 0.85 ? albumArtist[Math.floor(rand() * albumArtist.length)]! : null;
      tracks.push({
        id, title: phrase(1, 4), album_id: album?.album_id ?? null, disc_number: 1, track_number: 1 + (i % 14), duration_ms: 90_000 + Math.floor(rand() * 300_000),
        release_date: null, audio_key: `audio/${sha.slice(0, 2)}/${sha}.mp3`, audio_mime: 'audio/mpeg', audio_codec: 'MPEG 1 Layer 3', audio_bitrate: 320000,
        audio_sample_rate: 44100, audio_channels: 2, audio_size_bytes: 8_000_000, audio_sha256: sha, rating_count: 0, rating_sum: 0, created_at: at(i), updated_at: at(i),
      });
      const main = album ? album.artist_id : pick(artists).id;
      credits.push({ track_id: id, artist_id: main, position: 0, role: 'main' });
      if (rand() < 0.1) {
        const guest = pick(artists).id;
        if (guest !== main) credits.push({ track_id: id, artist_id: guest, position: 1, role: 'featured' });
      }
      tags.push({ track_id: id, genre_id: pickSkewed(genres).id });
    }
    await insertBatched(c, 'tracks', tracks);
    await insertBatched(c, 'track_artists', credits);
    await insertBatched(c, 'track_genres', tags);
    process.stdout.write(`\r  generated ${offset + n} / ${TRACKS} tracks`);
  }
  // Flushes the GIN pending lists the bulk load left behind, as autovacuum would in time.
  await c.db.sequelize.query('VACUUM ANALYZE');
  console.log(`\n  catalog generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** What people type: words, pairs, prefixes as they type, whole titles, and transposed letters. */
function makeQueries(titles: string[], n: number): string[] {
  const qs: string[] = [];
  for (let i = 0; i < n; i++) {
    const words = pick(titles).split(' ');
    const r = rand();
    if (r < 0.35) qs.push(pick(words));
    else if (r < 0.55) qs.push(words.slice(0, 2).join(' '));
    else if (r < 0.7) qs.push(pick(words).slice(0, 3 + Math.floor(rand() * 2)));
    else if (r < 0.8) qs.push(words.join(' '));
    else {
      const w = [...pick(words)];
      const k = Math.max(1, Math.floor(rand() * (w.length - 1)));
      [w[k - 1], w[k]] = [w[k]!, w[k - 1]!];
      qs.push(w.join(''));
    }
  }
  return qs;
}

const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function main() {
  await ensureDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-bench-search-'));
  const config = benchConfig(url, { DB_POOL_MAX: String(Math.max(10, CLIENTS + 2)) });
  const c = createContainer(config);
  await c.db.migrate();
  const [[row]] = (await c.db.sequelize.query("SELECT COUNT(*) AS n FROM tracks")) as [{ n: string }[], unknown];
  if (process.env.REGENERATE || Number(row!.n) !== TRACKS) {
    console.log(`Generating ${TRACKS.toLocaleString('en-US')} tracks in ${new URL(url).pathname.slice(1)} ...`);
    await c.db.reset();
    await generateCatalog(c);
  } else {
    console.log(`Reusing the ${TRACKS.toLocaleString('en-US')}-track catalog already in ${new URL(url).pathname.slice(1)} (REGENERATE=1 to rebuild)`);
  }

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
