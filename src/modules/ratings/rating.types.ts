import type { Transaction } from 'sequelize';

type Tx = { transaction: Transaction };

export interface RatingSummary {
  average: number | null;
  count: number;
  mine: number | null;
}

export interface RatingRepository {
  /** Locks the track's row for the rest of the transaction; null if there is no such track. */
  lockTrack(trackId: string, o: Tx): Promise<{ ratingCount: number; ratingSum: number } | null>;
  findScore(userId: string, trackId: string, o: Tx): Promise<number | null>;
  insert(userId: string, trackId: string, score: number, at: Date, o: Tx): Promise<void>;
  updateScore(userId: string, trackId: string, score: number, at: Date, o: Tx): Promise<void>;
  delete(userId: string, trackId: string, o: Tx): Promise<void>;
  /** Adds to the track's denormalised counters, so reads never aggregate over ratings. */
  adjustTrack(trackId: string, countDelta: number, sumDelta: number, o: Tx): Promise<void>;
}

/** A rating at or below this hides the track from the rater's recommendations and mixes as soon as it is given. */
export const LOW_RATING = 2;
