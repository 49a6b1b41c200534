import { requireUser, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { InvalidError, type FieldError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { Transactor } from '../../db/index.js';
import type { PlayQueue, PlayQueueRepository, TrackLookup } from './play-queue.types.js';

/** A queue longer than this is refused: players keep a session's worth, not a library. */
export const MAX_QUEUE_TRACKS = 1000;
const MAX_CHANGED_BY = 100;

export interface SaveQueueInput {
  trackIds: unknown;
  current?: unknown;
  positionMs?: unknown;
  changedBy?: unknown;
}

export interface PlayQueueServiceDeps {
  repo: PlayQueueRepository;
  db: Transactor;
  tracks: TrackLookup;
  clock: Clock;
}

/** One play queue per listener, saved by one device and picked up by another. */
export class PlayQueueService {
  constructor(private readonly d: PlayQueueServiceDeps) {}

  /** The caller's queue, tracks in order; null when none is saved. */
  async get(actor: Actor): Promise<PlayQueue | null> {
    const me = requireUser(actor);
    const stored = await this.d.repo.find(me.id);
    if (!stored) return null;
    const { trackIds, ...rest } = stored;
    return { ...rest, tracks: await this.d.tracks.getTracks(actor, trackIds) };
  }

  /**
   * Replaces the caller's queue. Every track must exist (else nothing is saved and the error
   * names the entry); `current` must be one of them. An empty list clears the queue.
   */
  async save(actor: Actor, input: SaveQueueInput): Promise<void> {
    const me = requireUser(actor);
    const errors: FieldError[] = [];
    const trackIds = Array.isArray(input.trackIds) ? (input.trackIds as unknown[]) : null;
    if (!trackIds) throw new InvalidError('Invalid play queue', [{ path: 'trackIds', message: 'must be a list of track ids' }]);
    if (trackIds.length > MAX_QUEUE_TRACKS) throw new InvalidError('Invalid play queue', [{ path: 'trackIds', message: `at most ${MAX_QUEUE_TRACKS} tracks` }]);
    const ids = trackIds.map((id) => (typeof id === 'string' ? id.toLowerCase() : ''));
    const known = await this.d.repo.existingTrackIds([...new Set(ids.filter(isUuid))]);
    ids.forEach((id, i) => known.has(id) || errors.push({ path: `trackIds.${i}`, message: 'no such track' }));
    const current = input.current === undefined || input.current === null ? null : typeof input.current === 'string' ? input.current.toLowerCase() : '';
    if (current !== null && !ids.includes(current)) errors.push({ path: 'current', message: 'must be one of the queued tracks' });
    const positionMs = input.positionMs ?? 0;
    if (!Number.isSafeInteger(positionMs) || (positionMs as number) < 0) errors.push({ path: 'positionMs', message: 'must be a whole number of milliseconds, 0 or more' });
    if (input.changedBy !== undefined && input.changedBy !== null && typeof input.changedBy !== 'string') errors.push({ path: 'changedBy', message: 'must be text' });
    if (errors.length) throw new InvalidError('Invalid play queue', errors.slice(0, 50));

    const changedBy = typeof input.changedBy === 'string' ? input.changedBy.trim().slice(0, MAX_CHANGED_BY) || null : null;
    await this.d.db.transaction(async (transaction) => {
      if (ids.length === 0) return this.d.repo.remove(me.id, { transaction });
      await this.d.repo.replace(me.id, { trackIds: ids, currentTrackId: current ?? ids[0]!, positionMs: positionMs as number, changedBy, changedAt: this.d.clock.now() }, { transaction });
    });
  }
}
