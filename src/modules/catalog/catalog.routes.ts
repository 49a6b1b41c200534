import { Router, type Request } from 'express';
import type { CatalogService } from './catalog.service.js';
import { actorOf } from '../../http/request-context.js';

type Query = Record<string, string | number | boolean | undefined>;

/** The validator has already typed and checked the query; these only pick fields. */
const listParams = (req: Request) => {
  const { q, sort, limit, cursor } = req.query as Query;
  return { q: q as string | undefined, sort: sort as string | undefined, limit: limit as number | undefined, cursor: cursor as string | undefined };
};
const cascade = (req: Request) => (req.query as Query).cascade === true;

export function catalogRoutes({ catalog }: { catalog: CatalogService }): Router {
  const r = Router();

  r.get('/api/genres', async (req, res) => {
    const { limit, cursor } = listParams(req);
    res.json(await catalog.listGenres(actorOf(req), { limit, cursor }));
  });
  r.post('/api/genres', async (req, res) => {
    res.status(201).json(await catalog.createGenre(actorOf(req), { name: req.body.name }));
  });
  r.patch('/api/genres/:genreId', async (req, res) => {
    res.json(await catalog.updateGenre(actorOf(req), req.params.genreId!, { name: req.body.name }));
  });
  r.delete('/api/genres/:genreId', async (req, res) => {
    await catalog.deleteGenre(actorOf(req), req.params.genreId!, { cascade: cascade(req) });
    res.status(204).end();
  });

  r.get('/api/artists', async (req, res) => {
    res.json(await catalog.listArtists(actorOf(req), { ...listParams(req), genre: req.query.genre as string | undefined }));
  });
  r.post('/api/artists', async (req, res) => {
    const { name, bio, genres } = req.body;
    res.status(201).json(await catalog.createArtist(actorOf(req), { name, bio, genres }));
  });
  r.get('/api/artists/:artistId', async (req, res) => {
    res.json(await catalog.getArtist(actorOf(req), req.params.artistId!));
  });
  r.patch('/api/artists/:artistId', async (req, res) => {
    const { name, bio, genres } = req.body;
    res.json(await catalog.updateArtist(actorOf(req), req.params.artistId!, { name, bio, genres }));
  });
  r.delete('/api/artists/:artistId', async (req, res) => {
    await catalog.deleteArtist(actorOf(req), req.params.artistId!, { cascade: cascade(req) });
    res.status(204).end();
  });
  r.get('/api/artists/:artistId/albums', async (req, res) => {
    res.json(await catalog.listArtistAlbums(actorOf(req), req.params.artistId!, listParams(req)));
  });
  r.get('/api/artists/:artistId/tracks', async (req, res) => {
    res.json(await catalog.listArtistTracks(actorOf(req), req.params.artistId!, listParams(req)));
  });
  r.put('/api/artists/:artistId/managers/:userId', async (req, res) => {
    await catalog.addManager(actorOf(req), req.params.artistId!, req.params.userId!);
    res.status(204).end();
  });
  r.delete('/api/artists/:artistId/managers/:userId', async (req, res) => {
    await catalog.removeManager(actorOf(req), req.params.artistId!, req.params.userId!);
    res.status(204).end();
  });

  r.get('/api/albums', async (req, res) => {
    res.json(await catalog.listAlbums(actorOf(req), { ...listParams(req), artistId: req.query.artistId as string | undefined }));
  });
  r.post('/api/albums', async (req, res) => {
    const { title, type, releaseDate, artistIds } = req.body;
    res.status(201).json(await catalog.createAlbum(actorOf(req), { title, type, releaseDate, artistIds }));
  });
  r.get('/api/albums/:albumId', async (req, res) => {
    res.json(await catalog.getAlbum(actorOf(req), req.params.albumId!));
  });
  r.patch('/api/albums/:albumId', async (req, res) => {
    const { title, type, releaseDate, artistIds } = req.body;
    res.json(await catalog.updateAlbum(actorOf(req), req.params.albumId!, { title, type, releaseDate, artistIds }));
  });
  r.delete('/api/albums/:albumId', async (req, res) => {
    await catalog.deleteAlbum(actorOf(req), req.params.albumId!, { cascade: cascade(req) });
    res.status(204).end();
  });

  r.get('/api/tracks', async (req, res) => {
    const { genre, artistId, albumId } = req.query as Record<string, string | undefined>;
    res.json(await catalog.listTracks(actorOf(req), { ...listParams(req), genre, artistId, albumId }));
  });
  r.get('/api/tracks/:trackId', async (req, res) => {
    res.json(await catalog.getTrack(actorOf(req), req.params.trackId!));
  });
  r.patch('/api/tracks/:trackId', async (req, res) => {
    const { title, artists, albumId, genres, trackNumber, discNumber, releaseDate } = req.body;
    res.json(await catalog.updateTrack(actorOf(req), req.params.trackId!, { title, artists, albumId, genres, trackNumber, discNumber, releaseDate }));
  });
  r.delete('/api/tracks/:trackId', async (req, res) => {
    await catalog.deleteTrack(actorOf(req), req.params.trackId!);
    res.status(204).end();
  });

  r.get('/api/search', async (req, res) => {
    const { q, type, limit } = req.query as Query;
    const types = typeof type === 'string' ? type.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
    res.json(await catalog.search(actorOf(req), { q: String(q ?? ''), types, limit: limit as number | undefined }));
  });
  return r;
}
