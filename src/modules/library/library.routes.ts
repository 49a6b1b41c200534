import { Router } from 'express';
import type { LibraryService } from './library.service.js';
import { queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { toLikedTracksDto, toSavedAlbumsDto } from './library.mapper.js';

export function libraryRoutes({ library }: { library: LibraryService }): Router {
  const r = Router();
  r.get('/api/me/liked-tracks', async (req, res) => {
    res.json(toLikedTracksDto(await library.listLikedTracks(actorOf(req), queryOf(req, 'listLikedTracks'))));
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
    res.json(toSavedAlbumsDto(await library.listSavedAlbums(actorOf(req), queryOf(req, 'listSavedAlbums'))));
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
