import { Router } from 'express';
import type { FollowService } from './follow.service.js';
import { queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { toFeedDto, toFollowingDto } from './follow.mapper.js';

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
    res.json(toFollowingDto(await follows.listFollowing(actorOf(req), queryOf(req, 'listFollowing'))));
  });
  r.get('/api/me/feed', async (req, res) => {
    res.json(toFeedDto(await follows.feed(actorOf(req), queryOf(req, 'getFeed'))));
  });
  return r;
}
