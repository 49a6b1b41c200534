import type { StatsReport } from './stats.types.js';

export interface StatsDto {
  from: string;
  to: string;
  interval: string;
  totals: {
    plays: number;
    uniqueListeners: number;
    msPlayed: number;
    completedPlays: number;
    completionRate: number | null;
    followers: number;
    averageRating: number | null;
    ratingCount: number;
  };
  series: { start: string; plays: number; uniqueListeners: number; msPlayed: number; newFollowers: number }[];
  topTracks: { trackId: string; title: string; plays: number; uniqueListeners: number; msPlayed: number }[];
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function toStatsDto(r: StatsReport): StatsDto {
  const t = r.totals;
  return {
    from: r.range.from.toISOString(),
    to: r.range.to.toISOString(),
    interval: r.range.interval,
    totals: {
      plays: t.plays,
      uniqueListeners: t.uniqueListeners,
      msPlayed: t.msPlayed,
      completedPlays: t.completedPlays,
      completionRate: t.plays > 0 ? round(t.completedPlays / t.plays, 4) : null,
      followers: t.followers,
      averageRating: t.ratingCount > 0 ? round(t.ratingSum / t.ratingCount, 2) : null,
      ratingCount: t.ratingCount,
    },
    series: r.series.map((b) => ({ start: `${b.start}T00:00:00.000Z`, plays: b.plays, uniqueListeners: b.uniqueListeners, msPlayed: b.msPlayed, newFollowers: b.newFollowers })),
    topTracks: r.topTracks.map((x) => ({ trackId: x.trackId, title: x.title, plays: x.plays, uniqueListeners: x.uniqueListeners, msPlayed: x.msPlayed })),
  };
}
