import { Router } from 'express';
import type { FollowService } from './follow.service.js';
import { actorOf } from '../../http/request-context.js';
import { toFeedDto, toFollowingDto } from './follow.mapper.js';

const pageQuery = (q: Record<string, unknown>) => ({ limit: q.limit as number | undefined, cursor: q.cursor as string | undefined });

export function followsRoutes({ follows }: { follows: FollowService }): Router {
  const r = Router();
  r.put('/api/artists/:artistId/follow', async (req, res) => {
    await follows.follow(actorOf(req), req.params.artistId);
    res.status(204).end();
  });
  r.delete('/api/artists/:artistId/follow', async (req, res) => {
    await follows.unfollow(actorOf(req), req.params.artistId);
    res.status(204).end();
  });
  r.get('/api/me/following', async (req, res) => {
    res.json(toFollowingDto(await follows.listFollowing(actorOf(req), pageQuery(req.query))));
  });
  r.get('/api/me/feed', async (req, res) => {
    res.json(toFeedDto(await follows.feed(actorOf(req), pageQuery(req.query))));
  });
  return r;
}
