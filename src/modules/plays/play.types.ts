import type { Actor } from '../../shared/actor.js';
import type { CursorValues } from '../../shared/pagination.js';
import type { TrackDto } from '../catalog/index.js';

export interface NewPlay {
  id: string;
  userId: string;
  trackId: string;
  startedAt: Date;
  msPlayed: number;
  completed: boolean;
  /** Passed the scrobble rule: counts in statistics, play counts and recommendations. */
  counted: boolean;
  source: string | null;
  clientPlayId: string;
  createdAt: Date;
}

export interface PlayRecord {
  id: string;
  trackId: string;
  startedAt: Date;
  msPlayed: number;
  completed: boolean;
  source: string | null;
  clientPlayId: string;
}

/** A listener's current track, with their name for others to see. */
export interface NowPlayingRecord {
  userId: string;
  username: string;
  trackId: string;
  player: string | null;
  startedAt: Date;
}

export interface PlayRepository {
  trackDurations(trackIds: string[]): Promise<Map<string, number>>;
  /** One multi-row INSERT that skips rows whose (user, clientPlayId) is stored already; returns how many were new. */
  insertNew(rows: NewPlay[]): Promise<number>;
  /** Newest first, keyset-paged on (started_at, id). */
  history(q: { userId: string; limit: number; cursor: CursorValues | null }): Promise<PlayRecord[]>;
  /** Replaces the user's now-playing row. */
  setNowPlaying(row: Omit<NowPlayingRecord, 'username'>): Promise<void>;
  /** Rows started after `since`, newest first. */
  nowPlaying(since: Date, limit: number): Promise<NowPlayingRecord[]>;
}

/** What plays need from the catalog: its track views for the caller, in the order asked. */
export interface TrackLookup {
  getTracks(actor: Actor, ids: string[]): Promise<TrackDto[]>;
}
