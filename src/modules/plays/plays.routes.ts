import { Router } from 'express';
import type { PlayService } from './play.service.js';
import { bodyOf, queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { toHistoryDto } from './play.mapper.js';

export function playsRoutes({ plays }: { plays: PlayService }): Router {
  const r = Router();
  r.post('/api/me/plays', async (req, res) => {
    const { accepted, duplicates } = await plays.record(actorOf(req), bodyOf(req, 'recordPlays').plays);
    res.status(202).json({ accepted, duplicates });
  });
  r.get('/api/me/history', async (req, res) => {
    const { limit, cursor } = queryOf(req, 'listHistory');
    res.json(toHistoryDto(await plays.history(actorOf(req), { limit, cursor })));
  });
  return r;
}
