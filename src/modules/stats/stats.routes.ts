import { Router } from 'express';
import type { StatsService } from './stats.service.js';
import { actorOf } from '../../http/request-context.js';
import { toStatsDto } from './stats.mapper.js';

const rangeOf = (query: Record<string, unknown>) => {
  const { from, to, interval } = query as Record<string, string | undefined>;
  return { from, to, interval };
};

export function statsRoutes({ stats }: { stats: StatsService }): Router {
  const r = Router();
  r.get('/api/artists/:artistId/stats', async (req, res) => {
    res.json(toStatsDto(await stats.artistStats(actorOf(req), req.params.artistId, rangeOf(req.query))));
  });
  r.get('/api/tracks/:trackId/stats', async (req, res) => {
    res.json(toStatsDto(await stats.trackStats(actorOf(req), req.params.trackId, rangeOf(req.query))));
  });
  r.get('/api/admin/stats', async (req, res) => {
    res.json(toStatsDto(await stats.platformStats(actorOf(req), rangeOf(req.query))));
  });
  return r;
}
