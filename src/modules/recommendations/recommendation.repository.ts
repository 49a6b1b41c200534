import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '../../db/index.js';
import { rawReads } from '../../db/raw-query.js';
import { isUuid } from '../../shared/ids.js';
import { sharedInt32 } from './engine/csr.js';
import type { PlayAggregate } from './engine/dataset.js';
import { RecommendationRunModel } from './recommendation-run.model.js';
import type {
  CatalogIndex,
  GeneratedPlaylistRecord,
  OutputWriter,
  ReasonNames,
  RecommendationList,
  RecommendationRepository,
  RunRecord,
} from './recommendation.types.js';
import { insertRows, type Column } from './bulk-insert.js';
import { LOW_RATING } from '../ratings/index.js';

/** Raw SQLite rows carry dates as text ("2025-01-01 10:00:00.000 +00:00"); PostgreSQL gives Dates. */
const asDate = (v: unknown): Date => {
  if (v instanceof Date) return v;
  const s = String(v).replace(' ', 'T').replace(' ', '');
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`);
};

/** Share of a play that was heard, capped at 1 (a track with no known duration counts whole). */
const FRACTION = `CASE WHEN t.duration_ms <= 0 OR p.ms_played >= t.duration_ms THEN 1.0 ELSE CAST(p.ms_played AS DOUBLE PRECISION) / t.duration_ms END`;

export class SequelizeRecommendationRepository implements RecommendationRepository {
  constructor(private readonly db: Database) {}

  private select<T extends object>(sql: string, replacements: Record<string, unknown> | unknown[] = {}, transaction?: Transaction): Promise<T[]> {
    return this.db.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements, transaction });
  }

  async loadCatalog(): Promise<CatalogIndex> {
    const tracks = await this.select<{ id: string; title: string; duration_ms: number }>('SELECT id, title, duration_ms FROM tracks ORDER BY id');
    const artists = await this.select<{ id: string; name: string }>('SELECT id, name FROM artists ORDER BY id');
    const genres = await this.select<{ id: string; name: string }>('SELECT id, name FROM genres ORDER BY name');
    const trackIndex = new Map(tracks.map((t, i) => [t.id, i]));
    const artistIndex = new Map(artists.map((a, i) => [a.id, i]));
    const genreIndex = new Map(genres.map((g, i) => [g.id, i]));
    const trackArtist = sharedInt32(tracks.length).fill(-1).subarray(0, tracks.length);
    const trackGenre = sharedInt32(tracks.length).fill(-1).subarray(0, tracks.length);
    const firstPosition = new Float64Array(tracks.length).fill(Infinity);
    for (const r of await this.select<{ track_id: string; artist_id: string; position: number }>('SELECT track_id, artist_id, position FROM track_artists')) {
      const i = trackIndex.get(r.track_id);
      const a = artistIndex.get(r.artist_id);
      if (i === undefined || a === undefined || Number(r.position) >= firstPosition[i]!) continue;
      firstPosition[i] = Number(r.position);
      trackArtist[i] = a;
    }
    for (const r of await this.select<{ track_id: string; genre_id: string }>('SELECT track_id, genre_id FROM track_genres')) {
      const i = trackIndex.get(r.track_id);
      const g = genreIndex.get(r.genre_id);
      // the first genre by name stands for the track, so mixes and fallbacks are stable
      if (i !== undefined && g !== undefined && (trackGenre[i]! < 0 || g < trackGenre[i]!)) trackGenre[i] = g;
    }
    return {
      trackIds: tracks.map((t) => t.id),
      trackTitles: tracks.map((t) => t.title),
      trackDurations: Int32Array.from(tracks.map((t) => Number(t.duration_ms))),
      trackArtist,
      trackGenre,
      artistIds: artists.map((a) => a.id),
      artistNames: artists.map((a) => a.name),
      genreIds: genres.map((g) => g.id),
      genreNames: genres.map((g) => g.name),
    };
  }

  async listUserIds(): Promise<string[]> {
    return (await this.select<{ id: string }>("SELECT id FROM users WHERE status = 'active' ORDER BY id")).map((r) => r.id);
  }

  async resolveUsers(refs: string[]) {
    const ids = refs.filter(isUuid);
    const names = refs.map((r) => r.toLowerCase());
    const rows = await this.select<{ id: string; username_key: string }>(
      `SELECT id, username_key FROM users WHERE username_key IN (:names)${ids.length ? ' OR id IN (:ids)' : ''}`,
      { names, ids },
    );
    return refs.map((ref) => ({
      ref,
      id: rows.find((r) => r.id === ref.toLowerCase() || r.username_key === ref.toLowerCase())?.id ?? null,
    }));
  }

  async readSignals(
    catalog: CatalogIndex,
    userIds: string[],
    opts: { pageSize: number; holdout?: boolean; until?: string | null },
    onPage: Parameters<RecommendationRepository['readSignals']>[3],
  ): Promise<void> {
    const users = new Map(userIds.map((id, i) => [id, i]));
    const tracks = new Map(catalog.trackIds.map((id, i) => [id, i]));
    const artists = new Map(catalog.artistIds.map((id, i) => [id, i]));
    const train = 'r.rn * 5 <= r.cnt * 4';
    const playsSql = opts.holdout
      ? `WITH r AS (
           SELECT p.user_id, p.track_id, ${FRACTION} AS f,
             ROW_NUMBER() OVER (PARTITION BY p.user_id ORDER BY p.started_at, p.id) AS rn,
             COUNT(*) OVER (PARTITION BY p.user_id) AS cnt
           FROM plays p JOIN tracks t ON t.id = p.track_id
           WHERE p.counted AND p.user_id >= :lo AND (:hi IS NULL OR p.user_id < :hi))
         SELECT r.user_id AS u, r.track_id AS t, SUM(CASE WHEN ${train} THEN 1 ELSE 0 END) AS n,
           SUM(CASE WHEN ${train} THEN r.f ELSE 0 END) AS f, SUM(CASE WHEN ${train} THEN 0 ELSE 1 END) AS h
         FROM r GROUP BY r.user_id, r.track_id`
      : `SELECT p.user_id AS u, p.track_id AS t, COUNT(*) AS n, SUM(${FRACTION}) AS f, 0 AS h
         FROM plays p JOIN tracks t ON t.id = p.track_id
         WHERE p.counted AND p.user_id >= :lo AND (:hi IS NULL OR p.user_id < :hi)
         GROUP BY p.user_id, p.track_id`;
    const range = 'user_id >= :lo AND (:hi IS NULL OR user_id < :hi)';
    for (let start = 0; start < userIds.length; start += opts.pageSize) {
      const end = Math.min(userIds.length, start + opts.pageSize);
      const bounds = { lo: userIds[start], hi: end < userIds.length ? userIds[end] : (opts.until ?? null) };
            const plays: PlayAggregate[] = [];
      const relevant: { user: number; track: number }[] = [];
      for (const r of await this.select<{ u: string; t: string; n: number | string; f: number | string; h: number | string }>(this.typed(playsSql), bounds)) {
        const user = users.get(r.u);
        const track = tracks.get(r.t);
        if (user === undefined || track === undefined) continue;
        const n = Number(r.n);
        if (n > 0) plays.push({ user, track, plays: n, fraction: Number(r.f) });
        else if (Number(r.h) > 0) relevant.push({ user, track });
      }
      const pick = async (sql: string) => this.select<Record<string, string | number>>(this.typed(sql), bounds);
      const likes: { user: number; track: number }[] = [];
      const ratings: { user: number; track: number; score: number }[] = [];
      const follows: { user: number; artist: number }[] = [];
      if (!opts.holdout) {
        for (const r of await pick(`SELECT user_id, track_id FROM liked_tracks WHERE ${range}`)) {
          const user = users.get(r.user_id as string);
          const track = tracks.get(r.track_id as string);
          if (user !== undefined && track !== undefined) likes.push({ user, track });
        }
        for (const r of await pick(`SELECT user_id, track_id, score FROM ratings WHERE ${range}`)) {
          const user = users.get(r.user_id as string);
          const track = tracks.get(r.track_id as string);
          if (user !== undefined && track !== undefined) ratings.push({ user, track, score: Number(r.score) });
        }
        for (const r of await pick(`SELECT user_id, artist_id FROM artist_follows WHERE ${range}`)) {
          const user = users.get(r.user_id as string);
          const artist = artists.get(r.artist_id as string);
          if (user !== undefined && artist !== undefined) follows.push({ user, artist });
        }
      }
      onPage({ start, end, plays, likes, ratings, follows, relevant });
    }
  }

  /** PostgreSQL cannot infer the type of a bare `:hi IS NULL`; say it is a uuid. */
  private typed(sql: string): string {
    return this.db.dialect === 'postgres' ? sql.replace(/:hi IS NULL/g, 'CAST(:hi AS uuid) IS NULL') : sql;
  }

  async createRun(run: Pick<RunRecord, 'id' | 'algorithm' | 'parameters' | 'startedAt'>) {
    await RecommendationRunModel.create({ ...run, status: 'running' });
  }

  async finishRun(id: string, patch: Pick<RunRecord, 'status' | 'metrics' | 'counts' | 'timings' | 'error' | 'finishedAt'>) {
    await RecommendationRunModel.update({ ...patch }, { where: { id } });
  }

  async lastRun(): Promise<RunRecord | null> {
    const m = await RecommendationRunModel.findOne({ order: [['startedAt', 'DESC']] });
    return m && (m.get({ plain: true }) as RunRecord);
  }

  async replaceOutputs(
    runId: string,
    scope: { userIds: string[] | null; similarities: boolean },
    at: Date,
    fill: (w: OutputWriter) => Promise<void>,
  ): Promise<void> {
    await this.db.sequelize.transaction(async (t) => {
      const q = (sql: string, replacements: Record<string, unknown> = {}) => this.db.sequelize.query(sql, { replacements, transaction: t });
      // DELETE rather than TRUNCATE: TRUNCATE would lock readers out until the run commits
      if (scope.userIds === null) {
        await q('DELETE FROM recommendation_lists');
        await q("DELETE FROM playlists WHERE kind = 'generated'");
      } else {
        for (let s = 0; s < scope.userIds.length; s += 500) {
          const ids = scope.userIds.slice(s, s + 500);
          await q('DELETE FROM recommendation_lists WHERE user_id IN (:ids)', { ids });
          await q("DELETE FROM playlists WHERE owner_id IN (:ids) AND kind = 'generated'", { ids });
        }
      }
      if (scope.similarities) await q('DELETE FROM track_similarity_lists');
      const run = (n: number) => Array<string>(n).fill(runId);
      const stamp = (n: number) => Array<Date>(n).fill(at);
      const text = (name: string): Column => ({ name, pg: 'text' });
      const uuid = (name: string): Column => ({ name, pg: 'uuid' });
      await fill({
        recommendations: (b) =>
          insertRows(
            this.db.sequelize,
            this.db.dialect,
            'recommendation_lists',
            [uuid('user_id'), uuid('run_id'), text('track_ids'), text('scores'), text('reasons'), text('reason_refs')],
            [b.userId, run(b.userId.length), b.trackIds, b.scores, b.reasons, b.reasonRefs],
            t,
            { wide: true },
          ),
        similarities: (b) =>
          insertRows(
            this.db.sequelize,
            this.db.dialect,
            'track_similarity_lists',
            [uuid('track_id'), uuid('run_id'), text('track_ids'), text('scores')],
            [b.trackId, run(b.trackId.length), b.trackIds, b.scores],
            t,
            { wide: true },
          ),
        playlists: (b) => {
          const n = b.id.length;
          return insertRows(
            this.db.sequelize,
            this.db.dialect,
            'playlists',
            [
              uuid('id'), uuid('owner_id'), text('name'), text('description'), text('visibility'), text('kind'), { name: 'track_count', pg: 'int' },
              { name: 'duration_ms', pg: 'int8' }, text('generated_track_ids'), { name: 'created_at', pg: 'timestamptz' }, { name: 'updated_at', pg: 'timestamptz' },
            ],
            [b.id, b.ownerId, b.name, b.description, Array(n).fill('private'), Array(n).fill('generated'), b.trackCount, b.durationMs, b.trackIds, stamp(n), stamp(n)],
            t,
            { wide: true },
          );
        },
      });
    });
  }

  /**
   * The stored list minus the tracks the user has rated 1 or 2 since the run, in the same
   * query, so a low rating acts at once. Items keep their rank in the stored list, which keeps
   * cursors valid when a track drops out between two pages.
   */
  async readRecommendations(userId: string): Promise<RecommendationList | null> {
    // Every GET /api/me/recommendations: through the driver (src/db/raw-query.ts).
    const [row] = await rawReads(this.db.sequelize).select<{ track_ids: string; scores: string; reasons: string; reason_refs: string; finished_at: unknown; started_at: unknown; low_rated: string | null }>(
      `SELECT l.track_ids, l.scores, l.reasons, l.reason_refs, run.finished_at, run.started_at,
         (SELECT ${this.idList('r.track_id')} FROM ratings r WHERE r.user_id = l.user_id AND r.score <= ${LOW_RATING}) AS low_rated
       FROM recommendation_lists l JOIN recommendation_runs run ON run.id = l.run_id
       WHERE l.user_id = $1`,
      [userId],
    );
    if (!row) return null;
    const trackIds = JSON.parse(row.track_ids) as string[];
    const scores = JSON.parse(row.scores) as number[];
    const reasons = JSON.parse(row.reasons) as [number, number][];
    const refs = JSON.parse(row.reason_refs) as string[];
    const hidden = new Set(row.low_rated ? row.low_rated.split(',') : []);
    return {
      items: trackIds
        .map((trackId, i) => ({ trackId, rank: i + 1, score: scores[i]!, kind: reasons[i]![0], ref: refs[reasons[i]![1]] ?? null }))
        .filter((r) => !hidden.has(r.trackId)),
      generatedAt: asDate(row.finished_at ?? row.started_at),
    };
  }

  /** Comma-separated ids aggregated in SQL (uuids hold no commas). */
  private idList(column: string): string {
    return this.db.dialect === 'postgres' ? `string_agg(CAST(${column} AS text), ',')` : `group_concat(${column}, ',')`;
  }

  /** One query for every name a page of reasons needs. */
  async reasonNames(refs: { tracks: string[]; artists: string[]; genres: string[] }): Promise<ReasonNames> {
    const out: ReasonNames = { tracks: new Map(), artists: new Map(), genres: new Map() };
    if (!refs.tracks.length && !refs.artists.length && !refs.genres.length) return out;
    // Each id list is one parameter (a uuid array, or a JSON array SQLite unpacks), so the text never changes.
    const pg = this.db.dialect === 'postgres';
    const inList = (n: number) => (pg ? `= ANY($${n}::uuid[])` : `IN (SELECT value FROM json_each($${n}))`);
    const list = (ids: string[]) => (pg ? ids : JSON.stringify(ids));
    const rows = await rawReads(this.db.sequelize).select<{ k: string; id: string; name: string }>(
      `SELECT 't' AS k, id, title AS name FROM tracks WHERE id ${inList(1)}
       UNION ALL SELECT 'a' AS k, id, name FROM artists WHERE id ${inList(2)}
       UNION ALL SELECT 'g' AS k, id, name FROM genres WHERE id ${inList(3)}`,
      [list(refs.tracks), list(refs.artists), list(refs.genres)],
    );
    for (const r of rows) (r.k === 't' ? out.tracks : r.k === 'a' ? out.artists : out.genres).set(r.id, r.name);
    return out;
  }

  async readSimilar(trackId: string, limit: number) {
    const [row] = await this.select<{ track_ids: string; scores: string }>('SELECT track_ids, scores FROM track_similarity_lists WHERE track_id = :trackId', { trackId });
    if (!row) return [];
    const scores = JSON.parse(row.scores) as number[];
    return (JSON.parse(row.track_ids) as string[]).slice(0, limit).map((id, i) => ({ trackId: id, score: scores[i]! }));
  }

  async trackExists(trackId: string) {
    return (await this.select('SELECT 1 AS one FROM tracks WHERE id = :trackId', { trackId })).length > 0;
  }

  async genreIdsOfTracks(trackIds: string[]) {
    const out = new Map<string, { id: string; name: string }[]>();
    if (!trackIds.length) return out;
    const rows = await this.select<{ track_id: string; id: string; name: string }>(
      'SELECT tg.track_id, g.id, g.name FROM track_genres tg JOIN genres g ON g.id = tg.genre_id WHERE tg.track_id IN (:trackIds) ORDER BY g.name',
      { trackIds },
    );
    for (const r of rows) out.set(r.track_id, [...(out.get(r.track_id) ?? []), { id: r.id, name: r.name }]);
    return out;
  }

  async tracksInGenres(genreIds: string[], exclude: string[], limit: number) {
    if (!genreIds.length) return [];
    const rows = await this.select<{ track_id: string }>(
      `SELECT tg.track_id FROM track_genres tg JOIN tracks t ON t.id = tg.track_id
       WHERE tg.genre_id IN (:genreIds) AND tg.track_id NOT IN (:exclude)
       GROUP BY tg.track_id, t.rating_count, t.created_at ORDER BY t.rating_count DESC, t.created_at DESC, tg.track_id LIMIT :limit`,
      { genreIds, exclude: exclude.length ? exclude : [''], limit },
    );
    return rows.map((r) => r.track_id);
  }

  async popularTrackIds(since: Date, limit: number) {
    const played = await this.select<{ track_id: string }>(
      'SELECT track_id FROM plays WHERE counted AND started_at >= :since GROUP BY track_id ORDER BY COUNT(*) DESC, track_id LIMIT :limit',
      { since, limit },
    );
    const ids = played.map((r) => r.track_id);
    if (ids.length < limit) {
      const more = await this.select<{ id: string }>('SELECT id FROM tracks ORDER BY rating_count DESC, created_at DESC, id LIMIT :limit', { limit });
      const seen = new Set(ids);
      for (const r of more) if (ids.length < limit && !seen.has(r.id)) ids.push(r.id);
    }
    return ids;
  }

  async lowRatedTrackIds(userId: string) {
    return (await this.select<{ track_id: string }>(`SELECT track_id FROM ratings WHERE user_id = :userId AND score <= ${LOW_RATING}`, { userId })).map((r) => r.track_id);
  }

  async generatedPlaylists(userId: string): Promise<GeneratedPlaylistRecord[]> {
    const rows = await this.select<{
      id: string; owner_id: string; name: string; description: string | null; cover_key: string | null; track_count: number; duration_ms: number | string;
      created_at: unknown; updated_at: unknown; username: string; display_name: string;
    }>(
      `SELECT p.id, p.owner_id, p.name, p.description, p.cover_key, p.track_count, p.duration_ms, p.created_at, p.updated_at, u.username, u.display_name
       FROM playlists p JOIN users u ON u.id = p.owner_id
       WHERE p.owner_id = :userId AND p.kind = 'generated' ORDER BY p.name, p.id`,
      { userId },
    );
    return rows.map((r) => ({
      id: r.id,
      ownerId: r.owner_id,
      owner: { id: r.owner_id, username: r.username, displayName: r.display_name },
      name: r.name,
      description: r.description,
      coverKey: r.cover_key,
      visibility: 'private',
      kind: 'generated',
      trackCount: Number(r.track_count),
      durationMs: Number(r.duration_ms),
      createdAt: asDate(r.created_at),
      updatedAt: asDate(r.updated_at),
    }));
  }
}
