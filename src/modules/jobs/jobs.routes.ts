import { Router } from 'express';
import { bodyOf, queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { ConflictError } from '../../shared/errors.js';
import type { JobsService } from './jobs.service.js';
import { toRecommendationJobDto } from './job.mapper.js';

export function jobsRoutes({ jobs }: { jobs: JobsService }): Router {
  const r = Router();
  r.post('/api/admin/recommendation-runs', async (req, res) => {
    const { model, top } = bodyOf(req, 'queueRecommendationRun') ?? {};
    const { run, created } = await jobs.queueRecommendationRun(actorOf(req), { model, top });
    if (!created) throw new ConflictError(`A recommendation run is already ${run.status}`, { existingRunId: run.id });
    res.status(202).location(`/api/admin/recommendation-runs/${run.id}`).json(toRecommendationJobDto(run));
  });
  r.get('/api/admin/recommendation-runs', async (req, res) => {
    const { limit, cursor } = queryOf(req, 'listRecommendationRuns');
    const page = await jobs.recommendationRuns(actorOf(req), { limit, cursor });
    res.json({ items: page.items.map(toRecommendationJobDto), nextCursor: page.nextCursor });
  });
  r.get('/api/admin/recommendation-runs/:runId', async (req, res) => {
    res.json(toRecommendationJobDto(await jobs.recommendationRun(actorOf(req), req.params.runId)));
  });
  return r;
}
