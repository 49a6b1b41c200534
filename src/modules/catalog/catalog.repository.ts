import { Op, QueryTypes, literal, type Transaction, type WhereOptions } from 'sequelize';
import { ConflictError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { insertRows } from '../../db/insert-rows.js';
import { TrackModel } from './track.model.js';
import { AlbumModel } from './album.model.js';
import { ArtistModel } from './artist.model.js';
import { ArtistManagerModel } from './artist-manager.model.js';
import { ArtistGenreModel } from './artist-genre.model.js';
import { TrackArtistModel } from './track-artist.model.js';
import { AlbumArtistModel } from './album-artist.model.js';
import { TrackGenreModel } from './track-genre.model.js';
import { GenreModel } from './genre.model.js';
import { idList, inIds, select, toAlbumRecord, toArtistRecord, toTrackRecord } from './catalog-views.repository.js';
import { nameKey, slugify } from './catalog.rules.js';
import type { AlbumRecord, AlbumType, ArtistRecord, ArtistRole, GenreRecord, ImageTarget, ManagedKind, ReplayGain, TrackLyrics, TrackRecord } from './catalog.types.js';
import type { Database } from '../../db/index.js';

const db = () => TrackModel.sequelize!;
const tx = (t?: Transaction) => ({ transaction: t });
/** Rounds of "take the next free slug" when other transactions keep taking the one just chosen. */
const SLUG_ATTEMPTS = 5;
const GAIN_ATTRIBUTES = ['replayGainTrackGain', 'replayGainTrackPeak', 'replayGainAlbumGain', 'replayGainAlbumPeak'] as const;

export type NewTrackRow = Omit<TrackRecord, 'id' | 'ratingCount' | 'ratingSum' | 'replayGain' | 'createdAt' | 'updatedAt'> & {
  lyrics: string | null;
  syncedLyrics: { startMs: number; text: string }[] | null;
  replayGainTrackGain: number | null;
  replayGainTrackPeak: number | null;
  replayGainAlbumGain: number | null;
  replayGainAlbumPeak: number | null;
};
export type TrackPatch = Partial<Pick<TrackRecord, 'title' | 'albumId' | 'discNumber' | 'trackNumber' | 'releaseDate' | 'coverKey'>>;
export type AlbumPatch = Partial<Pick<AlbumRecord, 'title' | 'type' | 'releaseDate' | 'coverKey'>>;
export type ArtistPatch = Partial<Pick<ArtistRecord, 'name' | 'bio' | 'photoKey'>>;

/** Write side of the catalog, and the look-ups the rules need. Every method takes the caller's transaction. */
export class SequelizeCatalogRepository {
  /** Its models are bound to the database when it opens; the argument keeps one way to build a repository. */
  constructor(_db: Database) {}

  async findTrack(id: string, t?: Transaction): Promise<TrackRecord | null> {
    const m = await TrackModel.findByPk(id, tx(t));
    return m && toTrackRecord(m);
  }

  /** A track's lyrics columns alone; undefined when there is no such track. */
  async findTrackLyrics(id: string): Promise<TrackLyrics | null | undefined> {
    const m = await TrackModel.findByPk(id, { attributes: ['id', 'lyrics', 'syncedLyrics'] });
    if (!m) return undefined;
    const synced = typeof m.syncedLyrics === 'string' ? (JSON.parse(m.syncedLyrics) as TrackLyrics['synced']) : m.syncedLyrics;
    return m.lyrics === null && !synced ? null : { text: m.lyrics ?? '', synced: synced ?? null };
  }

  /** ReplayGain of the tracks that have any, by id: one query for any number of ids. */
  async replayGains(ids: string[]): Promise<Map<string, ReplayGain>> {
    if (ids.length === 0) return new Map();
    const rows = await TrackModel.findAll({
      attributes: ['id', 'replayGainTrackGain', 'replayGainTrackPeak', 'replayGainAlbumGain', 'replayGainAlbumPeak'],
      where: { id: ids, [Op.or]: GAIN_ATTRIBUTES.map((a) => ({ [a]: { [Op.ne]: null } })) },
    });
    return new Map(rows.map((m) => [m.id, { trackGain: m.replayGainTrackGain, trackPeak: m.replayGainTrackPeak, albumGain: m.replayGainAlbumGain, albumPeak: m.replayGainAlbumPeak }]));
  }

  /** The artist's tracks with the most counted plays first (title, then id, breaking ties). */
  async topTrackIds(artistId: string, limit: number): Promise<string[]> {
    const rows = await db().query<{ id: string }>(
      `SELECT t.id FROM track_artists ta JOIN tracks t ON t.id = ta.track_id
       LEFT JOIN plays p ON p.track_id = t.id AND p.counted
       WHERE ta.artist_id = :artistId
       GROUP BY t.id, t.title ORDER BY COUNT(p.id) DESC, t.title, t.id LIMIT :limit`,
      { replacements: { artistId, limit }, type: QueryTypes.SELECT },
    );
    return rows.map((r) => r.id);
  }

  async findAlbum(id: string, t?: Transaction): Promise<AlbumRecord | null> {
    const m = await AlbumModel.findByPk(id, tx(t));
    return m && toAlbumRecord(m);
  }

  async findArtist(id: string, t?: Transaction): Promise<ArtistRecord | null> {
    const m = await ArtistModel.findByPk(id, tx(t));
    return m && toArtistRecord(m);
  }

  async existingArtistIds(ids: string[], t?: Transaction): Promise<string[]> {
    if (ids.length === 0) return [];
    return (await ArtistModel.findAll({ attributes: ['id'], where: { id: ids }, ...tx(t) })).map((a) => a.id);
  }

  async findTrackIdBySha256(sha256: string, t?: Transaction): Promise<string | null> {
    const m = await TrackModel.findOne({ attributes: ['id'], where: { audioSha256: sha256 }, ...tx(t) });
    return m?.id ?? null;
  }

  /** sha256 -> track id, for the hashes already in the catalog. */
  async findTrackIdsBySha256(shas: string[], t?: Transaction): Promise<Map<string, string>> {
    if (shas.length === 0) return new Map();
    const rows = await TrackModel.findAll({ attributes: ['id', 'audioSha256'], where: { audioSha256: [...new Set(shas)] }, ...tx(t) });
    return new Map(rows.map((r) => [r.audioSha256, r.id]));
  }

  /** The albums' tracks in album order (disc, number, title). */
  async albumTrackIds(albumIds: string[], t?: Transaction): Promise<string[]> {
    if (albumIds.length === 0) return [];
    const rows = await select<{ id: string }>(
      `SELECT t.id FROM tracks t WHERE t.album_id ${inIds('$1', albumIds)}
        ORDER BY COALESCE(t.disc_number, 0), COALESCE(t.track_number, 0), t.title, t.id`,
      [idList(albumIds)],
      t,
    );
    return rows.map((r) => r.id);
  }

  // --- managers ---------------------------------------------------------------------------

  async managedAmong(userId: string, artistIds: string[], t?: Transaction): Promise<string[]> {
    if (artistIds.length === 0) return [];
    const rows = await ArtistManagerModel.findAll({ attributes: ['artistId'], where: { userId, artistId: artistIds }, ...tx(t) });
    return rows.map((r) => r.artistId);
  }

  async managedArtistIds(userId: string): Promise<string[]> {
    return (await ArtistManagerModel.findAll({ attributes: ['artistId'], where: { userId } })).map((r) => r.artistId);
  }

  /** The rows of artists, albums or tracks that credit one of these artists, as a condition on the table's rows. */
  creditedScope(kind: ManagedKind, artistIds: string[]): WhereOptions {
    if (kind === 'artists') return { id: { [Op.in]: artistIds } };
    const list = artistIds.map((v) => db().escape(v)).join(', ') || 'NULL';
    const credits = kind === 'albums' ? 'SELECT album_id FROM album_artists' : 'SELECT track_id FROM track_artists';
    return { id: { [Op.in]: literal(`(${credits} WHERE artist_id IN (${list}))`) } };
  }

  async allArtistIds(): Promise<string[]> {
    return (await ArtistModel.findAll({ attributes: ['id'], order: [['name', 'ASC']] })).map((r) => r.id);
  }

  async addManager(artistId: string, userId: string, t?: Transaction): Promise<void> {
    await ArtistManagerModel.bulkCreate([{ artistId, userId }], { ignoreDuplicates: true, ...tx(t) });
  }

  async addManagers(pairs: { artistId: string; userId: string }[], t?: Transaction): Promise<void> {
    if (pairs.length) await ArtistManagerModel.bulkCreate(pairs, { ignoreDuplicates: true, ...tx(t) });
  }

  async removeManager(artistId: string, userId: string, t?: Transaction): Promise<boolean> {
    return (await ArtistManagerModel.destroy({ where: { artistId, userId }, ...tx(t) })) > 0;
  }

  async trackCredits(trackIds: string[], t?: Transaction): Promise<{ trackId: string; artistId: string; role: ArtistRole }[]> {
    if (trackIds.length === 0) return [];
    const rows = await TrackArtistModel.findAll({ where: { trackId: trackIds }, order: [['position', 'ASC']], ...tx(t) });
    return rows.map((r) => ({ trackId: r.trackId, artistId: r.artistId, role: r.role }));
  }

  async albumArtistIds(albumIds: string[], t?: Transaction): Promise<{ albumId: string; artistId: string }[]> {
    if (albumIds.length === 0) return [];
    const rows = await AlbumArtistModel.findAll({ where: { albumId: albumIds }, order: [['position', 'ASC']], ...tx(t) });
    return rows.map((r) => ({ albumId: r.albumId, artistId: r.artistId }));
  }

  // --- genres -----------------------------------------------------------------------------

  async findGenre(idOrSlug: string, t?: Transaction): Promise<GenreRecord | null> {
    const isId = /^[0-9a-f-]{36}$/i.test(idOrSlug);
    const m = await GenreModel.findOne({ where: isId ? { id: idOrSlug } : { slug: slugify(idOrSlug) }, ...tx(t) });
    return m && { id: m.id, name: m.name, slug: m.slug };
  }

  /** Genres by name, creating the missing ones; the slug is the case- and accent-insensitive identity. */
  async findOrCreateGenres(names: string[], t?: Transaction): Promise<GenreRecord[]> {
    if (names.length === 0) return [];
    const slugs = names.map(slugify);
    await insertRows(GenreModel, names.map((name, i) => ({ id: newId(), name, slug: slugs[i] })), { ignoreDuplicates: true, ...tx(t) });
    const rows = await GenreModel.findAll({ where: { slug: slugs }, ...tx(t) });
    const bySlug = new Map(rows.map((g) => [g.slug, { id: g.id, name: g.name, slug: g.slug }]));
    return slugs.map((s) => bySlug.get(s)).filter((g): g is GenreRecord => g !== undefined);
  }

  /** The genre a name stands for (its slug), even when the name looks like an id. */
  async findGenreByName(name: string, t?: Transaction): Promise<GenreRecord | null> {
    const m = await GenreModel.findOne({ where: { slug: slugify(name) }, ...tx(t) });
    return m && { id: m.id, name: m.name, slug: m.slug };
  }

  /** A new genre, or null when its name or slug is taken (by then, or by a transaction that commits meanwhile). */
  async createGenre(name: string, t?: Transaction): Promise<GenreRecord | null> {
    const id = newId();
    await insertRows(GenreModel, [{ id, name, slug: slugify(name) }], { ignoreDuplicates: true, ...tx(t) });
    const m = await GenreModel.findByPk(id, tx(t));
    return m && { id: m.id, name: m.name, slug: m.slug };
  }

  async updateGenre(id: string, name: string, t?: Transaction): Promise<void> {
    await GenreModel.update({ name, slug: slugify(name) }, { where: { id }, ...tx(t) });
  }

  async deleteGenre(id: string, t?: Transaction): Promise<boolean> {
    return (await GenreModel.destroy({ where: { id }, ...tx(t) })) > 0;
  }

  async genreUsage(id: string, t?: Transaction): Promise<number> {
    const [tracks, artists] = await Promise.all([
      TrackGenreModel.count({ where: { genreId: id }, ...tx(t) }),
      ArtistGenreModel.count({ where: { genreId: id }, ...tx(t) }),
    ]);
    return tracks + artists;
  }

  // --- artists ----------------------------------------------------------------------------

  async findArtistsByName(names: string[], t?: Transaction): Promise<Map<string, ArtistRecord>> {
    const keys = [...new Set(names.map(nameKey))];
    if (keys.length === 0) return new Map();
    const rows = await ArtistModel.findAll({
      // Rows written around the service (fixtures, raw imports) have no key yet; lower() covers them as far as it folds.
      where: { [Op.or]: [{ nameKey: keys }, { [Op.and]: [{ nameKey: null }, db().where(db().fn('lower', db().col('name')), { [Op.in]: keys })] }] },
      order: [['createdAt', 'ASC'], ['id', 'ASC']],
      ...tx(t),
    });
    const map = new Map<string, ArtistRecord>();
    for (const r of rows) if (!map.has(nameKey(r.name))) map.set(nameKey(r.name), toArtistRecord(r));
    return map;
  }

  /**
   * New artists, each with a free slug, inserted only where the name is still free. A name
   * another transaction has just taken (PostgreSQL waits for it to commit) is left out of the
   * answer instead of failing the statement, which would abort the caller's whole transaction;
   * a slug taken that way is replaced by the next free one.
   */
  async createArtists(inputs: { name: string; bio?: string | null; createdById: string | null }[], t?: Transaction): Promise<ArtistRecord[]> {
    const created: ArtistRecord[] = [];
    let left = inputs;
    for (let attempt = 1; left.length > 0; attempt++) {
      if (attempt > SLUG_ATTEMPTS) throw new ConflictError('Other artists with names like these were created at the same moment; try again');
      const rows = await this.withFreeSlugs(left, t);
      await insertRows(ArtistModel, rows, { ignoreDuplicates: true, ...tx(t) });
      const inserted = new Map((await ArtistModel.findAll({ where: { id: rows.map((r) => r.id) }, ...tx(t) })).map((m) => [m.id, m]));
      const skipped = rows.flatMap((r, i) => (inserted.has(r.id) ? [] : [{ row: r, input: left[i]! }]));
      created.push(...rows.flatMap((r) => (inserted.has(r.id) ? [toArtistRecord(inserted.get(r.id)!)] : [])));
      if (skipped.length === 0) break;
      const namesTaken = await ArtistModel.findAll({ attributes: ['nameKey'], where: { nameKey: skipped.map((s) => s.row.nameKey) }, ...tx(t) });
      const taken = new Set(namesTaken.map((m) => m.nameKey));
      left = skipped.filter((s) => !taken.has(s.row.nameKey)).map((s) => s.input);
    }
    return created;
  }

  /** Rows for new artists, each slug free in the table and unique in the batch. */
  private async withFreeSlugs(inputs: { name: string; bio?: string | null; createdById: string | null }[], t?: Transaction) {
    const bases = inputs.map((a) => slugify(a.name));
    const taken = new Set(
      (await ArtistModel.findAll({ attributes: ['slug'], where: { slug: [...new Set(bases)] }, ...tx(t) })).map((r) => r.slug),
    );
    const used = new Set<string>();
    const rows = [];
    for (const [i, input] of inputs.entries()) {
      const base = bases[i]!;
      const slug = !taken.has(base) && !used.has(base) ? base : await this.freeSlug('artists', base, t, used);
      used.add(slug);
      rows.push({ id: newId(), name: input.name, nameKey: nameKey(input.name), slug, bio: input.bio ?? null, createdById: input.createdById });
    }
    return rows;
  }

  async updateArtist(id: string, patch: ArtistPatch, t?: Transaction): Promise<void> {
    const values: Record<string, unknown> = { ...patch };
    if (patch.name !== undefined) values.nameKey = nameKey(patch.name);
    if (Object.keys(values).length) await ArtistModel.update(values, { where: { id }, ...tx(t) });
  }

  async setArtistGenres(artistId: string, genreIds: string[], t?: Transaction): Promise<void> {
    await ArtistGenreModel.destroy({ where: { artistId }, ...tx(t) });
    if (genreIds.length) await ArtistGenreModel.bulkCreate(genreIds.map((genreId) => ({ artistId, genreId })), tx(t));
  }

  async artistUsage(artistId: string, t?: Transaction): Promise<{ albums: number; tracks: number }> {
    const albums = await AlbumArtistModel.count({ where: { artistId }, ...tx(t) });
    const tracks = await TrackArtistModel.count({ where: { artistId }, ...tx(t) });
    return { albums, tracks };
  }

  /** Albums the artist is credited on, with how many album artists each has. */
  async albumsCrediting(artistId: string, t?: Transaction): Promise<{ albumId: string; artistCount: number }[]> {
    const rows = await db().query<{ album_id: string; n: number | string }>(
      `SELECT aa.album_id, (SELECT COUNT(*) FROM album_artists x WHERE x.album_id = aa.album_id) AS n
         FROM album_artists aa WHERE aa.artist_id = :artistId`,
      { replacements: { artistId }, type: QueryTypes.SELECT, ...tx(t) },
    );
    return rows.map((r) => ({ albumId: r.album_id, artistCount: Number(r.n) }));
  }

  /** Tracks the artist is credited on, with the role and how many other main artists each has. */
  async tracksCrediting(artistId: string, t?: Transaction): Promise<{ trackId: string; role: ArtistRole; otherMains: number }[]> {
    const rows = await db().query<{ track_id: string; role: ArtistRole; n: number | string }>(
      `SELECT ta.track_id, ta.role,
              (SELECT COUNT(*) FROM track_artists x WHERE x.track_id = ta.track_id AND x.role = 'main' AND x.artist_id <> ta.artist_id) AS n
         FROM track_artists ta WHERE ta.artist_id = :artistId`,
      { replacements: { artistId }, type: QueryTypes.SELECT, ...tx(t) },
    );
    return rows.map((r) => ({ trackId: r.track_id, role: r.role, otherMains: Number(r.n) }));
  }

  async uncreditArtist(artistId: string, t?: Transaction): Promise<void> {
    await TrackArtistModel.destroy({ where: { artistId }, ...tx(t) });
    await AlbumArtistModel.destroy({ where: { artistId }, ...tx(t) });
  }

  async deleteArtist(id: string, t?: Transaction): Promise<void> {
    await ArtistModel.destroy({ where: { id }, ...tx(t) });
  }

  // --- albums -----------------------------------------------------------------------------

  /** Albums whose first album artist is one of these, oldest first: what a by-name lookup matches titles against. */
  async albumsByFirstArtist(artistIds: string[], t?: Transaction): Promise<{ id: string; title: string; artistId: string; dated: boolean }[]> {
    if (artistIds.length === 0) return [];
    return db().query<{ id: string; title: string; artistId: string; dated: boolean }>(
      `SELECT a.id, a.title, aa.artist_id AS "artistId", a.release_date IS NOT NULL AS dated FROM albums a
         JOIN album_artists aa ON aa.album_id = a.id AND aa.position = 0
        WHERE aa.artist_id IN (:artistIds) ORDER BY a.created_at, a.id`,
      { replacements: { artistIds: [...new Set(artistIds)] }, type: QueryTypes.SELECT, ...tx(t) },
    );
  }

  /**
   * Gives these albums a release date, each only if it still has none. One statement per album:
   * few ever need it (albums an earlier batch made from undated files), and a date-typed CASE
   * over parameters is not portable between PostgreSQL and SQLite.
   */
  async fillAlbumReleaseDates(dates: { id: string; releaseDate: string }[], t?: Transaction): Promise<void> {
    for (const { id, releaseDate } of dates) await AlbumModel.update({ releaseDate }, { where: { id, releaseDate: null }, ...tx(t) });
  }

  /**
   * Albums created by name, with their album artists. An album whose match key is already
   * taken (another process created it first; it waits for that transaction) is not inserted:
   * the answer maps every match key to the album that holds it, ours or the other one.
   */
  async createAlbumsByKey(
    inputs: { title: string; type: AlbumType; releaseDate: string | null; createdById: string | null; matchKey: string; artistIds: string[] }[],
    t?: Transaction,
  ): Promise<Map<string, string>> {
    if (inputs.length === 0) return new Map();
    const rows = inputs.map(({ artistIds: _, ...a }) => ({ id: newId(), ...a, coverKey: null }));
    await insertRows(AlbumModel, rows, { ignoreDuplicates: true, ...tx(t) });
    const held = await AlbumModel.findAll({ attributes: ['id', 'matchKey'], where: { matchKey: rows.map((r) => r.matchKey) }, ...tx(t) });
    const byKey = new Map(held.map((a) => [a.matchKey!, a.id]));
    const ours = rows.flatMap((r, i) => (byKey.get(r.matchKey) === r.id ? inputs[i]!.artistIds.map((artistId, position) => ({ albumId: r.id, artistId, position })) : []));
    await insertRows(AlbumArtistModel, ours, tx(t));
    return byKey;
  }

  async createAlbum(input: { title: string; type: AlbumType; releaseDate: string | null; createdById: string | null }, t?: Transaction): Promise<AlbumRecord> {
    const m = await AlbumModel.create({ id: newId(), ...input, coverKey: null }, tx(t));
    return toAlbumRecord(m);
  }

  async updateAlbum(id: string, patch: AlbumPatch, t?: Transaction): Promise<void> {
    if (Object.keys(patch).length) await AlbumModel.update(patch, { where: { id }, ...tx(t) });
  }

  /** A renamed album, or one with other artists, no longer stands for the name it was created under. */
  async clearAlbumMatchKey(id: string, t?: Transaction): Promise<void> {
    await AlbumModel.update({ matchKey: null }, { where: { id }, ...tx(t) });
  }

  async setAlbumArtists(albumId: string, artistIds: string[], t?: Transaction): Promise<void> {
    await AlbumArtistModel.destroy({ where: { albumId }, ...tx(t) });
    await AlbumArtistModel.bulkCreate(artistIds.map((artistId, position) => ({ albumId, artistId, position })), tx(t));
  }

  /** Deletes albums (their tracks must be gone already) and returns their cover keys. */
  async deleteAlbums(ids: string[], t?: Transaction): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await AlbumModel.findAll({ attributes: ['coverKey'], where: { id: ids }, ...tx(t) });
    await AlbumModel.destroy({ where: { id: ids }, ...tx(t) });
    return rows.map((r) => r.coverKey).filter((k): k is string => !!k);
  }

  // --- tracks -----------------------------------------------------------------------------

  /**
   * Tracks with their credits and genres, a few multi-row inserts for any number of tracks.
   * A track whose audio another transaction has just added is skipped rather than failing the
   * statement (which would abort the caller's transaction); the answer holds the ids inserted.
   */
  async createTracks(
    tracks: { id: string; row: NewTrackRow; credits: { artistId: string; role: ArtistRole }[]; genreIds: string[] }[],
    t?: Transaction,
  ): Promise<Set<string>> {
    if (tracks.length === 0) return new Set();
    await insertRows(TrackModel, tracks.map((x) => ({ id: x.id, ...x.row })), { ignoreDuplicates: true, ...tx(t) });
    const inserted = new Set((await TrackModel.findAll({ attributes: ['id'], where: { id: tracks.map((x) => x.id) }, ...tx(t) })).map((m) => m.id));
    const kept = tracks.filter((x) => inserted.has(x.id));
    await insertRows(TrackArtistModel, kept.flatMap((x) => x.credits.map((c, position) => ({ trackId: x.id, artistId: c.artistId, role: c.role, position }))), tx(t));
    await insertRows(TrackGenreModel, kept.flatMap((x) => x.genreIds.map((genreId) => ({ trackId: x.id, genreId }))), tx(t));
    return inserted;
  }

  async updateTrack(id: string, patch: TrackPatch, t?: Transaction): Promise<void> {
    if (Object.keys(patch).length) await TrackModel.update(patch, { where: { id }, ...tx(t) });
  }

  async setTrackArtists(trackId: string, credits: { artistId: string; role: ArtistRole }[], t?: Transaction): Promise<void> {
    await TrackArtistModel.destroy({ where: { trackId }, ...tx(t) });
    await TrackArtistModel.bulkCreate(credits.map((c, position) => ({ trackId, artistId: c.artistId, role: c.role, position })), tx(t));
  }

  async setTrackGenres(trackId: string, genreIds: string[], t?: Transaction): Promise<void> {
    await TrackGenreModel.destroy({ where: { trackId }, ...tx(t) });
    if (genreIds.length) await TrackGenreModel.bulkCreate(genreIds.map((genreId) => ({ trackId, genreId })), tx(t));
  }

  /**
   * Deletes tracks and returns their audio and cover keys. Playlists that held them lose
   * the entries through the foreign key, so their counters are recomputed here in the same
   * transaction.
   */
  async deleteTracks(ids: string[], t?: Transaction): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await TrackModel.findAll({ attributes: ['audioKey', 'coverKey'], where: { id: ids }, ...tx(t) });
    const playlists = await db().query<{ playlist_id: string }>(
      'SELECT DISTINCT playlist_id FROM playlist_tracks WHERE track_id IN (:ids)',
      { replacements: { ids }, type: QueryTypes.SELECT, ...tx(t) },
    );
    await dropFromGeneratedPlaylists(ids, t);
    await TrackModel.destroy({ where: { id: ids }, ...tx(t) });
    if (playlists.length) {
      await db().query(
        `UPDATE playlists SET
           track_count = (SELECT COUNT(*) FROM playlist_tracks e WHERE e.playlist_id = playlists.id),
           duration_ms = (SELECT COALESCE(SUM(x.duration_ms), 0) FROM playlist_tracks e JOIN tracks x ON x.id = e.track_id WHERE e.playlist_id = playlists.id)
         WHERE id IN (:ids)`,
        { replacements: { ids: playlists.map((p) => p.playlist_id) }, ...tx(t) },
      );
    }
    return rows.flatMap((r) => [r.audioKey, r.coverKey]).filter((k): k is string => !!k);
  }

  // --- images and stored files ------------------------------------------------------------

  async imageKey(target: ImageTarget, t?: Transaction): Promise<{ found: boolean; key: string | null; albumId?: string | null }> {
    if (target.kind === 'artist') {
      const m = await ArtistModel.findByPk(target.id, { attributes: ['id', 'photoKey'], ...tx(t) });
      return { found: !!m, key: m?.photoKey ?? null };
    }
    if (target.kind === 'album') {
      const m = await AlbumModel.findByPk(target.id, { attributes: ['id', 'coverKey'], ...tx(t) });
      return { found: !!m, key: m?.coverKey ?? null };
    }
    const m = await TrackModel.findByPk(target.id, { attributes: ['id', 'coverKey', 'albumId'], ...tx(t) });
    return { found: !!m, key: m?.coverKey ?? null, albumId: m?.albumId ?? null };
  }

  async setImageKey(target: ImageTarget, key: string | null, t?: Transaction): Promise<void> {
    if (target.kind === 'artist') await ArtistModel.update({ photoKey: key }, { where: { id: target.id }, ...tx(t) });
    else if (target.kind === 'album') await AlbumModel.update({ coverKey: key }, { where: { id: target.id }, ...tx(t) });
    else await TrackModel.update({ coverKey: key }, { where: { id: target.id }, ...tx(t) });
  }

  /** Which of these stored keys some row still points at (content-addressed files can be shared). */
  async referencedKeys(keys: string[], t?: Transaction): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await db().query<{ k: string }>(
      `SELECT audio_key AS k FROM tracks WHERE audio_key IN (:keys)
       UNION SELECT cover_key FROM tracks WHERE cover_key IN (:keys)
       UNION SELECT cover_key FROM albums WHERE cover_key IN (:keys)
       UNION SELECT photo_key FROM artists WHERE photo_key IN (:keys)
       UNION SELECT cover_key FROM playlists WHERE cover_key IN (:keys)
       UNION SELECT avatar_key FROM users WHERE avatar_key IN (:keys)`,
      { replacements: { keys }, type: QueryTypes.SELECT, ...tx(t) },
    );
    return new Set(rows.map((r) => r.k));
  }

  /** The slug itself if free, else the first free `slug-N`. */
  private async freeSlug(table: 'artists', base: string, t?: Transaction, alsoTaken: Set<string> = new Set()): Promise<string> {
    const rows = await db().query<{ slug: string }>(`SELECT slug FROM ${table} WHERE slug = :base OR slug LIKE :prefix`, {
      replacements: { base, prefix: `${base.replace(/[\\%_]/g, '')}-%` },
      type: QueryTypes.SELECT,
      ...tx(t),
    });
    const taken = new Set([...rows.map((r) => r.slug), ...alsoTaken]);
    if (!taken.has(base)) return base;
    for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
  }
}

/**
 * Generated playlists keep their tracks as a JSON list (no entry rows, so no foreign key takes
 * them out): the deleted tracks leave those lists here, and the counters follow, in one
 * statement per dialect. Runs before the tracks go, while their durations can still be read.
 */
async function dropFromGeneratedPlaylists(ids: string[], t?: Transaction): Promise<void> {
  const sequelize = db();
  const holds = ids.map((_, i) => `generated_track_ids LIKE :p${i}`).join(' OR ');
  const patterns = Object.fromEntries(ids.map((id, i) => [`p${i}`, `%"${id}"%`]));
  const removedMs = `COALESCE((SELECT SUM(x.duration_ms) FROM tracks x
      WHERE x.id IN (:ids) AND playlists.generated_track_ids LIKE '%"' || CAST(x.id AS TEXT) || '"%'), 0)`;
  const sql =
    sequelize.getDialect() === 'postgres'
      ? `UPDATE playlists SET
           generated_track_ids = (SELECT COALESCE(json_agg(e.v ORDER BY e.o), '[]'::json)::text
             FROM json_array_elements_text(playlists.generated_track_ids::json) WITH ORDINALITY AS e(v, o) WHERE e.v NOT IN (:ids)),
           track_count = track_count - (SELECT COUNT(*) FROM json_array_elements_text(playlists.generated_track_ids::json) AS e(v) WHERE e.v IN (:ids)),
           duration_ms = duration_ms - ${removedMs}
         WHERE kind = 'generated' AND (${holds})`
      : `UPDATE playlists SET
           generated_track_ids = (SELECT json_group_array(value) FROM
             (SELECT value FROM json_each(playlists.generated_track_ids) WHERE value NOT IN (:ids) ORDER BY key)),
           track_count = track_count - (SELECT COUNT(*) FROM json_each(playlists.generated_track_ids) WHERE value IN (:ids)),
           duration_ms = duration_ms - ${removedMs}
         WHERE kind = 'generated' AND (${holds})`;
  await sequelize.query(sql, { replacements: { ids, ...patterns }, ...tx(t) });
}
