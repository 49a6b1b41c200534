import { requireUser, type Actor } from '../../shared/actor.js';
import { NotFoundError, type FieldError } from '../../shared/errors.js';
import { isSafeText, UNSAFE_TEXT_MESSAGE } from '../../shared/text.js';
import { imageUrl } from '../../shared/image-url.js';
import { throwIfAny } from './catalog.rules.js';
import type { CatalogService } from './catalog.service.js';
import type { AlbumSummaryDto, TrackDto } from './catalog.mapper.js';
import type { GenreRecord, SearchRepository } from './catalog.types.js';
import {
  ALBUM_LIST_TYPES, type AlbumListType, type BrowseAlbum, type BrowseArtist, type BrowseKind, type BrowseRepository, type BrowseTrack, type GenreCount,
} from './browse.types.js';

/** The most one list or search page gives at once. */
export const BROWSE_MAX = 500;
/** How deep a ranked search pages: past this, a client should refine its query. */
const SEARCH_DEPTH = 500;
/** Albums listed with one artist. */
const ARTIST_ALBUMS_MAX = 1000;

export interface BrowseServiceDeps {
  repo: BrowseRepository;
  catalog: CatalogService;
  search: SearchRepository;
  findGenreByName(name: string): Promise<GenreRecord | null>;
}

type Window = { count: number; offset: number };

function checkWindow(w: Window, path: string, errors: FieldError[], max = BROWSE_MAX): void {
  if (!Number.isInteger(w.count) || w.count < 0 || w.count > max) errors.push({ path: `${path}Count`, message: `must be 0..${max}` });
  if (!Number.isInteger(w.offset) || w.offset < 0) errors.push({ path: `${path}Offset`, message: 'must be 0 or more' });
}

function checkYear(value: number | undefined, path: string, errors: FieldError[]): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 9999)) errors.push({ path, message: 'must be a year, 0..9999' });
}

/**
 * The library read by position, as Subsonic apps read it: album lists of every kind, random
 * picks, genres with counts, and search pages with offsets, each item carrying the caller's own
 * marks (when they starred it, when they last played it). Every page costs a fixed number of
 * queries: ids first, then the items and their marks in batches.
 */
export class BrowseService {
  constructor(private readonly d: BrowseServiceDeps) {}

  async albumList(
    actor: Actor,
    input: { type: string; size: number; offset: number; genre?: string; fromYear?: number; toYear?: number },
  ): Promise<BrowseAlbum[]> {
    const me = requireUser(actor);
    const errors: FieldError[] = [];
    if (!ALBUM_LIST_TYPES.includes(input.type as AlbumListType)) errors.push({ path: 'type', message: `must be one of ${ALBUM_LIST_TYPES.join(', ')}` });
    checkWindow({ count: input.size, offset: input.offset }, 'size', errors);
    if (input.type === 'byYear' && (input.fromYear === undefined || input.toYear === undefined)) errors.push({ path: 'fromYear', message: 'fromYear and toYear are required for byYear' });
    if (input.type === 'byGenre' && !input.genre) errors.push({ path: 'genre', message: 'is required for byGenre' });
    checkYear(input.fromYear, 'fromYear', errors);
    checkYear(input.toYear, 'toYear', errors);
    throwIfAny(errors);
    let genreId: string | undefined;
    if (input.type === 'byGenre') {
      const genre = await this.d.findGenreByName(input.genre!);
      if (!genre) return [];
      genreId = genre.id;
    }
    const ids = input.size === 0 ? [] : await this.d.repo.albumIds({ type: input.type as AlbumListType, size: input.size, offset: input.offset, userId: me.id, genreId, fromYear: input.fromYear, toYear: input.toYear });
    return this.albums(actor, ids);
  }

  /** Albums in the order of `ids`, unknown ids left out. */
  async albums(actor: Actor, ids: string[]): Promise<BrowseAlbum[]> {
    const me = requireUser(actor);
    if (ids.length === 0) return [];
    const [albums, marks] = await Promise.all([this.d.catalog.getAlbumSummaries(actor, ids), this.d.repo.albumMarks(me.id, ids)]);
    return albums.flatMap((a: AlbumSummaryDto) => {
      const m = marks.get(a.id);
      return m ? [{ ...a, ...m }] : [];
    });
  }

  async album(actor: Actor, albumId: string): Promise<{ album: BrowseAlbum; tracks: BrowseTrack[] }> {
    const { tracks, createdAt: _createdAt, ...summary } = await this.d.catalog.getAlbum(actor, albumId);
    const me = requireUser(actor);
    const [marks, marked] = await Promise.all([this.d.repo.albumMarks(me.id, [albumId]), this.marked(actor, me.id, tracks)]);
    const m = marks.get(albumId);
    if (!m) throw new NotFoundError('Album');
    return { album: { ...summary, ...m }, tracks: marked };
  }

  async tracks(actor: Actor, ids: string[]): Promise<BrowseTrack[]> {
    const me = requireUser(actor);
    if (ids.length === 0) return [];
    return this.marked(actor, me.id, await this.d.catalog.getTracks(actor, ids));
  }

  async track(actor: Actor, trackId: string): Promise<BrowseTrack> {
    const [track] = await this.tracks(actor, [trackId]);
    if (!track) throw new NotFoundError('Track');
    return track;
  }

  /** Every artist, by name: what the artist index of an app shows. */
  async artists(actor: Actor): Promise<BrowseArtist[]> {
    const me = requireUser(actor);
    return (await this.d.repo.artistRows(me.id)).map(({ photoKey, ...r }) => ({ ...r, photoUrl: imageUrl(photoKey) }));
  }

  /** Artists in the order of `ids`, unknown ids left out. */
  async artistsById(actor: Actor, ids: string[]): Promise<BrowseArtist[]> {
    const me = requireUser(actor);
    const rows = new Map((await this.d.repo.artistRows(me.id, [...new Set(ids)])).map(({ photoKey, ...r }) => [r.id, { ...r, photoUrl: imageUrl(photoKey) }]));
    return ids.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : []));
  }

  async artist(actor: Actor, artistId: string): Promise<{ artist: BrowseArtist; albums: BrowseAlbum[] }> {
    const me = requireUser(actor);
    const [row] = await this.d.repo.artistRows(me.id, [artistId]);
    if (!row) throw new NotFoundError('Artist');
    const { photoKey, ...artist } = row;
    return { artist: { ...artist, photoUrl: imageUrl(photoKey) }, albums: await this.albums(actor, await this.d.repo.artistAlbumIds(artistId, ARTIST_ALBUMS_MAX)) };
  }

  async randomTracks(actor: Actor, input: { size: number; genre?: string; fromYear?: number; toYear?: number }): Promise<BrowseTrack[]> {
    const errors: FieldError[] = [];
    checkWindow({ count: input.size, offset: 0 }, 'size', errors);
    checkYear(input.fromYear, 'fromYear', errors);
    checkYear(input.toYear, 'toYear', errors);
    throwIfAny(errors);
    const genreId = await this.genreId(input.genre);
    if (genreId === null || input.size === 0) return [];
    return this.tracks(actor, await this.d.repo.randomTrackIds({ size: input.size, genreId, fromYear: input.fromYear, toYear: input.toYear }));
  }

  async tracksByGenre(actor: Actor, input: { genre: string; count: number; offset: number }): Promise<BrowseTrack[]> {
    const errors: FieldError[] = [];
    checkWindow(input, 'count', errors);
    throwIfAny(errors);
    const genreId = await this.genreId(input.genre);
    if (!genreId || input.count === 0) return [];
    return this.tracks(actor, await this.d.repo.trackIdsByGenre(genreId, input.offset, input.count));
  }

  async genres(_actor: Actor): Promise<GenreCount[]> {
    return this.d.repo.genreCounts();
  }

  /**
   * A page of each kind. An empty query pages through everything, oldest first, which is how
   * syncing apps read a whole library; otherwise the catalog's ranked search, paged by offset.
   */
  async search(
    actor: Actor,
    input: { q: string; artists: Window; albums: Window; tracks: Window },
  ): Promise<{ artists: BrowseArtist[]; albums: BrowseAlbum[]; tracks: BrowseTrack[] }> {
    const me = requireUser(actor);
    const q = input.q.trim();
    const errors: FieldError[] = [];
    if (q.length > 200) errors.push({ path: 'query', message: 'must be at most 200 characters' });
    else if (!isSafeText(q)) errors.push({ path: 'query', message: UNSAFE_TEXT_MESSAGE });
    checkWindow(input.artists, 'artist', errors);
    checkWindow(input.albums, 'album', errors);
    checkWindow(input.tracks, 'song', errors);
    throwIfAny(errors);
    const page = async (kind: BrowseKind, w: Window): Promise<string[]> => {
      if (w.count === 0) return [];
      if (q === '') return this.d.repo.allIds(kind, w.offset, w.count);
      if (w.offset >= SEARCH_DEPTH) return [];
      const hits = await this.d.search.search(kind, q, Math.min(w.offset + w.count, SEARCH_DEPTH));
      return hits.slice(w.offset, w.offset + w.count).map((h) => h.id);
    };
    const [artistIds, albumIds, trackIds] = await Promise.all([page('artist', input.artists), page('album', input.albums), page('track', input.tracks)]);
    const [artistRows, albums, tracks] = await Promise.all([
      this.d.repo.artistRows(me.id, artistIds),
      this.albums(actor, albumIds),
      this.tracks(actor, trackIds),
    ]);
    const byId = new Map(artistRows.map(({ photoKey, ...r }) => [r.id, { ...r, photoUrl: imageUrl(photoKey) }]));
    return { artists: artistIds.flatMap((id) => byId.get(id) ?? []), albums, tracks };
  }

  /** undefined: no genre asked; null: a genre nobody has. */
  private async genreId(name: string | undefined): Promise<string | undefined | null> {
    if (name === undefined || name === '') return undefined;
    return (await this.d.findGenreByName(name))?.id ?? null;
  }

  private async marked(actor: Actor, userId: string, tracks: TrackDto[]): Promise<BrowseTrack[]> {
    const ids = tracks.map((t) => t.id);
    const [marks, gains] = await Promise.all([this.d.repo.trackMarks(userId, ids), this.d.catalog.getReplayGains(actor, ids)]);
    return tracks.map((t) => ({ ...t, ...(marks.get(t.id) ?? { starredAt: null, playedAt: null, albumArtists: [] }), replayGain: gains.get(t.id) ?? null }));
  }
}
