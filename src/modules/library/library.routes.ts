import { Router } from 'express';
import type { LibraryService } from './library.service.js';
import { actorOf } from '../../http/request-context.js';
import { toLikedTracksDto, toSavedAlbumsDto } from './library.mapper.js';

const pageQuery = (q: Record<string, unknown>) => ({ limit: q.limit as number | undefined, cursor: q.cursor as string | undefined });

export function libraryRoutes({ library }: { library: LibraryService }): Router {
  const r = Router();
  r.get('/api/me/liked-tracks', async (req, res) => {
    res.json(toLikedTracksDto(await library.listLikedTracks(actorOf(req), pageQuery(req.query))));
  });
  r.put('/api/me/liked-tracks/:trackId', async (req, res) => {
    await library.likeTrack(actorOf(req), req.params.trackId);
    res.status(204).end();
  });
  r.delete('/api/me/liked-tracks/:trackId', async (req, res) => {
    await library.unlikeTrack(actorOf(req), req.params.trackId);
    res.status(204).end();
  });
  r.get('/api/me/saved-albums', async (req, res) => {
    res.json(toSavedAlbumsDto(await library.listSavedAlbums(actorOf(req), pageQuery(req.query))));
  });
  r.put('/api/me/saved-albums/:albumId', async (req, res) => {
    await library.saveAlbum(actorOf(req), req.params.albumId);
    res.status(204).end();
  });
  r.delete('/api/me/saved-albums/:albumId', async (req, res) => {
    await library.unsaveAlbum(actorOf(req), req.params.albumId);
    res.status(204).end();
  });
  return r;
}
