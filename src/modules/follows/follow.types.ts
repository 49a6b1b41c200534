import type { Actor } from '../../shared/actor.js';
import type { CursorValues } from '../../shared/pagination.js';
import type { AlbumSummaryDto, ArtistDto, TrackDto } from '../catalog/index.js';

export interface FollowRow {
  artistId: string;
  at: Date;
}

export type FeedKind = 'album' | 'track';

export interface FeedRow {
  kind: FeedKind;
  id: string;
  at: Date;
}

export interface FollowRepository {
  artistExists(artistId: string): Promise<boolean>;
  /** Idempotent: following twice keeps the first date. */
  follow(userId: string, artistId: string, at: Date): Promise<void>;
  unfollow(userId: string, artistId: string): Promise<void>;
  /** Newest first, keyset-paged on (created_at, artist_id). */
  listFollowing(q: { userId: string; limit: number; cursor: CursorValues | null }): Promise<FollowRow[]>;
  /** Albums and tracks of followed artists, newest first, keyset-paged on (created_at, id). */
  feed(q: { userId: string; limit: number; cursor: CursorValues | null }): Promise<FeedRow[]>;
}

/** What follows need from the catalog: its views for the caller, in the order asked. */
export interface CatalogLookup {
  getTracks(actor: Actor, ids: string[]): Promise<TrackDto[]>;
  getAlbumSummaries(actor: Actor, ids: string[]): Promise<AlbumSummaryDto[]>;
  getArtistSummaries(actor: Actor, ids: string[]): Promise<ArtistDto[]>;
}
