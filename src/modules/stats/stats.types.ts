export type Interval = 'day' | 'week' | 'month';

/** Whose listening a report covers. */
export type StatsScope = { kind: 'artist'; artistId: string } | { kind: 'track'; trackId: string } | { kind: 'platform' };

export interface StatsRange {
  from: Date;
  /** Exclusive. */
  to: Date;
  interval: Interval;
}

export interface PlayTotals {
  plays: number;
  uniqueListeners: number;
  msPlayed: number;
  completedPlays: number;
}

/** One bucket as the database groups it; `start` is the bucket's first day, YYYY-MM-DD in UTC. */
export interface BucketRow {
  start: string;
  plays: number;
  uniqueListeners: number;
  msPlayed: number;
}

export interface FollowBucketRow {
  start: string;
  newFollowers: number;
}

export interface TopTrackRow {
  trackId: string;
  title: string;
  plays: number;
  uniqueListeners: number;
  msPlayed: number;
}

export interface ProfileRow {
  followers: number;
  ratingCount: number;
  ratingSum: number;
}

export interface StatsReport {
  range: StatsRange;
  totals: PlayTotals & ProfileRow;
  series: (BucketRow & { newFollowers: number })[];
  topTracks: TopTrackRow[];
}

export interface StatsRepository {
  artistExists(artistId: string): Promise<boolean>;
  trackExists(trackId: string): Promise<boolean>;
  managesArtist(userId: string, artistId: string): Promise<boolean>;
  managesTrack(userId: string, trackId: string): Promise<boolean>;
  managedArtists(userId: string | null): Promise<{ id: string; name: string }[]>;
  /** Totals and per-bucket counts of plays in [from, to), from one grouped query. */
  playSeries(scope: StatsScope, range: StatsRange): Promise<{ totals: PlayTotals; buckets: BucketRow[] }>;
  followSeries(scope: StatsScope, range: StatsRange): Promise<FollowBucketRow[]>;
  topTracks(scope: StatsScope, range: StatsRange, limit: number): Promise<TopTrackRow[]>;
  profile(scope: StatsScope): Promise<ProfileRow>;
}
