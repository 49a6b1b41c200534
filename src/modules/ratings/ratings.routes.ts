import { Router } from 'express';
import type { Container } from '../../container.js';
import { actorOf } from '../../http/request-context.js';

export function ratingsRoutes({ services: { ratings } }: Container): Router {
  const r = Router();
  r.put('/api/tracks/:trackId/rating', async (req, res) => {
    const { average, count, mine } = await ratings.rate(actorOf(req), req.params.trackId, req.body.score);
    res.json({ average, count, mine });
  });
  r.delete('/api/tracks/:trackId/rating', async (req, res) => {
    await ratings.unrate(actorOf(req), req.params.trackId);
    res.status(204).end();
  });
  return r;
}
