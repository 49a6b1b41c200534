/**
 * The generated catalog the API benchmarks read (bench:search, bench:api): deterministic words,
 * titles and queries, loaded with multi-row INSERTs straight into the tables, since the
 * catalog's rules are not what they measure. Kept between runs: a database that already holds a
 * catalog of the requested size is reused.
 */
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import type { Container } from '../src/container.js';
import { newId } from '../src/shared/ids.js';
import { nameKey, slugify } from '../src/modules/catalog/index.js';

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

async function insertBatched(c: Container, table: string, rows: Record<string, unknown>[]) {
  const qi = c.db.sequelize.getQueryInterface();
  for (let i = 0; i < rows.length; i += BATCH) await qi.bulkInsert(table, rows.slice(i, i + BATCH));
}

async function generateCatalog(c: Container, trackCount: number): Promise<void> {
  const started = performance.now();
  const now = Date.now();
  const at = (i: number) => new Date(now - i * 60_000);
  const genres = Array.from({ length: 120 }, (_, i) => {
    const name = i < 20 ? ['Rock', 'Pop', 'Jazz', 'Ambient', 'Électronique', 'Hip Hop', 'Folk', 'Classical', 'Metal', 'Soul', 'Blues', 'Reggae', 'Techno', 'House', 'Punk', 'Country', 'Латино', 'Funk', 'Disco', 'Indie'][i]! : `${cap(pick(VOCAB))} ${cap(pick(VOCAB))} ${i}`;
    return { id: newId(), name, slug: `${slugify(name)}-${i}`, created_at: at(0), updated_at: at(0) };
  });
  const artistCount = Math.max(10, Math.round(trackCount / 10));
  const artists = Array.from({ length: artistCount }, (_, i) => {
    const name = `${phrase(1, 3)} ${i}`;
    return { id: newId(), name, name_key: nameKey(name), slug: `${slugify(name)}-${i}`, bio: null, created_at: at(i), updated_at: at(i) };
  });
  const albumCount = Math.max(10, Math.round(trackCount / 8));
  const albums = Array.from({ length: albumCount }, (_, i) => ({
    id: newId(), title: phrase(1, 3), type: pick(['album', 'album', 'single', 'ep'] as const),
    release_date: `${1970 + Math.floor(rand() * 55)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`, created_at: at(i), updated_at: at(i),
  }));
  const albumArtist = albums.map((a) => ({ album_id: a.id, artist_id: pick(artists).id, position: 0 }));
  await insertBatched(c, 'genres', genres);
  await insertBatched(c, 'artists', artists);
  await insertBatched(c, 'albums', albums);
  await insertBatched(c, 'album_artists', albumArtist);
  for (let offset = 0; offset < trackCount; offset += 20_000) {
    const n = Math.min(20_000, trackCount - offset);
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
    process.stdout.write(`\r  generated ${offset + n} / ${trackCount} tracks`);
  }
  // Flushes the GIN pending lists the bulk load left behind, as autovacuum would in time.
  await c.db.sequelize.query(c.db.dialect === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
  console.log(`\n  catalog generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Migrates, then fills the database with a catalog of trackCount tracks unless it already holds
 * one of that size (or regenerate is set). The database is wiped first when it is filled.
 */
export async function ensureCatalog(c: Container, trackCount: number, opts: { regenerate?: boolean; name: string }): Promise<void> {
  await c.db.migrate();
  const [[row]] = (await c.db.sequelize.query('SELECT COUNT(*) AS n FROM tracks')) as [{ n: string }[], unknown];
  if (opts.regenerate || Number(row!.n) !== trackCount) {
    console.log(`Generating ${trackCount.toLocaleString('en-US')} tracks in ${opts.name} ...`);
    await c.db.reset();
    await generateCatalog(c, trackCount);
  } else {
    console.log(`Reusing the ${trackCount.toLocaleString('en-US')}-track catalog already in ${opts.name} (REGENERATE=1 to rebuild)`);
  }
}

/** What people type: words, pairs, prefixes as they type, whole titles, and transposed letters. */
export function makeQueries(titles: string[], n: number): string[] {
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
