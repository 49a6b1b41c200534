import type { RunRecord } from './recommendation.types.js';
import type { TrackDto } from '../catalog/index.js';

export interface RecommendationItemDto {
  track: TrackDto;
  score: number;
  reason: string;
}

export interface RecommendationsDto {
  items: RecommendationItemDto[];
  nextCursor: string | null;
  generatedAt: string;
}

export function toRecommendationsDto(r: { items: RecommendationItemDto[]; nextCursor: string | null; generatedAt: Date }): RecommendationsDto {
  return { items: r.items.map((i) => ({ track: i.track, score: i.score, reason: i.reason })), nextCursor: r.nextCursor, generatedAt: r.generatedAt.toISOString() };
}

export function toSimilarDto(r: { items: { track: TrackDto; score: number }[] }) {
  return { items: r.items.map((i) => ({ track: i.track, score: i.score })) };
}

/** For the CLI's summary and the panel. */
export function toRunDto(r: RunRecord) {
  return {
    id: r.id,
    algorithm: r.algorithm,
    status: r.status,
    parameters: r.parameters,
    counts: r.counts,
    timings: r.timings,
    metrics: r.metrics,
    error: r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
  };
}
