import type { Transaction } from 'sequelize';
import { isAdmin, requireRole, type Actor } from '../../shared/actor.js';
import { NotFoundError } from '../../shared/errors.js';
import type { SequelizeCatalogRepository } from './catalog.repository.js';
import type { AlbumRecord, ArtistRecord, TrackRecord } from './catalog.types.js';

/**
 * Who may change what. Listeners may never write (403); an artist account may write only
 * what belongs to artists it manages, and anything else is "not found" (404) so that ids
 * do not leak; admins and the system may do everything.
 */
export class CatalogAccess {
  constructor(private readonly repo: SequelizeCatalogRepository) {}

  /** Refuses roles that may never change the catalog. */
  requireWriter(actor: Actor): void {
    requireRole(actor, 'artist', 'admin');
  }

  /** The ids among `artistIds` the actor manages (all of them for admins). */
  async managed(actor: Actor, artistIds: string[], t?: Transaction): Promise<Set<string>> {
    if (isAdmin(actor)) return new Set(artistIds);
    if (actor.kind !== 'user' || actor.role !== 'artist') return new Set();
    return new Set(await this.repo.managedAmong(actor.id, artistIds, t));
  }

  /** Every artist must exist and be managed by the actor. */
  async assertArtists(actor: Actor, artistIds: string[], t?: Transaction): Promise<void> {
    const existing = new Set(await this.repo.existingArtistIds(artistIds, t));
    const managed = await this.managed(actor, artistIds, t);
    if (artistIds.some((id) => !existing.has(id) || !managed.has(id))) throw new NotFoundError('Artist');
  }

  async artist(actor: Actor, artistId: string, t?: Transaction): Promise<ArtistRecord> {
    this.requireWriter(actor);
    const artist = await this.repo.findArtist(artistId, t);
    if (!artist || !(await this.managed(actor, [artistId], t)).has(artistId)) throw new NotFoundError('Artist');
    return artist;
  }

  /** An album is an artist's when one of its album artists is managed by the actor. */
  async album(actor: Actor, albumId: string, t?: Transaction): Promise<AlbumRecord> {
    this.requireWriter(actor);
    const album = await this.repo.findAlbum(albumId, t);
    if (!album) throw new NotFoundError('Album');
    if (!isAdmin(actor)) {
      const ids = (await this.repo.albumArtistIds([albumId], t)).map((a) => a.artistId);
      if ((await this.managed(actor, ids, t)).size === 0) throw new NotFoundError('Album');
    }
    return album;
  }

  /** A track is an artist's when one of its main artists is managed by the actor. */
  async track(actor: Actor, trackId: string, t?: Transaction): Promise<TrackRecord> {
    this.requireWriter(actor);
    const track = await this.repo.findTrack(trackId, t);
    if (!track) throw new NotFoundError('Track');
    if (!isAdmin(actor)) {
      const mains = (await this.repo.trackCredits([trackId], t)).filter((c) => c.role === 'main').map((c) => c.artistId);
      if ((await this.managed(actor, mains, t)).size === 0) throw new NotFoundError('Track');
    }
    return track;
  }
}
