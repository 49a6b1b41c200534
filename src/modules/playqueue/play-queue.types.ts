import type { Transaction } from 'sequelize';
import type { Actor } from '../../shared/actor.js';
import type { TrackDto } from '../catalog/index.js';

type Tx = { transaction: Transaction };

/** A listener's queue as stored: tracks in order, the one playing and how far into it. */
export interface PlayQueueRecord {
  trackIds: string[];
  currentTrackId: string | null;
  positionMs: number;
  changedBy: string | null;
  changedAt: Date;
}

export interface PlayQueue extends Omit<PlayQueueRecord, 'trackIds'> {
  tracks: TrackDto[];
}

export interface PlayQueueRepository {
  find(userId: string): Promise<PlayQueueRecord | null>;
  /** The ids of those tracks that exist. */
  existingTrackIds(ids: string[]): Promise<Set<string>>;
  /** Replaces the user's queue with this one, entries and all. */
  replace(userId: string, queue: PlayQueueRecord, o: Tx): Promise<void>;
  remove(userId: string, o: Tx): Promise<void>;
}

/** What the queue needs from the catalog: its track views for the caller, in the order asked. */
export interface TrackLookup {
  getTracks(actor: Actor, ids: string[]): Promise<TrackDto[]>;
}
