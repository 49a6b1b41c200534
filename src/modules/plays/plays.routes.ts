import { Router } from 'express';
import type { PlayService } from './play.service.js';
import { actorOf } from '../../http/request-context.js';
import { toHistoryDto } from './play.mapper.js';

export function playsRoutes({ plays }: { plays: PlayService }): Router {
  const r = Router();
  r.post('/api/me/plays', async (req, res) => {
    const { accepted, duplicates } = await plays.record(actorOf(req), req.body.plays);
    res.status(202).json({ accepted, duplicates });
  });
  r.get('/api/me/history', async (req, res) => {
    const { limit, cursor } = req.query as { limit?: number; cursor?: string };
    res.json(toHistoryDto(await plays.history(actorOf(req), { limit, cursor })));
  });
  return r;
}
