import { QueryTypes } from 'sequelize';
import type { Database, Dialect } from '../../db/index.js';
import type { BucketRow, FollowBucketRow, Interval, PlayTotals, ProfileRow, StatsRange, StatsRepository, StatsScope, TopTrackRow } from './stats.types.js';

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * The first day (YYYY-MM-DD, UTC) of the bucket a timestamp column falls in. Weeks start on
 * Monday on both dialects: PostgreSQL's date_trunc('week') is ISO, and on SQLite the day is
 * moved back by its distance from Monday.
 */
export function bucketExpression(dialect: Dialect, column: string, interval: Interval): string {
  if (dialect === 'postgres') return `to_char(date_trunc('${interval}', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
  const day = `strftime('%Y-%m-%d', ${column})`;
  if (interval === 'day') return day;
  if (interval === 'month') return `strftime('%Y-%m-01', ${column})`;
  return `date(${day}, '-' || ((CAST(strftime('%w', ${column}) AS INTEGER) + 6) % 7) || ' days')`;
}

/** The plays a scope covers, as a condition on `p`; semi-join through track_artists for an artist. */
function playScope(scope: StatsScope): { sql: string; replacements: Row } {
  if (scope.kind === 'artist') return { sql: 'p.track_id IN (SELECT ta.track_id FROM track_artists ta WHERE ta.artist_id = :artistId)', replacements: { artistId: scope.artistId } };
  if (scope.kind === 'track') return { sql: 'p.track_id = :trackId', replacements: { trackId: scope.trackId } };
  return { sql: '1 = 1', replacements: {} };
}

/** Follows that count for a scope: an artist's, a track's artists' (each follower once), or all. */
function followScope(scope: StatsScope): { sql: string; replacements: Row } {
  if (scope.kind === 'artist') return { sql: 'f.artist_id = :artistId', replacements: { artistId: scope.artistId } };
  if (scope.kind === 'track') return { sql: 'f.artist_id IN (SELECT ta.artist_id FROM track_artists ta WHERE ta.track_id = :trackId)', replacements: { trackId: scope.trackId } };
  return { sql: '1 = 1', replacements: {} };
}

export class SequelizeStatsRepository implements StatsRepository {
  constructor(private readonly db: Database) {}

  private select(sql: string, replacements: Row): Promise<Row[]> {
    return this.db.sequelize.query(sql, { type: QueryTypes.SELECT, replacements });
  }

  async artistExists(artistId: string) {
    return (await this.select('SELECT 1 AS x FROM artists WHERE id = :artistId', { artistId })).length > 0;
  }

  async trackExists(trackId: string) {
    return (await this.select('SELECT 1 AS x FROM tracks WHERE id = :trackId', { trackId })).length > 0;
  }

  async managesArtist(userId: string, artistId: string) {
    return (await this.select('SELECT 1 AS x FROM artist_managers WHERE user_id = :userId AND artist_id = :artistId', { userId, artistId })).length > 0;
  }

  async managesTrack(userId: string, trackId: string) {
    const rows = await this.select(
      `SELECT 1 AS x FROM track_artists ta JOIN artist_managers am ON am.artist_id = ta.artist_id
       WHERE ta.track_id = :trackId AND am.user_id = :userId`,
      { userId, trackId },
    );
    return rows.length > 0;
  }

  async managedArtists(userId: string | null) {
    const rows = userId
      ? await this.select('SELECT a.id, a.name FROM artists a JOIN artist_managers am ON am.artist_id = a.id WHERE am.user_id = :userId ORDER BY a.name, a.id', { userId })
      : await this.select('SELECT a.id, a.name FROM artists a ORDER BY a.name, a.id LIMIT 500', {});
    return rows.map((r) => ({ id: String(r.id), name: String(r.name) }));
  }

  async playSeries(scope: StatsScope, range: StatsRange) {
    const where = playScope(scope);
    const bucket = bucketExpression(this.db.dialect, 'p.started_at', range.interval);
    // Only plays that count as listens (the scrobble rule); skips are stored but not statistics.
    const filter = `${where.sql} AND p.counted AND p.started_at >= :from AND p.started_at < :to`;
    const measures = `COUNT(*) AS plays, COUNT(DISTINCT p.user_id) AS listeners, SUM(p.ms_played) AS ms,
      SUM(CASE WHEN p.completed THEN 1 ELSE 0 END) AS completed`;
    // One pass on PostgreSQL: the empty grouping set is the totals row (its bucket is NULL).
    const sql =
      this.db.dialect === 'postgres'
        ? `SELECT ${bucket} AS bucket, ${measures} FROM plays p WHERE ${filter} GROUP BY GROUPING SETS ((${bucket}), ())`
        : `SELECT ${bucket} AS bucket, ${measures} FROM plays p WHERE ${filter} GROUP BY 1
           UNION ALL SELECT NULL AS bucket, ${measures} FROM plays p WHERE ${filter}`;
    const rows = await this.select(sql, { ...where.replacements, from: range.from, to: range.to });
    const totalRow = rows.find((r) => r.bucket === null);
    const totals: PlayTotals = {
      plays: num(totalRow?.plays),
      uniqueListeners: num(totalRow?.listeners),
      msPlayed: num(totalRow?.ms),
      completedPlays: num(totalRow?.completed),
    };
    const buckets: BucketRow[] = rows
      .filter((r) => r.bucket !== null)
      .map((r) => ({ start: String(r.bucket), plays: num(r.plays), uniqueListeners: num(r.listeners), msPlayed: num(r.ms) }));
    return { totals, buckets };
  }

  async followSeries(scope: StatsScope, range: StatsRange): Promise<FollowBucketRow[]> {
    const where = followScope(scope);
    const bucket = bucketExpression(this.db.dialect, 'f.created_at', range.interval);
    const follower = scope.kind === 'track' ? 'COUNT(DISTINCT f.user_id)' : 'COUNT(*)';
    const rows = await this.select(
      `SELECT ${bucket} AS bucket, ${follower} AS n FROM artist_follows f
       WHERE ${where.sql} AND f.created_at >= :from AND f.created_at < :to GROUP BY 1`,
      { ...where.replacements, from: range.from, to: range.to },
    );
    return rows.map((r) => ({ start: String(r.bucket), newFollowers: num(r.n) }));
  }

  async topTracks(scope: StatsScope, range: StatsRange, limit: number): Promise<TopTrackRow[]> {
    const where = playScope(scope);
    // Aggregate first, join titles for the few winners only.
    const rows = await this.select(
      `SELECT x.track_id, t.title, x.plays, x.listeners, x.ms FROM (
         SELECT p.track_id, COUNT(*) AS plays, COUNT(DISTINCT p.user_id) AS listeners, SUM(p.ms_played) AS ms
         FROM plays p WHERE ${where.sql} AND p.counted AND p.started_at >= :from AND p.started_at < :to
         GROUP BY p.track_id ORDER BY plays DESC, p.track_id LIMIT :limit
       ) x JOIN tracks t ON t.id = x.track_id ORDER BY x.plays DESC, x.track_id`,
      { ...where.replacements, from: range.from, to: range.to, limit },
    );
    return rows.map((r) => ({ trackId: String(r.track_id), title: String(r.title), plays: num(r.plays), uniqueListeners: num(r.listeners), msPlayed: num(r.ms) }));
  }

  async profile(scope: StatsScope): Promise<ProfileRow> {
    const follows = followScope(scope);
    const followers = scope.kind === 'track' ? 'COUNT(DISTINCT f.user_id)' : 'COUNT(*)';
    // Ratings come from the per-track counters the ratings service keeps, so nothing is re-aggregated here.
    const ratingFrom =
      scope.kind === 'artist'
        ? 'FROM tracks t WHERE t.id IN (SELECT ta.track_id FROM track_artists ta WHERE ta.artist_id = :artistId)'
        : scope.kind === 'track'
          ? 'FROM tracks t WHERE t.id = :trackId'
          : 'FROM tracks t';
    const rows = await this.select(
      `SELECT (SELECT ${followers} FROM artist_follows f WHERE ${follows.sql}) AS followers,
              (SELECT SUM(t.rating_count) ${ratingFrom}) AS rating_count,
              (SELECT SUM(t.rating_sum) ${ratingFrom}) AS rating_sum`,
      follows.replacements,
    );
    const r = rows[0] ?? {};
    return { followers: num(r.followers), ratingCount: num(r.rating_count), ratingSum: num(r.rating_sum) };
  }
}
