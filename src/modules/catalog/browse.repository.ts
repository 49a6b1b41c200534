import { QueryTypes } from 'sequelize';
import type { AlbumListQuery, AlbumMarks, ArtistRow, BrowseKind, BrowseRepository, GenreCount, TrackMarks, TrackPick } from './browse.types.js';
import type { Database } from '../../db/index.js';

/** Raw SQLite rows carry dates as text ("2025-01-01 10:00:00.000 +00:00"); PostgreSQL gives Dates. */
const asDate = (v: unknown): Date | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v).replace(' ', 'T').replace(' ', '');
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`);
};

const TABLES: Record<BrowseKind, string> = { artist: 'artists', album: 'albums', track: 'tracks' };

/** Years as release-date bounds; a backwards range is the same years, newest first. */
function yearRange(from: number | undefined, to: number | undefined, column: string) {
  if (from === undefined && to === undefined) return { where: '', order: '', replacements: {} };
  const lo = Math.min(from ?? 0, to ?? 9999);
  const hi = Math.max(from ?? 0, to ?? 9999);
  return {
    where: `${column} >= :fromDate AND ${column} <= :toDate`,
    order: from !== undefined && to !== undefined && from > to ? 'DESC' : 'ASC',
    replacements: { fromDate: `${String(Math.max(lo, 1)).padStart(4, '0')}-01-01`, toDate: `${String(Math.min(hi, 9999)).padStart(4, '0')}-12-31` },
  };
}

export class SequelizeBrowseRepository implements BrowseRepository {
  constructor(private readonly db: Database) {}

  async albumIds(q: AlbumListQuery): Promise<string[]> {
    const page = { offset: q.offset, size: q.size, userId: q.userId };
    const ids = (sql: string, replacements: Record<string, unknown> = {}) => this.ids(`${sql} LIMIT :size OFFSET :offset`, { ...page, ...replacements });
    switch (q.type) {
      case 'random':
        return this.ids('SELECT a.id FROM albums a ORDER BY RANDOM() LIMIT :size', page);
      case 'newest':
        return ids('SELECT a.id FROM albums a ORDER BY a.created_at DESC, a.id DESC');
      case 'alphabeticalByName':
        return ids('SELECT a.id FROM albums a ORDER BY a.title, a.id');
      case 'alphabeticalByArtist':
        return ids(`SELECT a.id FROM albums a
          LEFT JOIN album_artists aa ON aa.album_id = a.id AND aa.position = (SELECT MIN(x.position) FROM album_artists x WHERE x.album_id = a.id)
          LEFT JOIN artists ar ON ar.id = aa.artist_id
          ORDER BY ar.name, a.title, a.id`);
      case 'highest':
        // Rated by the average of its tracks' ratings, by everyone; unrated albums are not in the list.
        return ids(`SELECT t.album_id AS id FROM tracks t WHERE t.album_id IS NOT NULL AND t.rating_count > 0
          GROUP BY t.album_id ORDER BY CAST(SUM(t.rating_sum) AS DOUBLE PRECISION) / SUM(t.rating_count) DESC, SUM(t.rating_count) DESC, t.album_id`);
      case 'frequent':
        return ids(`SELECT t.album_id AS id FROM plays p JOIN tracks t ON t.id = p.track_id
          WHERE p.user_id = :userId AND p.counted AND t.album_id IS NOT NULL
          GROUP BY t.album_id ORDER BY COUNT(*) DESC, MAX(p.started_at) DESC, t.album_id`);
      case 'recent':
        return ids(`SELECT t.album_id AS id FROM plays p JOIN tracks t ON t.id = p.track_id
          WHERE p.user_id = :userId AND p.counted AND t.album_id IS NOT NULL
          GROUP BY t.album_id ORDER BY MAX(p.started_at) DESC, t.album_id`);
      case 'starred':
        return ids('SELECT s.album_id AS id FROM saved_albums s WHERE s.user_id = :userId ORDER BY s.created_at DESC, s.album_id');
      case 'byYear': {
        const years = yearRange(q.fromYear, q.toYear, 'a.release_date');
        return ids(`SELECT a.id FROM albums a WHERE ${years.where} ORDER BY a.release_date ${years.order}, a.title, a.id`, years.replacements);
      }
      case 'byGenre':
        return ids(
          `SELECT a.id FROM albums a WHERE a.id IN (SELECT t.album_id FROM track_genres tg JOIN tracks t ON t.id = tg.track_id WHERE tg.genre_id = :genreId)
           ORDER BY a.title, a.id`,
          { genreId: q.genreId },
        );
    }
  }

  async randomTrackIds(q: TrackPick): Promise<string[]> {
    const years = yearRange(q.fromYear, q.toYear, 'COALESCE(t.release_date, a.release_date)');
    const where = [years.where, q.genreId ? 't.id IN (SELECT tg.track_id FROM track_genres tg WHERE tg.genre_id = :genreId)' : ''].filter(Boolean);
    return this.ids(
      `SELECT t.id FROM tracks t LEFT JOIN albums a ON a.id = t.album_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY RANDOM() LIMIT :size`,
      { size: q.size, genreId: q.genreId ?? null, ...years.replacements },
    );
  }

  async trackIdsByGenre(genreId: string, offset: number, size: number): Promise<string[]> {
    return this.ids(
      `SELECT t.id FROM track_genres tg JOIN tracks t ON t.id = tg.track_id WHERE tg.genre_id = :genreId
       ORDER BY t.title, t.id LIMIT :size OFFSET :offset`,
      { genreId, offset, size },
    );
  }

  async allIds(kind: BrowseKind, offset: number, size: number): Promise<string[]> {
    return this.ids(`SELECT x.id FROM ${TABLES[kind]} x ORDER BY x.created_at, x.id LIMIT :size OFFSET :offset`, { offset, size });
  }

  async artistRows(userId: string, ids?: string[]): Promise<ArtistRow[]> {
    if (ids && ids.length === 0) return [];
    const rows = await this.db.sequelize.query<{ id: string; name: string; photo_key: string | null; album_count: number | string; starred_at: unknown }>(
      `SELECT ar.id, ar.name, ar.photo_key,
         (SELECT COUNT(*) FROM album_artists aa WHERE aa.artist_id = ar.id) AS album_count,
         f.created_at AS starred_at
       FROM artists ar LEFT JOIN artist_follows f ON f.artist_id = ar.id AND f.user_id = :userId
       ${ids ? 'WHERE ar.id IN (:ids)' : ''}
       ORDER BY ar.name, ar.id`,
      { replacements: { userId, ids: ids ?? null }, type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({ id: r.id, name: r.name, photoKey: r.photo_key, albumCount: Number(r.album_count), starredAt: asDate(r.starred_at) }));
  }

  async artistAlbumIds(artistId: string, limit: number): Promise<string[]> {
    return this.ids(
      `SELECT a.id FROM album_artists aa JOIN albums a ON a.id = aa.album_id WHERE aa.artist_id = :artistId
       ORDER BY a.release_date, a.title, a.id LIMIT :limit`,
      { artistId, limit },
    );
  }

  async genreCounts(): Promise<GenreCount[]> {
    const rows = await this.db.sequelize.query<{ name: string; song_count: number | string; album_count: number | string }>(
      `SELECT g.name, COUNT(DISTINCT tg.track_id) AS song_count, COUNT(DISTINCT t.album_id) AS album_count
       FROM genres g LEFT JOIN track_genres tg ON tg.genre_id = g.id LEFT JOIN tracks t ON t.id = tg.track_id
       GROUP BY g.id, g.name ORDER BY g.name`,
      { type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({ name: r.name, songCount: Number(r.song_count), albumCount: Number(r.album_count) }));
  }

  async trackMarks(userId: string, trackIds: string[]): Promise<Map<string, TrackMarks>> {
    if (trackIds.length === 0) return new Map();
    const [tracks, albumArtists] = await Promise.all([
      this.db.sequelize.query<{ id: string; starred_at: unknown; played_at: unknown }>(
        `SELECT t.id,
           (SELECT l.created_at FROM liked_tracks l WHERE l.user_id = :userId AND l.track_id = t.id) AS starred_at,
           (SELECT MAX(p.started_at) FROM plays p WHERE p.track_id = t.id AND p.user_id = :userId) AS played_at
         FROM tracks t WHERE t.id IN (:trackIds)`,
        { replacements: { userId, trackIds }, type: QueryTypes.SELECT },
      ),
      this.db.sequelize.query<{ track_id: string; id: string; name: string }>(
        `SELECT t.id AS track_id, ar.id, ar.name FROM tracks t
         JOIN album_artists aa ON aa.album_id = t.album_id JOIN artists ar ON ar.id = aa.artist_id
         WHERE t.id IN (:trackIds) ORDER BY aa.position`,
        { replacements: { trackIds }, type: QueryTypes.SELECT },
      ),
    ]);
    const artistsOf = new Map<string, { id: string; name: string }[]>();
    for (const a of albumArtists) artistsOf.set(a.track_id, [...(artistsOf.get(a.track_id) ?? []), { id: a.id, name: a.name }]);
    return new Map(tracks.map((r) => [r.id, { starredAt: asDate(r.starred_at), playedAt: asDate(r.played_at), albumArtists: artistsOf.get(r.id) ?? [] }]));
  }

  async albumMarks(userId: string, albumIds: string[]): Promise<Map<string, AlbumMarks>> {
    if (albumIds.length === 0) return new Map();
    const [albums, genres] = await Promise.all([
      this.db.sequelize.query<{ id: string; created_at: unknown; starred_at: unknown; played_at: unknown }>(
        `SELECT a.id, a.created_at,
           (SELECT s.created_at FROM saved_albums s WHERE s.user_id = :userId AND s.album_id = a.id) AS starred_at,
           (SELECT MAX(p.started_at) FROM plays p JOIN tracks t ON t.id = p.track_id WHERE t.album_id = a.id AND p.user_id = :userId) AS played_at
         FROM albums a WHERE a.id IN (:albumIds)`,
        { replacements: { userId, albumIds }, type: QueryTypes.SELECT },
      ),
      this.db.sequelize.query<{ album_id: string; name: string }>(
        `SELECT DISTINCT t.album_id, g.name FROM tracks t JOIN track_genres tg ON tg.track_id = t.id JOIN genres g ON g.id = tg.genre_id
         WHERE t.album_id IN (:albumIds) ORDER BY g.name`,
        { replacements: { albumIds }, type: QueryTypes.SELECT },
      ),
    ]);
    const genresOf = new Map<string, string[]>();
    for (const g of genres) genresOf.set(g.album_id, [...(genresOf.get(g.album_id) ?? []), g.name]);
    return new Map(
      albums.map((r) => [r.id, { createdAt: asDate(r.created_at)!, starredAt: asDate(r.starred_at), playedAt: asDate(r.played_at), genres: genresOf.get(r.id) ?? [] }]),
    );
  }

  private async ids(sql: string, replacements: Record<string, unknown>): Promise<string[]> {
    const rows = await this.db.sequelize.query<{ id: string }>(sql, { replacements, type: QueryTypes.SELECT });
    return rows.map((r) => r.id);
  }
}
