import type { Transactor } from '../../db/index.js';
import { requireUser, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { InvalidError, NotFoundError } from '../../shared/errors.js';
import type { RatingRepository, RatingSummary } from './rating.types.js';

const summary = (count: number, sum: number, mine: number | null): RatingSummary => ({
  average: count > 0 ? Math.round((sum / count) * 100) / 100 : null,
  count,
  mine,
});

export interface RatingServiceDeps {
  repo: RatingRepository;
  db: Transactor;
  clock: Clock;
}

export class RatingService {
  constructor(private readonly d: RatingServiceDeps) {}

  /**
   * Sets the caller's score. The track row is locked first, so two raters of one track (or one
   * rater on two devices) apply their deltas to the counters one after the other.
   */
  async rate(actor: Actor, trackId: string, score: unknown): Promise<RatingSummary> {
    const me = requireUser(actor);
    if (!Number.isInteger(score) || (score as number) < 1 || (score as number) > 5) {
      throw new InvalidError('Invalid score', [{ path: 'score', message: 'must be an integer 1..5' }]);
    }
    const value = score as number;
    return this.d.db.transaction(async (transaction) => {
      const track = await this.d.repo.lockTrack(trackId, { transaction });
      if (!track) throw new NotFoundError('Track');
      const old = await this.d.repo.findScore(me.id, trackId, { transaction });
      const at = this.d.clock.now();
      if (old === null) {
        await this.d.repo.insert(me.id, trackId, value, at, { transaction });
        await this.d.repo.adjustTrack(trackId, 1, value, { transaction });
        return summary(track.ratingCount + 1, track.ratingSum + value, value);
      }
      if (old !== value) {
        await this.d.repo.updateScore(me.id, trackId, value, at, { transaction });
        await this.d.repo.adjustTrack(trackId, 0, value - old, { transaction });
      }
      return summary(track.ratingCount, track.ratingSum + value - old, value);
    });
  }

  /** Idempotent: removing a rating that is not there changes nothing. */
  async unrate(actor: Actor, trackId: string): Promise<void> {
    const me = requireUser(actor);
    await this.d.db.transaction(async (transaction) => {
      const track = await this.d.repo.lockTrack(trackId, { transaction });
      if (!track) throw new NotFoundError('Track');
      const old = await this.d.repo.findScore(me.id, trackId, { transaction });
      if (old === null) return;
      await this.d.repo.delete(me.id, trackId, { transaction });
      await this.d.repo.adjustTrack(trackId, -1, -old, { transaction });
    });
  }
}
