import { requireAdmin, type Actor } from '../../shared/actor.js';
import { InvalidError, NotFoundError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import { pageRequest, toPage, type Page } from '../../shared/pagination.js';
import { checkRunChoice } from '../recommendations/index.js';
import type { Enqueued, JobQueue, JobRunRecord, JobRunRepository } from './jobs.types.js';

export interface JobsServiceDeps {
  queue: JobQueue;
  repo: JobRunRepository;
}

/** Queuing jobs and reading their state: the API's, the panel's and the CLI's one entry. */
export class JobsService {
  constructor(private readonly d: JobsServiceDeps) {}

  /** Queues a recommendation run; while one is queued or running, answers with that one (created: false). */
  async queueRecommendationRun(actor: Actor, input: { model?: string; top?: number } = {}): Promise<Enqueued> {
    requireAdmin(actor);
    checkRunChoice(input);
    const data = { ...(input.model && { model: input.model }), ...(input.top && { top: input.top }) };
    return this.d.queue.enqueue('recommendations.run', data, { requestedBy: actor.kind === 'user' ? actor.id : null });
  }

  /** Queues an import of the library folders (LIBRARY_DIRS), one at a time. */
  async queueLibraryScan(actor: Actor): Promise<Enqueued> {
    requireAdmin(actor);
    return this.d.queue.enqueue('imports.scan', {}, { requestedBy: actor.kind === 'user' ? actor.id : null });
  }

  async recommendationRuns(actor: Actor, input: { limit?: number; cursor?: string }): Promise<Page<JobRunRecord>> {
    requireAdmin(actor);
    const { limit, cursor } = pageRequest(input);
    const before = cursor && typeof cursor[0] === 'string' && typeof cursor[1] === 'string' ? { createdAt: new Date(cursor[0]), id: cursor[1] } : undefined;
    if (cursor && (!before || Number.isNaN(before.createdAt.getTime()))) throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'is not a cursor from this API' }]);
    const rows = await this.d.repo.list('recommendations.run', { limit: limit + 1, before });
    return toPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id], (r) => r);
  }

  async recommendationRun(actor: Actor, id: string): Promise<JobRunRecord> {
    requireAdmin(actor);
    const run = isUuid(id) ? await this.d.repo.find(id) : null;
    if (!run || run.kind !== 'recommendations.run') throw new NotFoundError('Recommendation run');
    return run;
  }
}
