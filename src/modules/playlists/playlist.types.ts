import type { Transaction } from 'sequelize';
import type { Actor } from '../../shared/actor.js';
import type { CursorValues } from '../../shared/pagination.js';
import type { PlaylistKind, PlaylistVisibility } from './playlist.model.js';
import type { TrackDto } from '../catalog/index.js';

export type { PlaylistKind, PlaylistVisibility };

export interface PlaylistOwner {
  id: string;
  username: string;
  displayName: string;
}

/** A playlist as the service sees it: plain data with its owner's public face. */
export interface PlaylistRecord {
  id: string;
  ownerId: string;
  owner: PlaylistOwner;
  name: string;
  description: string | null;
  coverKey: string | null;
  visibility: PlaylistVisibility;
  kind: PlaylistKind;
  trackCount: number;
  durationMs: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns a write needs, read under the row lock. */
export interface LockedPlaylist {
  id: string;
  ownerId: string;
  visibility: PlaylistVisibility;
  kind: PlaylistKind;
  trackCount: number;
}

export interface EntryRecord {
  id: string;
  trackId: string;
  position: number;
  addedAt: Date;
}

export interface NewPlaylist {
  ownerId: string;
  name: string;
  description: string | null;
  visibility: PlaylistVisibility;
}

export type PlaylistPatch = Partial<Pick<PlaylistRecord, 'name' | 'description' | 'visibility' | 'coverKey'>>;

type Tx = { transaction: Transaction };

export interface PlaylistRepository {
  findById(id: string): Promise<PlaylistRecord | null>;
  create(p: NewPlaylist): Promise<string>;
  update(id: string, patch: PlaylistPatch, o?: Tx): Promise<void>;
  delete(id: string): Promise<void>;
  /** Newest first, keyset-paged on (created_at, id). */
  listByOwner(q: { ownerId: string; publicOnly: boolean; limit: number; cursor: CursorValues | null }): Promise<PlaylistRecord[]>;
  userExists(userId: string): Promise<boolean>;

  /** Locks the playlist row (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transaction already holds the write lock). */
  lock(id: string, o: Tx): Promise<LockedPlaylist | null>;
  /** How many entries there are and the highest position: dense positions have max = count - 1. */
  entryStats(playlistId: string, o: Tx): Promise<{ count: number; maxPosition: number }>;
  /** Rewrites positions to 0..n-1 in their current order and recomputes the counters; repairs after tracks were deleted. */
  repack(playlistId: string, o: Tx): Promise<void>;
  trackDurations(trackIds: string[], o: Tx): Promise<Map<string, number>>;
  findEntry(playlistId: string, entryId: string, o: Tx): Promise<(EntryRecord & { durationMs: number }) | null>;
  /** Adds `delta` to every position in [from, to] (to = null: to the end). */
  shift(playlistId: string, from: number, to: number | null, delta: number, o: Tx): Promise<void>;
  insertEntries(rows: { id: string; playlistId: string; trackId: string; position: number; addedAt: Date; addedById: string | null }[], o: Tx): Promise<void>;
  deleteEntry(entryId: string, o: Tx): Promise<void>;
  /** Deletes the entries at these positions (null: every entry). */
  deleteEntriesAt(playlistId: string, positions: number[] | null, o: Tx): Promise<void>;
  setEntryPosition(entryId: string, position: number, o: Tx): Promise<void>;
  adjustCounters(playlistId: string, countDelta: number, durationDelta: number, at: Date, o: Tx): Promise<void>;
  /** A generated playlist's tracks in order (they are stored as one list, not as entries). */
  /** Positions are those of the stored list; tracks the viewer rated low are left out. */
  generatedTrackIds(playlistId: string, viewerId: string | null): Promise<{ trackId: string; position: number }[]>;
  /** In position order, keyset-paged on position. */
  listEntries(playlistId: string, q: { limit: number; afterPosition: number | null }): Promise<EntryRecord[]>;
}

/** What playlists need from the catalog: its track views for the caller, in the order asked. */
export interface TrackLookup {
  getTracks(actor: Actor, ids: string[]): Promise<TrackDto[]>;
}
