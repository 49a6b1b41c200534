import type { RunRecord } from './recommendation.types.js';

export interface RecommendationItemDto<T> {
  track: T;
  score: number;
  reason: string;
}

export interface RecommendationsDto<T> {
  items: RecommendationItemDto<T>[];
  nextCursor: string | null;
  generatedAt: string;
}

export function toRecommendationsDto<T>(r: { items: RecommendationItemDto<T>[]; nextCursor: string | null; generatedAt: Date }): RecommendationsDto<T> {
  return { items: r.items.map((i) => ({ track: i.track, score: i.score, reason: i.reason })), nextCursor: r.nextCursor, generatedAt: r.generatedAt.toISOString() };
}

export function toSimilarDto<T>(r: { items: { track: T; score: number }[] }) {
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
