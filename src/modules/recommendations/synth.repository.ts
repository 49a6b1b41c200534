import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '../../db/index.js';
import { insertRows, withIndexesRebuilt, type Column } from './bulk-insert.js';
import type { SynthData } from './synth.js';
import type { SynthIds, SynthRepository } from './recommendation.types.js';

/** Writes synthetic worlds straight into the tables, in large batches (benchmarks and evaluation only). */
export class SequelizeSynthRepository implements SynthRepository {
  constructor(private readonly db: Database) {}

  private select<T extends object>(sql: string, replacements: Record<string, unknown> = {}): Promise<T[]> {
    return this.db.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements });
  }

  async usernamesTaken(prefix: string) {
    return (await this.select('SELECT 1 AS one FROM users WHERE username_key LIKE :p LIMIT 1', { p: `${prefix.toLowerCase()}%` })).length > 0;
  }

  async insertSynth(d: SynthData, ids: SynthIds, onProgress?: (table: string, done: number, total: number) => void) {
    const now = ids.now;
    const stamp = (n: number) => Array<Date>(n).fill(now);
    const genreIds = d.genres.map(() => ids.uuid());
    const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    // genres are shared with the real catalog by name
    const existing = await this.select<{ id: string; name: string }>('SELECT id, name FROM genres WHERE name IN (:names)', { names: d.genres });
    const newGenres: number[] = [];
    d.genres.forEach((name, g) => {
      const found = existing.find((e) => e.name === name);
      if (found) genreIds[g] = found.id;
      else newGenres.push(g);
    });
    const counts: Record<string, number> = {};
    const put = async (table: string, columns: Column[], data: unknown[][]) => {
      await insertRows(this.db.sequelize, this.db.dialect, table, columns, data);
      counts[table] = (counts[table] ?? 0) + (data[0]?.length ?? 0);
      onProgress?.(table, counts[table]!, counts[table]!);
    };
    const uuid: Column = { name: '', pg: 'uuid' };
    const col = (name: string, pg: string): Column => ({ name, pg });
    await put('genres', [{ ...uuid, name: 'id' }, col('name', 'text'), col('slug', 'text'), col('created_at', 'timestamptz'), col('updated_at', 'timestamptz')], [
      newGenres.map((g) => genreIds[g]),
      newGenres.map((g) => d.genres[g]),
      newGenres.map((g) => slug(d.genres[g]!)),
      stamp(newGenres.length),
      stamp(newGenres.length),
    ]);
    const artistIds = d.artists.map(() => ids.uuid());
    await put('artists', [{ ...uuid, name: 'id' }, col('name', 'text'), col('slug', 'text'), col('created_at', 'timestamptz'), col('updated_at', 'timestamptz')], [
      artistIds,
      d.artists.map((a) => a.name),
      d.artists.map((a, i) => `${ids.prefix}-${slug(a.name)}-${i}`),
      stamp(d.artists.length),
      stamp(d.artists.length),
    ]);
    await put('artist_genres', [{ ...uuid, name: 'artist_id' }, { ...uuid, name: 'genre_id' }], [artistIds, d.artists.map((a) => genreIds[a.genre])]);
    const trackIds = d.tracks.map(() => ids.uuid());
    const T = d.tracks.length;
    // the catalog's rating counters must agree with the ratings inserted below
    const ratingCount = new Map<number, number>();
    const ratingSum = new Map<number, number>();
    for (const [, t, score] of d.ratings) {
      ratingCount.set(t, (ratingCount.get(t) ?? 0) + 1);
      ratingSum.set(t, (ratingSum.get(t) ?? 0) + score);
    }
    const shas = trackIds.map((id) => `${id.replace(/-/g, '')}${'0'.repeat(32)}`);
    await put(
      'tracks',
      [
        { ...uuid, name: 'id' }, col('title', 'text'), col('duration_ms', 'int'), col('audio_key', 'text'), col('audio_mime', 'text'), col('audio_codec', 'text'),
        col('audio_bitrate', 'int'), col('audio_sample_rate', 'int'), col('audio_channels', 'int'), col('audio_size_bytes', 'int8'), col('audio_sha256', 'text'),
        col('rating_count', 'int'), col('rating_sum', 'int'), col('created_at', 'timestamptz'), col('updated_at', 'timestamptz'),
      ],
      [
        trackIds,
        d.tracks.map((t) => t.title),
        d.tracks.map((t) => t.durationMs),
        shas.map((s) => `audio/synthetic/${s}.mp3`),
        Array(T).fill('audio/mpeg'),
        Array(T).fill('MPEG 1 Layer 3'),
        Array(T).fill(192000),
        Array(T).fill(44100),
        Array(T).fill(2),
        d.tracks.map((t) => Math.round(t.durationMs * 24)),
        shas,
        d.tracks.map((_, i) => ratingCount.get(i) ?? 0),
        d.tracks.map((_, i) => ratingSum.get(i) ?? 0),
        stamp(T),
        stamp(T),
      ],
    );
    await put('track_artists', [{ ...uuid, name: 'track_id' }, { ...uuid, name: 'artist_id' }, col('position', 'int'), col('role', 'text')], [
      trackIds,
      d.tracks.map((t) => artistIds[t.artist]),
      Array(T).fill(0),
      Array(T).fill('main'),
    ]);
    await put('track_genres', [{ ...uuid, name: 'track_id' }, { ...uuid, name: 'genre_id' }], [trackIds, d.tracks.map((t) => genreIds[t.genre])]);
    const userIds = Array.from({ length: d.users }, () => ids.uuid());
    const names = userIds.map((_, u) => `${ids.prefix}${u}`);
    await put(
      'users',
      [
        { ...uuid, name: 'id' }, col('email', 'text'), col('username', 'text'), col('username_key', 'text'), col('display_name', 'text'), col('password_hash', 'text'),
        col('role', 'text'), col('status', 'text'), col('created_at', 'timestamptz'), col('updated_at', 'timestamptz'),
      ],
      [
        userIds,
        names.map((n) => `${n}@synthetic.invalid`),
        names,
        names.map((n) => n.toLowerCase()),
        names.map((n) => `Listener ${n}`),
        // not a valid hash, so nobody can log in as a synthetic user
        Array(d.users).fill('!synthetic'),
        Array(d.users).fill('listener'),
        Array(d.users).fill('active'),
        stamp(d.users),
        stamp(d.users),
      ],
    );
    const p = d.plays;
    const P = p.user.length;
    const chunk = 100_000;
    const plays = async (t?: Transaction) => {
      for (let s = 0; s < P; s += chunk) {
        const e = Math.min(P, s + chunk);
        const n = e - s;
        const id = new Array<string>(n);
        const user = new Array<string>(n);
        const track = new Array<string>(n);
        const started = new Array<Date>(n);
        const ms = new Array<number>(n);
        const done = new Array<boolean>(n);
        const client = new Array<string>(n);
        for (let k = 0; k < n; k++) {
          id[k] = ids.sequential(s + k);
          user[k] = userIds[p.user[s + k]!]!;
          track[k] = trackIds[p.track[s + k]!]!;
          started[k] = new Date(p.startedAt[s + k]!);
          ms[k] = p.msPlayed[s + k]!;
          done[k] = p.completed[s + k] === 1;
          client[k] = `synth-${s + k}`;
        }
        await insertRows(this.db.sequelize, this.db.dialect, 
          'plays',
          [
            { ...uuid, name: 'id' }, { ...uuid, name: 'user_id' }, { ...uuid, name: 'track_id' }, col('started_at', 'timestamptz'), col('ms_played', 'int'),
            col('completed', 'bool'), col('source', 'text'), col('client_play_id', 'text'), col('created_at', 'timestamptz'),
          ],
          [id, user, track, started, ms, done, Array(n).fill('synthetic'), client, started],
          t,
        );
        counts.plays = (counts.plays ?? 0) + n;
        onProgress?.('plays', counts.plays, P);
      }
    };
    // millions of plays: PostgreSQL loads them faster with the secondary indexes rebuilt once
    if (this.db.dialect === 'postgres' && P >= 100_000) await this.db.sequelize.transaction((t) => withIndexesRebuilt(this.db.sequelize, 'plays', t, () => plays(t)));
    else await plays();
    await put('liked_tracks', [{ ...uuid, name: 'user_id' }, { ...uuid, name: 'track_id' }, col('created_at', 'timestamptz')], [
      d.likes.map(([u]) => userIds[u]),
      d.likes.map(([, t]) => trackIds[t]),
      stamp(d.likes.length),
    ]);
    await put('ratings', [{ ...uuid, name: 'user_id' }, { ...uuid, name: 'track_id' }, col('score', 'int2'), col('created_at', 'timestamptz'), col('updated_at', 'timestamptz')], [
      d.ratings.map(([u]) => userIds[u]),
      d.ratings.map(([, t]) => trackIds[t]),
      d.ratings.map(([, , s]) => s),
      stamp(d.ratings.length),
      stamp(d.ratings.length),
    ]);
    await put('artist_follows', [{ ...uuid, name: 'user_id' }, { ...uuid, name: 'artist_id' }, col('created_at', 'timestamptz')], [
      d.follows.map(([u]) => userIds[u]),
      d.follows.map(([, a]) => artistIds[a]),
      stamp(d.follows.length),
    ]);
    return counts;
  }
}
