import type { Transaction } from 'sequelize';
import type { Actor } from '../../shared/actor.js';

type Tx = { transaction: Transaction };

/** A listener's queue as stored: tracks in order, the one playing and how far into it. */
export interface PlayQueueRecord {
  trackIds: string[];
  currentTrackId: string | null;
  positionMs: number;
  changedBy: string | null;
  changedAt: Date;
}

export interface PlayQueue<T> extends Omit<PlayQueueRecord, 'trackIds'> {
  tracks: T[];
}

export interface PlayQueueRepository {
  find(userId: string): Promise<PlayQueueRecord | null>;
  /** The ids of those tracks that exist. */
  existingTrackIds(ids: string[]): Promise<Set<string>>;
  /** Replaces the user's queue with this one, entries and all. */
  replace(userId: string, queue: PlayQueueRecord, o: Tx): Promise<void>;
  remove(userId: string, o: Tx): Promise<void>;
}

export interface TrackLookup<T extends { id: string }> {
  getTracks(actor: Actor, ids: string[]): Promise<T[]>;
}
