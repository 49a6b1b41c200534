import { Router } from 'express';
import type { RecommendationService } from './recommendation.service.js';
import { queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { toPlaylistDto } from '../playlists/index.js';
import { toRecommendationsDto, toSimilarDto } from './recommendation.mapper.js';

export function recommendationsRoutes({ recommendations }: { recommendations: RecommendationService }): Router {
  const r = Router();
  r.get('/api/me/recommendations', async (req, res) => {
    const { limit, cursor } = queryOf(req, 'getMyRecommendations');
    res.json(toRecommendationsDto(await recommendations.forMe(actorOf(req), { limit, cursor })));
  });
  r.get('/api/me/mixes', async (req, res) => {
    res.json({ items: (await recommendations.mixes(actorOf(req))).map(toPlaylistDto) });
  });
  r.get('/api/tracks/:trackId/similar', async (req, res) => {
    const { limit } = queryOf(req, 'getSimilarTracks');
    res.json(toSimilarDto(await recommendations.similar(actorOf(req), req.params.trackId, { limit })));
  });
  return r;
}
