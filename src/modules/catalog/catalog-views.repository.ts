import { Op, QueryTypes, type Transaction, type WhereOptions } from 'sequelize';
import { TrackModel } from './track.model.js';
import { AlbumModel } from './album.model.js';
import { ArtistModel } from './artist.model.js';
import { GenreModel } from './genre.model.js';
import { rawReads } from '../../db/raw-query.js';
import { after, afterSql, keyOf, orderBy, orderBySql, sortKey, type SortColumn } from './keyset.js';
import type {
  AlbumFilter, AlbumRecord, AlbumType, ArtistRole, AlbumSort, AlbumView, ArtistFilter, ArtistRecord, ArtistSort, ArtistView, GenreRecord,
  ListQuery, ListRow, PlaylistSummaryRecord, ReplayGain, TrackFilter, TrackRecord, TrackSort, TrackView,
} from './catalog.types.js';
import type { Database } from '../../db/index.js';

const db = () => TrackModel.sequelize!;
const plain = <T>(m: { get(o: { plain: true }): unknown }) => m.get({ plain: true }) as T;

export function toTrackRecord(m: TrackModel): TrackRecord {
  const r = plain<TrackRecord & { album?: unknown; myRating?: unknown; liked?: unknown }>(m);
  return {
    id: r.id, title: r.title, albumId: r.albumId, discNumber: r.discNumber, trackNumber: r.trackNumber, durationMs: r.durationMs,
    releaseDate: r.releaseDate, coverKey: r.coverKey, audioKey: r.audioKey, audioMime: r.audioMime, audioCodec: r.audioCodec,
    audioBitrate: r.audioBitrate, audioSampleRate: r.audioSampleRate, audioChannels: r.audioChannels,
    audioSizeBytes: Number(r.audioSizeBytes), audioSha256: r.audioSha256, ratingCount: r.ratingCount, ratingSum: r.ratingSum,
    createdById: r.createdById, replayGain: replayGainOf(m), createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

function replayGainOf(m: TrackModel): ReplayGain | null {
  const gain = { trackGain: m.replayGainTrackGain ?? null, trackPeak: m.replayGainTrackPeak ?? null, albumGain: m.replayGainAlbumGain ?? null, albumPeak: m.replayGainAlbumPeak ?? null };
  return Object.values(gain).some((v) => v !== null) ? gain : null;
}

export function toArtistRecord(m: ArtistModel): ArtistRecord {
  const r = plain<ArtistRecord>(m);
  return { id: r.id, name: r.name, slug: r.slug, bio: r.bio, photoKey: r.photoKey, createdById: r.createdById, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

export function toAlbumRecord(m: AlbumModel): AlbumRecord {
  const r = plain<AlbumRecord>(m);
  return { id: r.id, title: r.title, type: r.type, releaseDate: r.releaseDate, coverKey: r.coverKey, createdById: r.createdById, createdAt: r.createdAt, updatedAt: r.updatedAt };
}

/**
 * Hand-written reads for the views: plain rows, bind parameters, and an id list that is one
 * parameter whatever its length (a PostgreSQL array, a JSON array that SQLite unpacks), so
 * each statement keeps one text.
 */
export async function select<T extends object>(sql: string, bind: unknown[], t?: Transaction): Promise<T[]> {
  if (!t) return rawReads(db()).select<T>(sql, bind);
  return db().query<T>(sql, { bind, type: QueryTypes.SELECT, transaction: t });
}
const postgres = () => db().getDialect() === 'postgres';
/**
 * One id is compared with =, so a prepared by-id read keeps one plan on PostgreSQL (an array
 * parameter makes it plan every execution again); a list is one parameter.
 */
export const inIds = (param: string, ids: readonly string[]) =>
  ids.length === 1 ? `= ${param}` : postgres() ? `= ANY(${param}::uuid[])` : `IN (SELECT value FROM json_each(${param}))`;
export const idList = (ids: readonly string[]) => (ids.length === 1 ? ids[0] : postgres() ? ids : JSON.stringify(ids));

/**
 * The rows of a related table as one JSON array column, in the order given: the database builds
 * it, so a view is one statement however many tables it draws on. `fields` are output names
 * and the SQL of their values; `from` is the subquery's FROM and WHERE.
 */
const jsonRows = (fields: Record<string, string>, from: string, order: string): string => {
  const pairs = Object.entries(fields).map(([name, value]) => `'${name}', ${value}`).join(', ');
  return postgres()
    ? `(SELECT COALESCE(json_agg(json_build_object(${pairs}) ORDER BY ${order}), '[]'::json) ${from})`
    : `(SELECT json_group_array(json_object(${pairs}) ORDER BY ${order}) ${from})`;
};
/** A jsonRows column as the driver gives it: parsed already by pg, text from SQLite. */
const parsedRows = <T>(v: T[] | string | null): T[] => (v === null ? [] : typeof v === 'string' ? (JSON.parse(v) as T[]) : v);

/**
 * A timestamp as the driver gives it: a Date from PostgreSQL; from SQLite the text Sequelize
 * wrote, read as its models read it (no offset written means UTC, Sequelize's default timezone).
 */
function dateOf(v: Date | string): Date {
  if (v instanceof Date) return v;
  return new Date(v.includes('+') ? v : `${v}+00:00`);
}

const TRACK_COLUMNS = `t.id, t.title, t.album_id, t.disc_number, t.track_number, t.duration_ms, t.release_date, t.cover_key,
  t.audio_key, t.audio_mime, t.audio_codec, t.audio_bitrate, t.audio_sample_rate, t.audio_channels, t.audio_size_bytes,
  t.audio_sha256, t.rating_count, t.rating_sum, t.created_by_id, t.replay_gain_track_gain, t.replay_gain_track_peak,
  t.replay_gain_album_gain, t.replay_gain_album_peak, t.created_at, t.updated_at`;

interface TrackRow {
  id: string; title: string; album_id: string | null; disc_number: number | null; track_number: number | null; duration_ms: number;
  release_date: string | null; cover_key: string | null; audio_key: string; audio_mime: string; audio_codec: string | null;
  audio_bitrate: number | null; audio_sample_rate: number | null; audio_channels: number | null; audio_size_bytes: number | string;
  audio_sha256: string; rating_count: number; rating_sum: number; created_by_id: string | null;
  replay_gain_track_gain: number | null; replay_gain_track_peak: number | null; replay_gain_album_gain: number | null; replay_gain_album_peak: number | null;
  created_at: Date | string; updated_at: Date | string;
}
interface TrackViewRow extends TrackRow {
  album_ref: string | null; album_title: string | null; album_cover_key: string | null;
  my_rating: number | string | null; liked: number | string; play_count: number | string;
  artists: ArtistCredit[] | string; genres: GenreRecord[] | string;
}
type ArtistCredit = { id: string; name: string; role: ArtistRole };

const GENRE_FIELDS = { id: 'g.id', name: 'g.name', slug: 'g.slug' };

function trackRecordOf(r: TrackRow): TrackRecord {
  const gain = { trackGain: r.replay_gain_track_gain, trackPeak: r.replay_gain_track_peak, albumGain: r.replay_gain_album_gain, albumPeak: r.replay_gain_album_peak };
  return {
    id: r.id, title: r.title, albumId: r.album_id, discNumber: r.disc_number, trackNumber: r.track_number, durationMs: r.duration_ms,
    releaseDate: r.release_date, coverKey: r.cover_key, audioKey: r.audio_key, audioMime: r.audio_mime, audioCodec: r.audio_codec,
    audioBitrate: r.audio_bitrate, audioSampleRate: r.audio_sample_rate, audioChannels: r.audio_channels,
    audioSizeBytes: Number(r.audio_size_bytes), audioSha256: r.audio_sha256, ratingCount: r.rating_count, ratingSum: r.rating_sum,
    createdById: r.created_by_id, replayGain: Object.values(gain).some((v) => v !== null) ? gain : null,
    createdAt: dateOf(r.created_at), updatedAt: dateOf(r.updated_at),
  };
}

const ALBUM_COLUMNS = 'al.id, al.title, al.type, al.release_date, al.cover_key, al.created_by_id, al.created_at, al.updated_at';

interface AlbumRow {
  id: string; title: string; type: AlbumType; release_date: string | null; cover_key: string | null; created_by_id: string | null;
  created_at: Date | string; updated_at: Date | string;
}

function albumRecordOf(r: AlbumRow): AlbumRecord {
  return {
    id: r.id, title: r.title, type: r.type, releaseDate: r.release_date, coverKey: r.cover_key, createdById: r.created_by_id,
    createdAt: dateOf(r.created_at), updatedAt: dateOf(r.updated_at),
  };
}

const ARTIST_COLUMNS = 'ar.id, ar.name, ar.slug, ar.bio, ar.photo_key, ar.created_by_id, ar.created_at, ar.updated_at';

interface ArtistRow {
  id: string; name: string; slug: string; bio: string | null; photo_key: string | null; created_by_id: string | null;
  created_at: Date | string; updated_at: Date | string;
}

function artistRecordOf(r: ArtistRow): ArtistRecord {
  return {
    id: r.id, name: r.name, slug: r.slug, bio: r.bio, photoKey: r.photo_key, createdById: r.created_by_id,
    createdAt: dateOf(r.created_at), updatedAt: dateOf(r.updated_at),
  };
}

const TRACK_SORT_KEYS: Record<TrackSort, SortColumn[]> = {
  title: sortKey([{ column: 'title', attribute: 'title', direction: 'ASC' }]),
  '-title': sortKey([{ column: 'title', attribute: 'title', direction: 'DESC' }]),
  createdAt: sortKey([{ column: 'created_at', attribute: 'createdAt', direction: 'ASC', date: true }]),
  '-createdAt': sortKey([{ column: 'created_at', attribute: 'createdAt', direction: 'DESC', date: true }]),
  releaseDate: sortKey([{ column: 'release_date', attribute: 'releaseDate', direction: 'ASC', ifNull: '0001-01-01' }]),
  '-releaseDate': sortKey([{ column: 'release_date', attribute: 'releaseDate', direction: 'DESC', ifNull: '0001-01-01' }]),
  album: sortKey([
    { column: 'disc_number', attribute: 'discNumber', direction: 'ASC', ifNull: 0 },
    { column: 'track_number', attribute: 'trackNumber', direction: 'ASC', ifNull: 0 },
  ]),
};

const ALBUM_SORT_KEYS: Record<AlbumSort, SortColumn[]> = {
  title: sortKey([{ column: 'title', attribute: 'title', direction: 'ASC' }]),
  '-title': sortKey([{ column: 'title', attribute: 'title', direction: 'DESC' }]),
  createdAt: sortKey([{ column: 'created_at', attribute: 'createdAt', direction: 'ASC', date: true }]),
  '-createdAt': sortKey([{ column: 'created_at', attribute: 'createdAt', direction: 'DESC', date: true }]),
  releaseDate: sortKey([{ column: 'release_date', attribute: 'releaseDate', direction: 'ASC', ifNull: '0001-01-01' }]),
  '-releaseDate': sortKey([{ column: 'release_date', attribute: 'releaseDate', direction: 'DESC', ifNull: '0001-01-01' }]),
};

const ARTIST_SORT_KEYS: Record<ArtistSort, SortColumn[]> = {
  name: sortKey([{ column: 'name', attribute: 'name', direction: 'ASC' }]),
  '-name': sortKey([{ column: 'name', attribute: 'name', direction: 'DESC' }]),
  createdAt: sortKey([{ column: 'created_at', attribute: 'createdAt', direction: 'ASC', date: true }]),
  '-createdAt': sortKey([{ column: 'created_at', attribute: 'createdAt', direction: 'DESC', date: true }]),
};

/** A filter of a keyset page: SQL text over the table aliased `t`, its parameters numbered from 1 in `bind`. */
type Filter = (bind: unknown[]) => string;
const param = (bind: unknown[], v: unknown) => `$${bind.push(v)}`;
const byColumn = (column: string, v: string): Filter => (bind) => `t.${column} = ${param(bind, v)}`;
const bySubquery = (sql: (p: string) => string, v: string): Filter => (bind) => `t.id IN (${sql(param(bind, v))})`;

/** A Date as the driver compares it with a stored timestamp: Sequelize's text on SQLite. */
const dateParam = (d: Date) => (postgres() ? d : `${d.toISOString().replace('T', ' ').replace('Z', '')} +00:00`);

/** One keyset page of ids (and their sort keys) from a catalog table, after the filters: one hand-written statement. */
async function keysetPage(
  table: 'tracks' | 'albums' | 'artists',
  key: SortColumn[],
  filters: Filter[],
  q: { ids?: string[]; cursor: ListQuery<string>['cursor']; limit: number },
): Promise<ListRow[]> {
  const bind: unknown[] = [];
  const where = filters.map((f) => f(bind));
  if (q.ids) where.push(`t.id ${inIds(param(bind, idList(q.ids)), q.ids)}`);
  const position = afterSql(key, q.cursor, bind, dateParam);
  if (position) where.push(position);
  const columns = [...new Map(key.map((c) => [c.attribute, `t.${c.column} AS "${c.attribute}"`])).values()];
  bind.push(q.limit + 1);
  const rows = await select<Record<string, unknown> & { id: string }>(
    `SELECT ${columns.join(', ')} FROM ${table} t${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${orderBySql(key)} LIMIT $${bind.length}`,
    bind,
  );
  const dates = key.filter((c) => c.date);
  return rows.map((r) => {
    for (const c of dates) if (r[c.attribute] !== null) r[c.attribute] = dateOf(r[c.attribute] as Date | string);
    return { id: r.id, key: keyOf(key, r) };
  });
}

/**
 * Read side of the catalog: keyset-paged id lists, and views that load any number of rows
 * with a fixed number of queries (one per related table, batched with WHERE IN).
 */
export class SequelizeCatalogViewsRepository {
  /** Its models are bound to the database when it opens; the argument keeps one way to build a repository. */
  constructor(_db: Database) {}

  async listTracks(filter: TrackFilter, q: ListQuery<TrackSort>): Promise<ListRow[]> {
    const filters: Filter[] = [];
    if (filter.albumId) filters.push(byColumn('album_id', filter.albumId));
    if (filter.artistId) filters.push(bySubquery((p) => `SELECT track_id FROM track_artists WHERE artist_id = ${p}`, filter.artistId));
    if (filter.genreId) filters.push(bySubquery((p) => `SELECT track_id FROM track_genres WHERE genre_id = ${p}`, filter.genreId));
    return keysetPage('tracks', TRACK_SORT_KEYS[q.sort], filters, q);
  }

  async listAlbums(filter: AlbumFilter, q: ListQuery<AlbumSort>): Promise<ListRow[]> {
    const filters: Filter[] = [];
    if (filter.artistId) filters.push(bySubquery((p) => `SELECT album_id FROM album_artists WHERE artist_id = ${p}`, filter.artistId));
    return keysetPage('albums', ALBUM_SORT_KEYS[q.sort], filters, q);
  }

  async listArtists(filter: ArtistFilter, q: ListQuery<ArtistSort>): Promise<ListRow[]> {
    const filters: Filter[] = [];
    if (filter.genreId) filters.push(bySubquery((p) => `SELECT artist_id FROM artist_genres WHERE genre_id = ${p}`, filter.genreId));
    return keysetPage('artists', ARTIST_SORT_KEYS[q.sort], filters, q);
  }

  async listGenres(q: { limit: number; cursor: (string | number | null)[] | null; ids?: string[] }): Promise<{ genre: GenreRecord; key: (string | number)[] }[]> {
    const key = sortKey([{ column: 'name', attribute: 'name', direction: 'ASC' }]);
    const and: WhereOptions[] = [];
    if (q.ids) and.push({ id: q.ids });
    const position = after(key, q.cursor);
    if (position) and.push(position);
    const rows = await GenreModel.findAll({ where: { [Op.and]: and }, order: orderBy(key), limit: q.limit + 1 });
    return rows.map((r) => ({ genre: { id: r.id, name: r.name, slug: r.slug }, key: [r.name, r.id] }));
  }

  /**
   * Tracks with artists, album, genres, rating and the viewer's own rating and like: one
   * statement for any number of ids, written by hand (no model building on this hot path).
   */
  async trackViews(ids: string[], viewerId: string | null, t?: Transaction): Promise<TrackView[]> {
    if (ids.length === 0) return [];
    const artists = jsonRows({ id: 'ar.id', name: 'ar.name', role: 'ta.role' }, 'FROM track_artists ta JOIN artists ar ON ar.id = ta.artist_id WHERE ta.track_id = t.id', 'ta.position');
    const genres = jsonRows(GENRE_FIELDS, 'FROM track_genres x JOIN genres g ON g.id = x.genre_id WHERE x.track_id = t.id', 'g.name');
    const tracks = await select<TrackViewRow>(
      `SELECT ${TRACK_COLUMNS}, a.id AS album_ref, a.title AS album_title, a.cover_key AS album_cover_key,
              (SELECT r.score FROM ratings r WHERE r.track_id = t.id AND r.user_id = $2) AS my_rating,
              (SELECT COUNT(*) FROM liked_tracks l WHERE l.track_id = t.id AND l.user_id = $2) AS liked,
              (SELECT COUNT(*) FROM plays p WHERE p.track_id = t.id AND p.counted) AS play_count,
              ${artists} AS artists, ${genres} AS genres
         FROM tracks t LEFT JOIN albums a ON a.id = t.album_id
        WHERE t.id ${inIds('$1', ids)}`,
      [idList(ids), viewerId],
      t,
    );
    return tracks.map((r) => ({
      track: trackRecordOf(r),
      album: r.album_ref === null ? null : { id: r.album_ref, title: r.album_title!, coverKey: r.album_cover_key },
      artists: parsedRows(r.artists),
      genres: parsedRows(r.genres),
      myRating: r.my_rating === null || r.my_rating === undefined ? null : Number(r.my_rating),
      liked: Number(r.liked) > 0,
      playCount: Number(r.play_count),
    }));
  }

  /** Albums with artists, the viewer's save and totals (tracks, duration, counted plays): one statement for any number of ids. */
  async albumViews(ids: string[], viewerId: string | null, t?: Transaction): Promise<AlbumView[]> {
    if (ids.length === 0) return [];
    const artists = jsonRows({ id: 'ar.id', name: 'ar.name' }, 'FROM album_artists aa JOIN artists ar ON ar.id = aa.artist_id WHERE aa.album_id = al.id', 'aa.position');
    const albums = await select<AlbumRow & { saved: number | string; artists: { id: string; name: string }[] | string; n: number | string; d: number | string | null; p: number | string | null }>(
      `SELECT ${ALBUM_COLUMNS}, (SELECT COUNT(*) FROM saved_albums s WHERE s.album_id = al.id AND s.user_id = $2) AS saved,
              ${artists} AS artists, totals.n, totals.d, totals.p
         FROM albums al
         LEFT JOIN (SELECT t.album_id, COUNT(*) AS n, SUM(t.duration_ms) AS d, SUM((SELECT COUNT(*) FROM plays p WHERE p.track_id = t.id AND p.counted)) AS p
                      FROM tracks t WHERE t.album_id ${inIds('$1', ids)} GROUP BY t.album_id) totals ON totals.album_id = al.id
        WHERE al.id ${inIds('$1', ids)}`,
      [idList(ids), viewerId],
      t,
    );
    return albums.map((r) => ({
      album: albumRecordOf(r),
      artists: parsedRows(r.artists),
      saved: Number(r.saved) > 0,
      trackCount: Number(r.n ?? 0),
      durationMs: Number(r.d ?? 0),
      playCount: Number(r.p ?? 0),
    }));
  }

  async artistViews(ids: string[], viewerId: string | null, t?: Transaction): Promise<ArtistView[]> {
    if (ids.length === 0) return [];
    const genres = jsonRows(GENRE_FIELDS, 'FROM artist_genres x JOIN genres g ON g.id = x.genre_id WHERE x.artist_id = ar.id', 'g.name');
    const artists = await select<ArtistRow & { follower_count: number | string; following: number | string; genres: GenreRecord[] | string }>(
      `SELECT ${ARTIST_COLUMNS},
         (SELECT COUNT(*) FROM artist_follows f WHERE f.artist_id = ar.id) AS follower_count,
         (SELECT COUNT(*) FROM artist_follows f WHERE f.artist_id = ar.id AND f.user_id = $2) AS following,
         ${genres} AS genres
       FROM artists ar WHERE ar.id ${inIds('$1', ids)}`,
      [idList(ids), viewerId],
      t,
    );
    return artists.map((r) => ({ artist: artistRecordOf(r), genres: parsedRows(r.genres), followerCount: Number(r.follower_count), following: Number(r.following) > 0 }));
  }

  /** Public playlists with their owner, for search results. */
  async playlistSummaries(ids: string[]): Promise<PlaylistSummaryRecord[]> {
    if (ids.length === 0) return [];
    const rows = await select<{ id: string; name: string; track_count: number | string; owner_id: string; username: string; display_name: string }>(
      `SELECT p.id, p.name, p.track_count, u.id AS owner_id, u.username, u.display_name
         FROM playlists p JOIN users u ON u.id = p.owner_id
        WHERE p.id ${inIds('$1', ids)} AND p.visibility = 'public'`,
      [idList(ids)],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, trackCount: Number(r.track_count), owner: { id: r.owner_id, username: r.username, displayName: r.display_name } }));
  }
}
