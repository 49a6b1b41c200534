import { requireUser, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { InvalidError, type FieldError } from '../../shared/errors.js';
import { newId, isUuid } from '../../shared/ids.js';
import { pageRequest, toPage, type Page } from '../../shared/pagination.js';
import { checkAgainstTracks, DEFAULT_COUNT_RULE, isCompleted, isCounted, parsePlays, type CountRule } from './play.rules.js';
import type { NewPlay, PlayRecord, PlaysRepository, TrackLookup } from './play.types.js';

export interface PlayWithTrack<T> {
  play: PlayRecord;
  track: T;
}

export class PlaysService<T extends { id: string } = { id: string }> {
  constructor(
    private readonly repo: PlaysRepository,
    private readonly tracks: TrackLookup<T>,
    private readonly clock: Clock,
    private readonly countRule: CountRule = DEFAULT_COUNT_RULE,
  ) {}

  /**
   * Stores a batch of play events. All or nothing on validation (400 naming plays[i]); after that,
   * events already stored for this user (same clientPlayId) are skipped by the unique index in the
   * same statement, so a client may resend a batch whose answer it never saw. Every play is
   * stored; whether it counts as a listen is decided here, once, and stored with it.
   */
  async record(actor: Actor, input: unknown): Promise<{ accepted: number; duplicates: number }> {
    const me = requireUser(actor);
    const now = this.clock.now();
    const errors: FieldError[] = [];
    const plays = parsePlays(input, now, errors);
    if (errors.length === 0) {
      const trackIds = [...new Set(plays.map((p) => p.trackId))];
      const durations = await this.repo.trackDurations(trackIds.filter(isUuid));
      checkAgainstTracks(plays, durations, errors);
      if (errors.length === 0) {
        const rows = plays.map(
          (p): NewPlay => ({
            id: newId(),
            userId: me.id,
            trackId: p.trackId,
            startedAt: p.startedAt,
            msPlayed: p.msPlayed,
            completed: isCompleted(p.msPlayed, durations.get(p.trackId)!),
            counted: isCounted(p.msPlayed, durations.get(p.trackId)!, this.countRule),
            source: p.source,
            clientPlayId: p.clientPlayId,
            createdAt: now,
          }),
        );
        const accepted = await this.repo.insertNew(rows);
        return { accepted, duplicates: plays.length - accepted };
      }
    }
    throw new InvalidError('Invalid plays', errors.slice(0, 50));
  }

  async history(actor: Actor, query: { limit?: number; cursor?: string }): Promise<Page<PlayWithTrack<T>>> {
    const me = requireUser(actor);
    const page = pageRequest(query);
    const rows = await this.repo.history({ userId: me.id, limit: page.limit, cursor: page.cursor });
    const result = toPage(rows, page.limit, (p) => [p.startedAt.toISOString(), p.id], (p) => p);
    const ids = [...new Set(result.items.map((p) => p.trackId))];
    const tracks = new Map((ids.length ? await this.tracks.getTracks(actor, ids) : []).map((t) => [t.id, t]));
    return {
      items: result.items.flatMap((play) => {
        const track = tracks.get(play.trackId);
        return track ? [{ play, track }] : [];
      }),
      nextCursor: result.nextCursor,
    };
  }
}
