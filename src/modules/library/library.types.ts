import type { Actor } from '../../shared/actor.js';
import type { CursorValues } from '../../shared/pagination.js';
import type { AlbumSummaryDto, TrackDto } from '../catalog/index.js';

/** One row of a library list: what was liked or saved, and when. */
export interface LibraryItem {
  id: string;
  at: Date;
}

export interface LibraryListQuery {
  userId: string;
  limit: number;
  cursor: CursorValues | null;
}

export interface LibraryRepository {
  trackExists(trackId: string): Promise<boolean>;
  albumExists(albumId: string): Promise<boolean>;
  /** Both idempotent: liking twice keeps the first date. */
  likeTrack(userId: string, trackId: string, at: Date): Promise<void>;
  unlikeTrack(userId: string, trackId: string): Promise<void>;
  saveAlbum(userId: string, albumId: string, at: Date): Promise<void>;
  unsaveAlbum(userId: string, albumId: string): Promise<void>;
  /** Newest first, keyset-paged on (created_at, id). */
  listLikedTracks(q: LibraryListQuery): Promise<LibraryItem[]>;
  listSavedAlbums(q: LibraryListQuery): Promise<LibraryItem[]>;
}

/** What the library needs from the catalog: its views for the caller, in the order asked. */
export interface CatalogLookup {
  getTracks(actor: Actor, ids: string[]): Promise<TrackDto[]>;
  getAlbumSummaries(actor: Actor, ids: string[]): Promise<AlbumSummaryDto[]>;
}
