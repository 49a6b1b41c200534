import { Op, QueryTypes, Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import { TrackModel } from './track.model.js';
import { AlbumModel } from './album.model.js';
import { ArtistModel } from './artist.model.js';
import { TrackArtistModel } from './track-artist.model.js';
import { AlbumArtistModel } from './album-artist.model.js';
import { GenreModel } from './genre.model.js';
import { after, keyOf, orderBy, sortKey, type SortColumn } from './keyset.js';
import type {
  AlbumFilter, AlbumRecord, AlbumSort, AlbumView, ArtistFilter, ArtistRecord, ArtistSort, ArtistView, GenreRecord,
  ListQuery, ListRow, PlaylistSummaryRecord, ReplayGain, TrackFilter, TrackRecord, TrackSort, TrackView,
} from './catalog.types.js';

const db = () => TrackModel.sequelize!;
const esc = (v: string | null) => (v === null ? 'NULL' : db().escape(v));
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

/** One keyset page of ids (and their sort keys) from a catalog table, after the filters in `and`. */
async function keysetPage(
  model: typeof TrackModel | typeof AlbumModel | typeof ArtistModel,
  key: SortColumn[],
  and: WhereOptions[],
  q: { ids?: string[]; cursor: ListQuery<string>['cursor']; limit: number },
): Promise<ListRow[]> {
  if (q.ids) and.push({ id: q.ids });
  const position = after(key, q.cursor);
  if (position) and.push(position);
  const rows: { id: string; get(o: { plain: true }): unknown }[] = await (model as typeof TrackModel).findAll({
    attributes: [...new Set(key.map((c) => c.attribute))],
    where: { [Op.and]: and },
    order: orderBy(key),
    limit: q.limit + 1,
  });
  return rows.map((r) => ({ id: r.id, key: keyOf(key, plain(r)) }));
}

const inSubquery = (sql: string): WhereOptions => ({ id: { [Op.in]: Sequelize.literal(`(${sql})`) } });

/**
 * Read side of the catalog: keyset-paged id lists, and views that load any number of rows
 * with a fixed number of queries (one per related table, batched with WHERE IN).
 */
export class CatalogViewsRepository {
  async listTracks(filter: TrackFilter, q: ListQuery<TrackSort>): Promise<ListRow[]> {
    const key = TRACK_SORT_KEYS[q.sort];
    const and: WhereOptions[] = [];
    if (filter.albumId) and.push({ albumId: filter.albumId });
    if (filter.artistId) and.push(inSubquery(`SELECT track_id FROM track_artists WHERE artist_id = ${esc(filter.artistId)}`));
    if (filter.genreId) and.push(inSubquery(`SELECT track_id FROM track_genres WHERE genre_id = ${esc(filter.genreId)}`));
    return keysetPage(TrackModel, key, and, q);
  }

  async listAlbums(filter: AlbumFilter, q: ListQuery<AlbumSort>): Promise<ListRow[]> {
    const key = ALBUM_SORT_KEYS[q.sort];
    const and: WhereOptions[] = [];
    if (filter.artistId) and.push(inSubquery(`SELECT album_id FROM album_artists WHERE artist_id = ${esc(filter.artistId)}`));
    return keysetPage(AlbumModel, key, and, q);
  }

  async listArtists(filter: ArtistFilter, q: ListQuery<ArtistSort>): Promise<ListRow[]> {
    const key = ARTIST_SORT_KEYS[q.sort];
    const and: WhereOptions[] = [];
    if (filter.genreId) and.push(inSubquery(`SELECT artist_id FROM artist_genres WHERE genre_id = ${esc(filter.genreId)}`));
    return keysetPage(ArtistModel, key, and, q);
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

  /** Tracks with artists, album, genres, rating and the viewer's own rating and like: three queries for any number of ids. */
  async trackViews(ids: string[], viewerId: string | null, t?: Transaction): Promise<TrackView[]> {
    if (ids.length === 0) return [];
    const viewer = esc(viewerId);
    const tracks = await TrackModel.findAll({
      where: { id: ids },
      include: [{ model: AlbumModel, as: 'album', attributes: ['id', 'title', 'coverKey'] }],
      attributes: {
        exclude: ['lyrics', 'syncedLyrics'],
        include: [
          [Sequelize.literal(`(SELECT score FROM ratings r WHERE r.track_id = "TrackModel"."id" AND r.user_id = ${viewer})`), 'myRating'],
          [Sequelize.literal(`(SELECT COUNT(*) FROM liked_tracks l WHERE l.track_id = "TrackModel"."id" AND l.user_id = ${viewer})`), 'liked'],
          [Sequelize.literal('(SELECT COUNT(*) FROM plays p WHERE p.track_id = "TrackModel"."id" AND p.counted)'), 'playCount'],
        ],
      },
      transaction: t,
    });
    const credits = await TrackArtistModel.findAll({
      where: { trackId: ids },
      include: [{ model: ArtistModel, as: 'artist', attributes: ['id', 'name'] }],
      order: [['position', 'ASC']],
      transaction: t,
    });
    const genres = await this.genresOf('track_genres', 'track_id', ids, t);
    return tracks.map((m) => {
      const extra = m.get({ plain: true }) as { myRating: unknown; liked: unknown; playCount: unknown };
      return {
        track: toTrackRecord(m),
        album: m.album ? { id: m.album.id, title: m.album.title, coverKey: m.album.coverKey } : null,
        artists: credits.filter((c) => c.trackId === m.id).map((c) => ({ id: c.artist!.id, name: c.artist!.name, role: c.role })),
        genres: genres.get(m.id) ?? [],
        myRating: extra.myRating === null || extra.myRating === undefined ? null : Number(extra.myRating),
        liked: Number(extra.liked) > 0,
        playCount: Number(extra.playCount),
      };
    });
  }

  /** Albums with artists, the viewer's save and totals (tracks, duration, counted plays): three queries for any number of ids. */
  async albumViews(ids: string[], viewerId: string | null, t?: Transaction): Promise<AlbumView[]> {
    if (ids.length === 0) return [];
    const albums = await AlbumModel.findAll({
      where: { id: ids },
      attributes: {
        include: [[Sequelize.literal(`(SELECT COUNT(*) FROM saved_albums s WHERE s.album_id = "AlbumModel"."id" AND s.user_id = ${esc(viewerId)})`), 'saved']],
      },
      transaction: t,
    });
    const credits = await AlbumArtistModel.findAll({
      where: { albumId: ids },
      include: [{ model: ArtistModel, as: 'artist', attributes: ['id', 'name'] }],
      order: [['position', 'ASC']],
      transaction: t,
    });
    const totals = await db().query<{ album_id: string; n: number | string; d: number | string | null; p: number | string | null }>(
      `SELECT t.album_id, COUNT(*) AS n, SUM(t.duration_ms) AS d, SUM((SELECT COUNT(*) FROM plays p WHERE p.track_id = t.id AND p.counted)) AS p
       FROM tracks t WHERE t.album_id IN (:ids) GROUP BY t.album_id`,
      { replacements: { ids }, type: QueryTypes.SELECT, transaction: t },
    );
    const byAlbum = new Map(totals.map((r) => [r.album_id, r]));
    return albums.map((m) => ({
      album: toAlbumRecord(m),
      artists: credits.filter((c) => c.albumId === m.id).map((c) => ({ id: c.artist!.id, name: c.artist!.name })),
      saved: Number((m.get({ plain: true }) as { saved: unknown }).saved) > 0,
      trackCount: Number(byAlbum.get(m.id)?.n ?? 0),
      durationMs: Number(byAlbum.get(m.id)?.d ?? 0),
      playCount: Number(byAlbum.get(m.id)?.p ?? 0),
    }));
  }

  async artistViews(ids: string[], viewerId: string | null, t?: Transaction): Promise<ArtistView[]> {
    if (ids.length === 0) return [];
    const artists = await ArtistModel.findAll({
      where: { id: ids },
      attributes: {
        include: [
          [Sequelize.literal('(SELECT COUNT(*) FROM artist_follows f WHERE f.artist_id = "ArtistModel"."id")'), 'followerCount'],
          [Sequelize.literal(`(SELECT COUNT(*) FROM artist_follows f WHERE f.artist_id = "ArtistModel"."id" AND f.user_id = ${esc(viewerId)})`), 'following'],
        ],
      },
      transaction: t,
    });
    const genres = await this.genresOf('artist_genres', 'artist_id', ids, t);
    return artists.map((m) => {
      const extra = m.get({ plain: true }) as { followerCount: unknown; following: unknown };
      return { artist: toArtistRecord(m), genres: genres.get(m.id) ?? [], followerCount: Number(extra.followerCount), following: Number(extra.following) > 0 };
    });
  }

  /** Public playlists with their owner, for search results. */
  async playlistSummaries(ids: string[]): Promise<PlaylistSummaryRecord[]> {
    if (ids.length === 0) return [];
    const rows = await db().query<{ id: string; name: string; track_count: number | string; owner_id: string; username: string; display_name: string }>(
      `SELECT p.id, p.name, p.track_count, u.id AS owner_id, u.username, u.display_name
         FROM playlists p JOIN users u ON u.id = p.owner_id
        WHERE p.id IN (:ids) AND p.visibility = 'public'`,
      { replacements: { ids }, type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({ id: r.id, name: r.name, trackCount: Number(r.track_count), owner: { id: r.owner_id, username: r.username, displayName: r.display_name } }));
  }

  private async genresOf(table: 'track_genres' | 'artist_genres', column: 'track_id' | 'artist_id', ids: string[], t?: Transaction) {
    const rows = await db().query<{ owner: string; id: string; name: string; slug: string }>(
      `SELECT x.${column} AS owner, g.id, g.name, g.slug FROM ${table} x JOIN genres g ON g.id = x.genre_id WHERE x.${column} IN (:ids) ORDER BY g.name`,
      { replacements: { ids }, type: QueryTypes.SELECT, transaction: t },
    );
    const map = new Map<string, GenreRecord[]>();
    for (const r of rows) {
      const list = map.get(r.owner) ?? [];
      list.push({ id: r.id, name: r.name, slug: r.slug });
      map.set(r.owner, list);
    }
    return map;
  }
}
