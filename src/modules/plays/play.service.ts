import { requireUser, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { InvalidError, NotFoundError, type FieldError } from '../../shared/errors.js';
import { newId, isUuid } from '../../shared/ids.js';
import { pageRequest, toPage, type Page } from '../../shared/pagination.js';
import { checkAgainstTracks, DEFAULT_COUNT_RULE, isCompleted, isCounted, parsePlays, type CountRule } from './play.rules.js';
import type { NewPlay, PlayRecord, PlayRepository, TrackLookup } from './play.types.js';
import type { TrackDto } from '../catalog/index.js';

export interface PlayWithTrack {
  play: PlayRecord;
  track: TrackDto;
}

export interface NowPlaying {
  username: string;
  player: string | null;
  startedAt: Date;
  track: TrackDto;
}

/** A now-playing note stays while its track could still be playing, with this much to spare... */
const NOW_PLAYING_SLACK_MS = 60_000;
/** ...and is never looked for further back than this, however long its track. */
const NOW_PLAYING_MAX_MS = 6 * 3600_000;
const NOW_PLAYING_LIMIT = 100;
const PLAYER_MAX = 100;

export interface PlayServiceDeps {
  repo: PlayRepository;
  tracks: TrackLookup;
  clock: Clock;
  /** When a play counts as a listen (PLAY_COUNT_*); the scrobble rule when not given. */
  countRule?: CountRule;
}

export class PlayService {
  private readonly countRule: CountRule;

  constructor(private readonly d: PlayServiceDeps) {
    this.countRule = d.countRule ?? DEFAULT_COUNT_RULE;
  }

  /**
   * Stores a batch of play events. All or nothing on validation (400 naming plays[i]); after that,
   * events already stored for this user (same clientPlayId) are skipped by the unique index in the
   * same statement, so a client may resend a batch whose answer it never saw. Every play is
   * stored; whether it counts as a listen is decided here, once, and stored with it.
   */
  async record(actor: Actor, input: unknown): Promise<{ accepted: number; duplicates: number }> {
    const me = requireUser(actor);
    const now = this.d.clock.now();
    const errors: FieldError[] = [];
    const plays = parsePlays(input, now, errors);
    if (errors.length === 0) {
      const trackIds = [...new Set(plays.map((p) => p.trackId))];
      const durations = await this.d.repo.trackDurations(trackIds.filter(isUuid));
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
        const accepted = await this.d.repo.insertNew(rows);
        return { accepted, duplicates: plays.length - accepted };
      }
    }
    throw new InvalidError('Invalid plays', errors.slice(0, 50));
  }

  /**
   * A scrobble (Subsonic submission=true): the track was listened to at `at`. It is stored as a
   * play of the whole track, keyed by track and time, so a client that sends it again changes
   * nothing; whether it counts is the usual rule's decision.
   */
  async scrobble(actor: Actor, input: { trackId: string; at: Date }): Promise<{ accepted: number; duplicates: number }> {
    requireUser(actor);
    const duration = (await this.d.repo.trackDurations(isUuid(input.trackId) ? [input.trackId] : [])).get(input.trackId);
    if (duration === undefined) throw new NotFoundError('Track');
    const play = { clientPlayId: `scrobble:${input.trackId}:${input.at.getTime()}`, trackId: input.trackId, startedAt: input.at.toISOString(), msPlayed: duration, source: 'subsonic' };
    return this.record(actor, [play]);
  }

  /** The caller's player says it has started the track (Subsonic submission=false); only the latest one is kept. */
  async setNowPlaying(actor: Actor, input: { trackId: string; player?: string | null }): Promise<void> {
    const me = requireUser(actor);
    if (!(await this.d.repo.trackDurations(isUuid(input.trackId) ? [input.trackId] : [])).has(input.trackId)) throw new NotFoundError('Track');
    const player = input.player?.trim().slice(0, PLAYER_MAX) || null;
    await this.d.repo.setNowPlaying({ userId: me.id, trackId: input.trackId, player, startedAt: this.d.clock.now() });
  }

  /** What listeners are playing now, newest first: each one's latest track while it may still be playing. */
  async nowPlaying(actor: Actor): Promise<NowPlaying[]> {
    requireUser(actor);
    const now = this.d.clock.now().getTime();
    const rows = await this.d.repo.nowPlaying(new Date(now - NOW_PLAYING_MAX_MS), NOW_PLAYING_LIMIT);
    const tracks = new Map((rows.length ? await this.d.tracks.getTracks(actor, [...new Set(rows.map((r) => r.trackId))]) : []).map((t) => [t.id, t]));
    return rows.flatMap((r) => {
      const track = tracks.get(r.trackId);
      if (!track || r.startedAt.getTime() + (track.durationMs ?? 0) + NOW_PLAYING_SLACK_MS < now) return [];
      return [{ username: r.username, player: r.player, startedAt: r.startedAt, track }];
    });
  }

  async history(actor: Actor, query: { limit?: number; cursor?: string }): Promise<Page<PlayWithTrack>> {
    const me = requireUser(actor);
    const page = pageRequest(query);
    const rows = await this.d.repo.history({ userId: me.id, limit: page.limit, cursor: page.cursor });
    const result = toPage(rows, page.limit, (p) => [p.startedAt.toISOString(), p.id], (p) => p);
    const ids = [...new Set(result.items.map((p) => p.trackId))];
    const tracks = new Map((ids.length ? await this.d.tracks.getTracks(actor, ids) : []).map((t) => [t.id, t]));
    return {
      items: result.items.flatMap((play) => {
        const track = tracks.get(play.trackId);
        return track ? [{ play, track }] : [];
      }),
      nextCursor: result.nextCursor,
    };
  }
}
