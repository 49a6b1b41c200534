import type { Transaction, WhereOptions } from 'sequelize';
import { isAdmin, requireAdmin, type Actor } from '../../shared/actor.js';
import { ConflictError, NotFoundError, type FieldError } from '../../shared/errors.js';
import { encodeCursor, pageRequest, type Page } from '../../shared/pagination.js';
import type { Logger } from '../../shared/logger.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { isSafeText, UNSAFE_TEXT_MESSAGE } from '../../shared/text.js';
import { CatalogAccess } from './catalog.access.js';
import { TrackCreation } from './track-creation.js';
import { listPage, type ListParams } from './list-page.js';
import type { SequelizeCatalogRepository } from './catalog.repository.js';
import type { SequelizeCatalogViewsRepository } from './catalog-views.repository.js';
import {
  toAlbumDto, toAlbumSummaryDto, toArtistDto, toGenreDto, toPlaylistSummaryDto, toTrackDto,
  type AlbumDto, type AlbumSummaryDto, type ArtistDto, type GenreDto, type PlaylistSummaryDto, type TrackDto,
} from './catalog.mapper.js';
import {
  checkAlbumType, checkCredits, checkDate, checkGenreNames, checkIds, checkName, checkPositive, checkText, nameKey, orderCredits, throwIfAny, uniqueGenreNames,
} from './catalog.rules.js';
import {
  ALBUM_SORTS, ARTIST_SORTS, SEARCH_KINDS, TRACK_SORTS,
  type AlbumSort, type AlbumType, type ArtistRole, type ArtistSort, type FilePort,
  type ImageTarget, type ManagedKind, type NewTrackInput, type NewTrackResult, type SearchKind, type TrackCheck, type SearchRepository, type ReplayGain, type TrackLyrics, type TrackSort, type TxOptions,
} from './catalog.types.js';

/** The most a top-tracks list gives. */
const MAX_TOP_TRACKS = 100;

export interface CatalogServiceDeps {
  repo: SequelizeCatalogRepository;
  views: SequelizeCatalogViewsRepository;
  search: SearchRepository;
  transaction: <T>(fn: (t: Transaction) => Promise<T>) => Promise<T>;
  files: FilePort;
  users: { findById(id: string): Promise<{ id: string; role: string } | null> };
  logger?: Pick<Logger, 'warn'>;
}

export interface SearchResult {
  tracks: { items: TrackDto[] };
  albums: { items: AlbumSummaryDto[] };
  artists: { items: ArtistDto[] };
  playlists: { items: PlaylistSummaryDto[] };
}

const viewerOf = (actor: Actor) => (actor.kind === 'user' ? actor.id : null);
const byIds = <T>(ids: string[], items: T[], idOf: (x: T) => string) => {
  const map = new Map(items.map((x) => [idOf(x), x]));
  return ids.map((id) => map.get(id)).filter((x): x is T => x !== undefined);
};

/**
 * The catalog: artists, albums, tracks and genres, and search over them. Every door
 * (API, panel, CLI, importer) comes here with an actor.
 */
export class CatalogService {
  private readonly access: CatalogAccess;
  private readonly creation: TrackCreation;

  constructor(private readonly d: CatalogServiceDeps) {
    this.access = new CatalogAccess(d.repo);
    this.creation = new TrackCreation({ repo: d.repo, access: this.access, transaction: d.transaction });
  }

  // --- batch reads for other modules --------------------------------------------------------

  /** Tracks in the order of `ids`, unknown ids left out; a fixed number of queries for any number of ids. */
  async getTracks(actor: Actor, ids: string[], opts: TxOptions = {}): Promise<TrackDto[]> {
    const unique = [...new Set(ids)];
    const views = await this.d.views.trackViews(unique, viewerOf(actor), opts.transaction);
    const dtos = byIds(unique, views, (v) => v.track.id).map(toTrackDto);
    const map = new Map(dtos.map((t) => [t.id, t]));
    return ids.map((id) => map.get(id)).filter((t): t is TrackDto => t !== undefined);
  }

  async getAlbumSummaries(actor: Actor, ids: string[]): Promise<AlbumSummaryDto[]> {
    const views = await this.d.views.albumViews([...new Set(ids)], viewerOf(actor));
    return byIds(ids, views, (v) => v.album.id).map(toAlbumSummaryDto);
  }

  async getArtistSummaries(actor: Actor, ids: string[]): Promise<ArtistDto[]> {
    const views = await this.d.views.artistViews([...new Set(ids)], viewerOf(actor));
    return byIds(ids, views, (v) => v.artist.id).map(toArtistDto);
  }

  async findTrackIdBySha256(sha256: string): Promise<string | null> {
    return this.d.repo.findTrackIdBySha256(sha256);
  }

  async getTrackAudio(_actor: Actor, trackId: string) {
    const t = await this.d.repo.findTrack(trackId);
    if (!t) throw new NotFoundError('Track');
    return { key: t.audioKey, mimeType: t.audioMime, sizeBytes: t.audioSizeBytes, sha256: t.audioSha256, updatedAt: t.updatedAt, durationMs: t.durationMs, bitrate: t.audioBitrate };
  }

  async canManageArtist(actor: Actor, artistId: string): Promise<boolean> {
    if (!(await this.d.repo.findArtist(artistId))) return false;
    return (await this.access.managed(actor, [artistId])).has(artistId);
  }

  async managedArtistIds(actor: Actor): Promise<string[]> {
    if (isAdmin(actor)) return this.d.repo.allArtistIds();
    if (actor.kind === 'user' && actor.role === 'artist') return this.d.repo.managedArtistIds(actor.id);
    return [];
  }

  /**
   * What the actor may see and edit of the artists, albums or tracks in the panel, as a
   * condition on that table's rows for the panel's reads; null means everything (admins). An
   * artist account sees the artists it manages and their albums and tracks; anyone else nothing.
   */
  async managedScope(actor: Actor, kind: ManagedKind): Promise<WhereOptions | null> {
    if (isAdmin(actor)) return null;
    return this.d.repo.creditedScope(kind, await this.managedArtistIds(actor));
  }

  // --- tracks ---------------------------------------------------------------------------

  async getTrack(actor: Actor, trackId: string): Promise<TrackDto> {
    const [track] = await this.getTracks(actor, [trackId]);
    if (!track) throw new NotFoundError('Track');
    return track;
  }

  /** The track's lyrics as its file tagged them; null when it had none. */
  async getTrackLyrics(_actor: Actor, trackId: string): Promise<TrackLyrics | null> {
    const lyrics = await this.d.repo.findTrackLyrics(trackId);
    if (lyrics === undefined) throw new NotFoundError('Track');
    return lyrics;
  }

  /** The most played tracks (plays that count) of the artist of that name; none for a name nobody has. */
  async topTracksByArtistName(actor: Actor, name: string, limit: number): Promise<TrackDto[]> {
    const artist = (await this.d.repo.findArtistsByName([name])).get(nameKey(name));
    if (!artist || limit < 1) return [];
    return this.getTracks(actor, await this.d.repo.topTrackIds(artist.id, Math.min(limit, MAX_TOP_TRACKS)));
  }

  /** ReplayGain of those of the tracks whose files had it, by id. */
  async getReplayGains(_actor: Actor, ids: string[]): Promise<Map<string, ReplayGain>> {
    return this.d.repo.replayGains([...new Set(ids)]);
  }

  async listTracks(actor: Actor, p: ListParams & { genre?: string; artistId?: string; albumId?: string }): Promise<Page<TrackDto>> {
    const genreId = await this.genreFilter(p.genre);
    if (genreId === null) return { items: [], nextCursor: null };
    const filter = { genreId, artistId: p.artistId, albumId: p.albumId };
    const page = await listPage<TrackSort>(this.d.search, 'track', p, TRACK_SORTS, p.albumId ? 'album' : '-createdAt', (q) => this.d.views.listTracks(filter, q));
    return { items: await this.getTracks(actor, page.ids), nextCursor: page.nextCursor };
  }

  /**
   * One transaction: artists, album and genres are found by name (case-insensitively) or
   * created. An artist account may only attach tracks to artists it manages; artists it
   * creates by name become its own.
   */
  async createTrack(actor: Actor, input: NewTrackInput, opts: TxOptions = {}): Promise<TrackDto> {
    return this.inTransaction(opts, async (t) => {
      const trackId = await this.creation.createTrack(actor, input, { transaction: t });
      const [dto] = await this.getTracks(actor, [trackId], { transaction: t });
      return dto!;
    });
  }

  /**
   * Many tracks in one transaction (see TrackCreation): each input is answered on its own, so
   * one that breaks a rule never stops the others. A database error fails the whole batch.
   */
  async createTracks(actor: Actor, inputs: NewTrackInput[], opts: TxOptions = {}): Promise<NewTrackResult[]> {
    return this.creation.createTracks(actor, inputs, opts);
  }

  /** createTracks' answers without writing anything (an import's --dry-run). */
  async checkTracks(actor: Actor, inputs: NewTrackInput[]): Promise<TrackCheck[]> {
    return this.creation.checkTracks(actor, inputs);
  }

  async updateTrack(
    actor: Actor,
    trackId: string,
    patch: { title?: string; artists?: { id: string; role: ArtistRole }[]; albumId?: string | null; genres?: string[]; trackNumber?: number | null; discNumber?: number | null; releaseDate?: string | null },
  ): Promise<TrackDto> {
    await this.transaction(async (t) => {
      await this.access.track(actor, trackId, t);
      const errors: FieldError[] = [];
      if (patch.title !== undefined) checkName(patch.title, 'title', errors);
      if (patch.artists !== undefined) checkCredits(patch.artists, 'artists', errors);
      if (patch.albumId !== undefined && patch.albumId !== null) checkIds([patch.albumId], 'albumId', errors);
      checkGenreNames(patch.genres, 'genres', errors);
      checkPositive(patch.trackNumber, 'trackNumber', errors);
      checkPositive(patch.discNumber, 'discNumber', errors);
      checkDate(patch.releaseDate, 'releaseDate', errors);
      throwIfAny(errors);
      if (patch.artists) await this.d.repo.setTrackArtists(trackId, await this.creditsById(actor, orderCredits(patch.artists), t), t);
      if (patch.albumId) await this.access.album(actor, patch.albumId, t);
      if (patch.genres) {
        const genres = await this.d.repo.findOrCreateGenres(uniqueGenreNames(patch.genres), t);
        await this.d.repo.setTrackGenres(trackId, genres.map((g) => g.id), t);
      }
      await this.d.repo.updateTrack(
        trackId,
        {
          ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
          ...(patch.albumId !== undefined ? { albumId: patch.albumId } : {}),
          ...(patch.trackNumber !== undefined ? { trackNumber: patch.trackNumber } : {}),
          ...(patch.discNumber !== undefined ? { discNumber: patch.discNumber } : {}),
          ...(patch.releaseDate !== undefined ? { releaseDate: patch.releaseDate } : {}),
        },
        t,
      );
    });
    return this.getTrack(actor, trackId);
  }

  async deleteTrack(actor: Actor, trackId: string): Promise<void> {
    const keys = await this.transaction(async (t) => {
      await this.access.track(actor, trackId, t);
      return this.d.repo.deleteTracks([trackId], t);
    });
    await this.releaseFiles(keys);
  }

  // --- albums ---------------------------------------------------------------------------

  async getAlbum(actor: Actor, albumId: string): Promise<AlbumDto> {
    const [view] = await this.d.views.albumViews([albumId], viewerOf(actor));
    if (!view) throw new NotFoundError('Album');
    const trackIds = await this.d.repo.albumTrackIds([albumId]);
    return toAlbumDto(view, await this.getTracks(actor, trackIds));
  }

  async listAlbums(actor: Actor, p: ListParams & { artistId?: string }): Promise<Page<AlbumSummaryDto>> {
    const page = await listPage<AlbumSort>(this.d.search, 'album', p, ALBUM_SORTS, p.artistId ? '-releaseDate' : '-createdAt', (q) =>
      this.d.views.listAlbums({ artistId: p.artistId }, q),
    );
    return { items: await this.getAlbumSummaries(actor, page.ids), nextCursor: page.nextCursor };
  }

  async createAlbum(actor: Actor, input: { title: string; type?: AlbumType; releaseDate?: string | null; artistIds: string[] }): Promise<AlbumDto> {
    this.access.requireWriter(actor);
    const errors: FieldError[] = [];
    checkName(input.title, 'title', errors);
    checkAlbumType(input.type, 'type', errors);
    checkDate(input.releaseDate, 'releaseDate', errors);
    checkIds(input.artistIds, 'artistIds', errors, 1);
    throwIfAny(errors);
    const albumId = await this.transaction(async (t) => {
      await this.access.assertArtists(actor, input.artistIds, t);
      const album = await this.d.repo.createAlbum({ title: input.title.trim(), type: input.type ?? 'album', releaseDate: input.releaseDate ?? null, createdById: viewerOf(actor) }, t);
      await this.d.repo.setAlbumArtists(album.id, input.artistIds, t);
      return album.id;
    });
    return this.getAlbum(actor, albumId);
  }

  async updateAlbum(actor: Actor, albumId: string, patch: { title?: string; type?: AlbumType; releaseDate?: string | null; artistIds?: string[] }): Promise<AlbumDto> {
    await this.transaction(async (t) => {
      await this.access.album(actor, albumId, t);
      const errors: FieldError[] = [];
      if (patch.title !== undefined) checkName(patch.title, 'title', errors);
      checkAlbumType(patch.type, 'type', errors);
      checkDate(patch.releaseDate, 'releaseDate', errors);
      if (patch.artistIds !== undefined) checkIds(patch.artistIds, 'artistIds', errors, 1);
      throwIfAny(errors);
      if (patch.artistIds) {
        await this.access.assertArtists(actor, patch.artistIds, t);
        await this.d.repo.setAlbumArtists(albumId, patch.artistIds, t);
      }
      if (patch.artistIds || patch.title !== undefined) await this.d.repo.clearAlbumMatchKey(albumId, t);
      await this.d.repo.updateAlbum(
        albumId,
        {
          ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
          ...(patch.type !== undefined ? { type: patch.type } : {}),
          ...(patch.releaseDate !== undefined ? { releaseDate: patch.releaseDate } : {}),
        },
        t,
      );
    });
    return this.getAlbum(actor, albumId);
  }

  /** An album with tracks is kept unless the caller asks to cascade, which deletes its tracks too. */
  async deleteAlbum(actor: Actor, albumId: string, opts: { cascade?: boolean } = {}): Promise<void> {
    const keys = await this.transaction(async (t) => {
      await this.access.album(actor, albumId, t);
      const trackIds = await this.d.repo.albumTrackIds([albumId], t);
      if (trackIds.length > 0 && !opts.cascade) {
        throw new ConflictError('The album still has tracks; delete them first or pass cascade=true', { tracks: trackIds.length });
      }
      return [...(await this.d.repo.deleteTracks(trackIds, t)), ...(await this.d.repo.deleteAlbums([albumId], t))];
    });
    await this.releaseFiles(keys);
  }

  // --- artists --------------------------------------------------------------------------

  async getArtist(actor: Actor, artistId: string): Promise<ArtistDto> {
    const [artist] = await this.getArtistSummaries(actor, [artistId]);
    if (!artist) throw new NotFoundError('Artist');
    return artist;
  }

  async listArtists(actor: Actor, p: ListParams & { genre?: string }): Promise<Page<ArtistDto>> {
    const genreId = await this.genreFilter(p.genre);
    if (genreId === null) return { items: [], nextCursor: null };
    const page = await listPage<ArtistSort>(this.d.search, 'artist', p, ARTIST_SORTS, 'name', (q) => this.d.views.listArtists({ genreId }, q));
    return { items: await this.getArtistSummaries(actor, page.ids), nextCursor: page.nextCursor };
  }

  async listArtistAlbums(actor: Actor, artistId: string, p: ListParams): Promise<Page<AlbumSummaryDto>> {
    if (!(await this.d.repo.findArtist(artistId))) throw new NotFoundError('Artist');
    return this.listAlbums(actor, { ...p, artistId });
  }

  async listArtistTracks(actor: Actor, artistId: string, p: ListParams): Promise<Page<TrackDto>> {
    if (!(await this.d.repo.findArtist(artistId))) throw new NotFoundError('Artist');
    return this.listTracks(actor, { ...p, artistId });
  }

  /** An artist account that creates a profile manages it from then on. */
  async createArtist(actor: Actor, input: { name: string; bio?: string | null; genres?: string[] }): Promise<ArtistDto> {
    this.access.requireWriter(actor);
    const errors: FieldError[] = [];
    checkName(input.name, 'name', errors);
    if (input.bio !== undefined && input.bio !== null && (typeof input.bio !== 'string' || input.bio.length > 5000)) errors.push({ path: 'bio', message: 'must be at most 5000 characters' });
    checkGenreNames(input.genres, 'genres', errors);
    throwIfAny(errors);
    const id = await this.transaction(async (t) => {
      const name = input.name.trim();
      const existing = async () => (await this.d.repo.findArtistsByName([name], t)).get(nameKey(name));
      const taken = (same: { id: string } | undefined) => new ConflictError('An artist with this name already exists', same ? { existingArtistId: same.id } : {});
      const same = await existing();
      if (same) throw taken(same);
      // Empty when another request took the name after the look-up: that artist is the answer's.
      const [artist] = await this.d.repo.createArtists([{ name, bio: input.bio ?? null, createdById: viewerOf(actor) }], t);
      if (!artist) throw taken(await existing());
      if (actor.kind === 'user' && actor.role === 'artist') await this.d.repo.addManager(artist.id, actor.id, t);
      if (input.genres?.length) {
        const genres = await this.d.repo.findOrCreateGenres(uniqueGenreNames(input.genres), t);
        await this.d.repo.setArtistGenres(artist.id, genres.map((g) => g.id), t);
      }
      return artist.id;
    });
    return this.getArtist(actor, id);
  }

  async updateArtist(actor: Actor, artistId: string, patch: { name?: string; bio?: string | null; genres?: string[] }): Promise<ArtistDto> {
    await this.transaction(async (t) => {
      await this.access.artist(actor, artistId, t);
      const errors: FieldError[] = [];
      if (patch.name !== undefined) checkName(patch.name, 'name', errors);
      if (patch.bio !== undefined && patch.bio !== null && (typeof patch.bio !== 'string' || patch.bio.length > 5000)) errors.push({ path: 'bio', message: 'must be at most 5000 characters' });
      checkGenreNames(patch.genres, 'genres', errors);
      throwIfAny(errors);
      if (patch.name !== undefined) {
        const same = (await this.d.repo.findArtistsByName([patch.name.trim()], t)).get(nameKey(patch.name));
        if (same && same.id !== artistId) throw new ConflictError('An artist with this name already exists', { existingArtistId: same.id });
      }
      await this.d.repo.updateArtist(artistId, {
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.bio !== undefined ? { bio: patch.bio } : {}),
      }, t);
      if (patch.genres) {
        const genres = await this.d.repo.findOrCreateGenres(uniqueGenreNames(patch.genres), t);
        await this.d.repo.setArtistGenres(artistId, genres.map((g) => g.id), t);
      }
    });
    return this.getArtist(actor, artistId);
  }

  /**
   * An artist still credited on albums or tracks is kept unless the caller cascades. A
   * cascade deletes the albums and tracks that are the artist's alone, and removes the
   * artist's credit from those shared with other artists.
   */
  async deleteArtist(actor: Actor, artistId: string, opts: { cascade?: boolean } = {}): Promise<void> {
    const keys = await this.transaction(async (t) => {
      const artist = await this.access.artist(actor, artistId, t);
      const usage = await this.d.repo.artistUsage(artistId, t);
      if ((usage.albums > 0 || usage.tracks > 0) && !opts.cascade) {
        throw new ConflictError('The artist still has albums or tracks; delete them first or pass cascade=true', usage);
      }
      const albums = (await this.d.repo.albumsCrediting(artistId, t)).filter((a) => a.artistCount === 1).map((a) => a.albumId);
      const ownTracks = (await this.d.repo.tracksCrediting(artistId, t)).filter((c) => c.role === 'main' && c.otherMains === 0).map((c) => c.trackId);
      const trackIds = [...new Set([...ownTracks, ...(await this.d.repo.albumTrackIds(albums, t))])];
      const files = [...(await this.d.repo.deleteTracks(trackIds, t)), ...(await this.d.repo.deleteAlbums(albums, t))];
      await this.d.repo.uncreditArtist(artistId, t);
      await this.d.repo.deleteArtist(artistId, t);
      return artist.photoKey ? [...files, artist.photoKey] : files;
    });
    await this.releaseFiles(keys);
  }

  async addManager(actor: Actor, artistId: string, userId: string): Promise<void> {
    requireAdmin(actor);
    if (!(await this.d.repo.findArtist(artistId))) throw new NotFoundError('Artist');
    const user = await this.d.users.findById(userId);
    if (!user) throw new NotFoundError('User');
    if (user.role !== 'artist') throw new ConflictError('Only artist accounts can manage artist profiles', { role: user.role });
    await this.d.repo.addManager(artistId, userId);
  }

  async removeManager(actor: Actor, artistId: string, userId: string): Promise<void> {
    requireAdmin(actor);
    if (!(await this.d.repo.findArtist(artistId))) throw new NotFoundError('Artist');
    if (!(await this.d.repo.removeManager(artistId, userId))) throw new NotFoundError('Manager');
  }

  // --- genres ---------------------------------------------------------------------------

  async listGenres(_actor: Actor, p: { limit?: number; cursor?: string }): Promise<Page<GenreDto>> {
    const page = pageRequest(p);
    const rows = await this.d.views.listGenres({ limit: page.limit, cursor: page.cursor });
    const kept = rows.slice(0, page.limit);
    return { items: kept.map((r) => toGenreDto(r.genre)), nextCursor: rows.length > page.limit ? encodeCursor(kept[kept.length - 1]!.key) : null };
  }

  async createGenre(actor: Actor, input: { name: string }): Promise<GenreDto> {
    requireAdmin(actor);
    const errors: FieldError[] = [];
    checkText(input.name, 'name', 100, errors);
    throwIfAny(errors);
    const genre = await this.d.repo.createGenre(input.name.trim());
    if (!genre) throw new ConflictError('A genre with this name already exists');
    return toGenreDto(genre);
  }

  async updateGenre(actor: Actor, genreId: string, input: { name: string }): Promise<GenreDto> {
    requireAdmin(actor);
    const genre = await this.d.repo.findGenre(genreId);
    if (!genre) throw new NotFoundError('Genre');
    const errors: FieldError[] = [];
    checkText(input.name, 'name', 100, errors);
    throwIfAny(errors);
    await this.transaction(async (t) => {
      const same = await this.d.repo.findGenreByName(input.name.trim(), t);
      if (same && same.id !== genre.id) throw new ConflictError('A genre with this name already exists');
      await this.d.repo.updateGenre(genre.id, input.name.trim(), t);
    });
    return toGenreDto((await this.d.repo.findGenre(genreId))!);
  }

  async deleteGenre(actor: Actor, genreId: string, opts: { cascade?: boolean } = {}): Promise<void> {
    requireAdmin(actor);
    if (!(await this.d.repo.findGenre(genreId))) throw new NotFoundError('Genre');
    const usage = await this.d.repo.genreUsage(genreId);
    if (usage > 0 && !opts.cascade) throw new ConflictError('The genre is still used; pass cascade=true to remove it from artists and tracks', { uses: usage });
    await this.d.repo.deleteGenre(genreId);
  }

  // --- images ---------------------------------------------------------------------------

  /**
   * Records a new image key and returns the old key when nothing else uses it any more, so
   * the caller can delete that file (content-addressed images may be shared).
   */
  async setImage(actor: Actor, target: ImageTarget, key: string): Promise<string | null> {
    const old = await this.transaction(async (t) => {
      await this.assertImageTarget(actor, target, t);
      const current = await this.d.repo.imageKey(target, t);
      await this.d.repo.setImageKey(target, key, t);
      return current.key;
    });
    if (!old || old === key) return null;
    return (await this.d.repo.referencedKeys([old])).has(old) ? null : old;
  }

  /** The stored image of an artist, album or track (a track falls back to its album's cover); null when there is none. */
  async getImageKey(_actor: Actor, target: ImageTarget): Promise<string | null> {
    const found = await this.d.repo.imageKey(target);
    if (!found.found) throw new NotFoundError(target.kind === 'artist' ? 'Artist' : target.kind === 'album' ? 'Album' : 'Track');
    if (found.key || target.kind !== 'track' || !found.albumId) return found.key;
    return (await this.d.repo.imageKey({ kind: 'album', id: found.albumId })).key;
  }

  // --- search ---------------------------------------------------------------------------

  /** Ranked search across kinds; each kind costs a fixed number of queries. */
  async search(actor: Actor, input: { q: string; types?: string[]; limit?: number }): Promise<SearchResult> {
    const errors: FieldError[] = [];
    const q = typeof input.q === 'string' ? input.q.trim() : '';
    if (q.length === 0 || q.length > 200) errors.push({ path: 'q', message: 'must be 1-200 characters' });
    else if (!isSafeText(q)) errors.push({ path: 'q', message: UNSAFE_TEXT_MESSAGE });
    const types = input.types?.length ? input.types : [...SEARCH_KINDS];
    if (types.some((k) => !SEARCH_KINDS.includes(k as SearchKind))) errors.push({ path: 'type', message: `must be a comma list of ${SEARCH_KINDS.join(', ')}` });
    const limit = input.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) errors.push({ path: 'limit', message: 'must be 1..50' });
    throwIfAny(errors);
    const wanted = new Set(types as SearchKind[]);
    const ids = async (kind: SearchKind) => (wanted.has(kind) ? (await this.d.search.search(kind, q, limit)).map((h) => h.id) : []);
    // The kinds are independent: on a pooled database they run side by side.
    const [tracks, albums, artists, playlists] = await Promise.all([
      ids('track').then((x) => (x.length ? this.getTracks(actor, x) : [])),
      ids('album').then((x) => (x.length ? this.getAlbumSummaries(actor, x) : [])),
      ids('artist').then((x) => (x.length ? this.getArtistSummaries(actor, x) : [])),
      ids('playlist').then(async (x) => (x.length ? byIds(x, await this.d.views.playlistSummaries(x), (p) => p.id).map(toPlaylistSummaryDto) : [])),
    ]);
    return { tracks: { items: tracks }, albums: { items: albums }, artists: { items: artists }, playlists: { items: playlists } };
  }

  // --- helpers --------------------------------------------------------------------------

  /** undefined: no filter; null: a genre nobody has, so the list is empty. */
  private async genreFilter(genre: string | undefined): Promise<string | undefined | null> {
    if (genre === undefined) return undefined;
    return (await this.d.repo.findGenre(genre))?.id ?? null;
  }

  private async creditsById(actor: Actor, credits: { id: string; role: ArtistRole }[], t: Transaction) {
    await this.access.assertArtists(actor, credits.map((c) => c.id), t);
    return credits.map((c) => ({ artistId: c.id, role: c.role }));
  }

  private async assertImageTarget(actor: Actor, target: ImageTarget, t: Transaction): Promise<void> {
    if (target.kind === 'artist') await this.access.artist(actor, target.id, t);
    else if (target.kind === 'album') await this.access.album(actor, target.id, t);
    else await this.access.track(actor, target.id, t);
  }

  private inTransaction<T>(opts: TxOptions, fn: (t: Transaction) => Promise<T>): Promise<T> {
    return opts.transaction ? fn(opts.transaction) : this.transaction(fn);
  }

  /**
   * A unique index can still refuse a write that the checks before it let through (two
   * requests renaming to one free name at the same moment): that is a conflict, never a crash.
   */
  private async transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    try {
      return await this.d.transaction(fn);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError('Another request wrote the same name at the same moment; nothing was changed');
      throw err;
    }
  }

  /** After the commit: files no row points at any more go; a failure leaves an orphan file, never a row without its file. */
  private async releaseFiles(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      const still = await this.d.repo.referencedKeys([...new Set(keys)]);
      const gone = [...new Set(keys)].filter((k) => !still.has(k));
      if (gone.length) await this.d.files.delete(gone);
    } catch (err) {
      this.d.logger?.warn({ err, keys }, 'could not delete stored files after a catalog delete');
    }
  }
}
