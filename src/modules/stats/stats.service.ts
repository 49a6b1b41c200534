import { NotFoundError } from '../../shared/errors.js';
import { isAdmin, requireAdmin, requireUser, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { bucketStarts, parseRange } from './stats.range.js';
import type { StatsReport, StatsRepository, StatsScope } from './stats.types.js';

export interface RangeInput {
  from?: string;
  to?: string;
  interval?: string;
}

const TOP_TRACKS = 10;

export interface StatsServiceDeps {
  repo: StatsRepository;
  clock: Clock;
}

export class StatsService {
  constructor(private readonly d: StatsServiceDeps) {}

  /** For the artist's managers and admins; anyone else is told the artist does not exist. */
  async artistStats(actor: Actor, artistId: string, input: RangeInput = {}): Promise<StatsReport> {
    const range = parseRange(input, this.d.clock.now());
    if (!(await this.d.repo.artistExists(artistId))) throw new NotFoundError('Artist');
    if (!isAdmin(actor) && !(await this.d.repo.managesArtist(requireUser(actor).id, artistId))) throw new NotFoundError('Artist');
    return this.report({ kind: 'artist', artistId }, range);
  }

  /** For managers of any of the track's artists and admins. */
  async trackStats(actor: Actor, trackId: string, input: RangeInput = {}): Promise<StatsReport> {
    const range = parseRange(input, this.d.clock.now());
    if (!(await this.d.repo.trackExists(trackId))) throw new NotFoundError('Track');
    if (!isAdmin(actor) && !(await this.d.repo.managesTrack(requireUser(actor).id, trackId))) throw new NotFoundError('Track');
    return this.report({ kind: 'track', trackId }, range);
  }

  async platformStats(actor: Actor, input: RangeInput = {}): Promise<StatsReport> {
    requireAdmin(actor);
    return this.report({ kind: 'platform' }, parseRange(input, this.d.clock.now()));
  }

  /** The artists whose statistics the actor may see (all, capped, for admins); for the panel's picker. */
  async viewableArtists(actor: Actor): Promise<{ id: string; name: string }[]> {
    return this.d.repo.managedArtists(isAdmin(actor) ? null : requireUser(actor).id);
  }

  private async report(scope: StatsScope, range: ReturnType<typeof parseRange>): Promise<StatsReport> {
    const [plays, follows, topTracks, profile] = await Promise.all([
      this.d.repo.playSeries(scope, range),
      this.d.repo.followSeries(scope, range),
      this.d.repo.topTracks(scope, range, TOP_TRACKS),
      this.d.repo.profile(scope),
    ]);
    // Empty buckets are filled with zeros so charts and clients get an evenly spaced series.
    const byStart = new Map(plays.buckets.map((b) => [b.start, b]));
    const followsByStart = new Map(follows.map((f) => [f.start, f.newFollowers]));
    const series = bucketStarts(range).map((start) => ({
      start,
      plays: byStart.get(start)?.plays ?? 0,
      uniqueListeners: byStart.get(start)?.uniqueListeners ?? 0,
      msPlayed: byStart.get(start)?.msPlayed ?? 0,
      newFollowers: followsByStart.get(start) ?? 0,
    }));
    return { range, totals: { ...plays.totals, ...profile }, series, topTracks };
  }
}
