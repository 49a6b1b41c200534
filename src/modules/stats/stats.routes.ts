import { Router } from 'express';
import type { StatsService } from './stats.service.js';
import { queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { toStatsDto } from './stats.mapper.js';

export function statsRoutes({ stats }: { stats: StatsService }): Router {
  const r = Router();
  r.get('/api/artists/:artistId/stats', async (req, res) => {
    res.json(toStatsDto(await stats.artistStats(actorOf(req), req.params.artistId, queryOf(req, 'getArtistStats'))));
  });
  r.get('/api/tracks/:trackId/stats', async (req, res) => {
    res.json(toStatsDto(await stats.trackStats(actorOf(req), req.params.trackId, queryOf(req, 'getTrackStats'))));
  });
  r.get('/api/admin/stats', async (req, res) => {
    res.json(toStatsDto(await stats.platformStats(actorOf(req), queryOf(req, 'getPlatformStats'))));
  });
  return r;
}
