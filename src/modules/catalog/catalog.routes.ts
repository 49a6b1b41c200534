import { Router } from 'express';
import type { CatalogService } from './catalog.service.js';
import { bodyOf, queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';

export function catalogRoutes({ catalog }: { catalog: CatalogService }): Router {
  const r = Router();

  r.get('/api/genres', async (req, res) => {
    const { limit, cursor } = queryOf(req, 'listGenres');
    res.json(await catalog.listGenres(actorOf(req), { limit, cursor }));
  });
  r.post('/api/genres', async (req, res) => {
    res.status(201).json(await catalog.createGenre(actorOf(req), { name: bodyOf(req, 'createGenre').name }));
  });
  r.patch('/api/genres/:genreId', async (req, res) => {
    res.json(await catalog.updateGenre(actorOf(req), req.params.genreId!, { name: bodyOf(req, 'updateGenre').name }));
  });
  r.delete('/api/genres/:genreId', async (req, res) => {
    await catalog.deleteGenre(actorOf(req), req.params.genreId!, { cascade: queryOf(req, 'deleteGenre').cascade === true });
    res.status(204).end();
  });

  r.get('/api/artists', async (req, res) => {
    const { q, sort, limit, cursor, genre } = queryOf(req, 'listArtists');
    res.json(await catalog.listArtists(actorOf(req), { q, sort, limit, cursor, genre }));
  });
  r.post('/api/artists', async (req, res) => {
    const { name, bio, genres } = bodyOf(req, 'createArtist');
    res.status(201).json(await catalog.createArtist(actorOf(req), { name, bio, genres }));
  });
  r.get('/api/artists/:artistId', async (req, res) => {
    res.json(await catalog.getArtist(actorOf(req), req.params.artistId!));
  });
  r.patch('/api/artists/:artistId', async (req, res) => {
    const { name, bio, genres } = bodyOf(req, 'updateArtist');
    res.json(await catalog.updateArtist(actorOf(req), req.params.artistId!, { name, bio, genres }));
  });
  r.delete('/api/artists/:artistId', async (req, res) => {
    await catalog.deleteArtist(actorOf(req), req.params.artistId!, { cascade: queryOf(req, 'deleteArtist').cascade === true });
    res.status(204).end();
  });
  r.get('/api/artists/:artistId/albums', async (req, res) => {
    res.json(await catalog.listArtistAlbums(actorOf(req), req.params.artistId!, queryOf(req, 'listArtistAlbums')));
  });
  r.get('/api/artists/:artistId/tracks', async (req, res) => {
    res.json(await catalog.listArtistTracks(actorOf(req), req.params.artistId!, queryOf(req, 'listArtistTracks')));
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
    const { q, sort, limit, cursor, artistId } = queryOf(req, 'listAlbums');
    res.json(await catalog.listAlbums(actorOf(req), { q, sort, limit, cursor, artistId }));
  });
  r.post('/api/albums', async (req, res) => {
    const { title, type, releaseDate, artistIds } = bodyOf(req, 'createAlbum');
    res.status(201).json(await catalog.createAlbum(actorOf(req), { title, type, releaseDate, artistIds }));
  });
  r.get('/api/albums/:albumId', async (req, res) => {
    res.json(await catalog.getAlbum(actorOf(req), req.params.albumId!));
  });
  r.patch('/api/albums/:albumId', async (req, res) => {
    const { title, type, releaseDate, artistIds } = bodyOf(req, 'updateAlbum');
    res.json(await catalog.updateAlbum(actorOf(req), req.params.albumId!, { title, type, releaseDate, artistIds }));
  });
  r.delete('/api/albums/:albumId', async (req, res) => {
    await catalog.deleteAlbum(actorOf(req), req.params.albumId!, { cascade: queryOf(req, 'deleteAlbum').cascade === true });
    res.status(204).end();
  });

  r.get('/api/tracks', async (req, res) => {
    const { q, sort, limit, cursor, genre, artistId, albumId } = queryOf(req, 'listTracks');
    res.json(await catalog.listTracks(actorOf(req), { q, sort, limit, cursor, genre, artistId, albumId }));
  });
  r.get('/api/tracks/:trackId', async (req, res) => {
    res.json(await catalog.getTrack(actorOf(req), req.params.trackId!));
  });
  r.patch('/api/tracks/:trackId', async (req, res) => {
    const { title, artists, albumId, genres, trackNumber, discNumber, releaseDate } = bodyOf(req, 'updateTrack');
    res.json(await catalog.updateTrack(actorOf(req), req.params.trackId!, { title, artists, albumId, genres, trackNumber, discNumber, releaseDate }));
  });
  r.delete('/api/tracks/:trackId', async (req, res) => {
    await catalog.deleteTrack(actorOf(req), req.params.trackId!);
    res.status(204).end();
  });

  r.get('/api/search', async (req, res) => {
    const { q, type, limit } = queryOf(req, 'search');
    const types = type?.split(',').map((s) => s.trim()).filter(Boolean);
    res.json(await catalog.search(actorOf(req), { q, types, limit }));
  });
  return r;
}
