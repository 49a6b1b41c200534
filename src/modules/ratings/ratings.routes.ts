import { Router } from 'express';
import type { RatingService } from './rating.service.js';
import { bodyOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';

export function ratingsRoutes({ ratings }: { ratings: RatingService }): Router {
  const r = Router();
  r.put('/api/tracks/:trackId/rating', async (req, res) => {
    const { average, count, mine } = await ratings.rate(actorOf(req), req.params.trackId, bodyOf(req, 'rateTrack').score);
    res.json({ average, count, mine });
  });
  r.delete('/api/tracks/:trackId/rating', async (req, res) => {
    await ratings.unrate(actorOf(req), req.params.trackId);
    res.status(204).end();
  });
  return r;
}
