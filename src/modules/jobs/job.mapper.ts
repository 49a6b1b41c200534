import type { JobRunRecord } from './jobs.types.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A recommendation run as the API and the panel show it; `result` is the run's summary once it succeeded. */
export function toRecommendationJobDto(r: JobRunRecord) {
  return {
    id: r.id,
    status: r.status,
    model: typeof r.data.model === 'string' ? r.data.model : 'hybrid',
    top: typeof r.data.top === 'number' ? r.data.top : null,
    progress: r.progress,
    result: r.result,
    error: r.error,
    attempts: r.attempts,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
  };
}
