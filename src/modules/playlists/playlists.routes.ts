import { Router } from 'express';
import type { PlaylistService } from './playlist.service.js';
import { bodyOf, queryOf } from '../../http/validated.js';
import { actorOf } from '../../http/request-context.js';
import { toPlaylistDto, toPlaylistEntryDto } from './playlist.mapper.js';
import type { PlaylistRecord } from './playlist.types.js';

const pageDto = (page: { items: PlaylistRecord[]; nextCursor: string | null }) => ({ items: page.items.map(toPlaylistDto), nextCursor: page.nextCursor });

export function playlistsRoutes({ playlists }: { playlists: PlaylistService }): Router {
  const r = Router();
  r.get('/api/me/playlists', async (req, res) => {
    res.json(pageDto(await playlists.listMine(actorOf(req), queryOf(req, 'listMyPlaylists'))));
  });
  r.get('/api/users/:userId/playlists', async (req, res) => {
    res.json(pageDto(await playlists.listForUser(actorOf(req), req.params.userId, queryOf(req, 'listUserPlaylists'))));
  });
  r.post('/api/playlists', async (req, res) => {
    const { name, description, visibility } = bodyOf(req, 'createPlaylist');
    res.status(201).json(toPlaylistDto(await playlists.create(actorOf(req), { name, description, visibility })));
  });
  r.get('/api/playlists/:playlistId', async (req, res) => {
    res.json(toPlaylistDto(await playlists.get(actorOf(req), req.params.playlistId)));
  });
  r.patch('/api/playlists/:playlistId', async (req, res) => {
    const { name, description, visibility } = bodyOf(req, 'updatePlaylist');
    res.json(toPlaylistDto(await playlists.update(actorOf(req), req.params.playlistId, { name, description, visibility })));
  });
  r.delete('/api/playlists/:playlistId', async (req, res) => {
    await playlists.delete(actorOf(req), req.params.playlistId);
    res.status(204).end();
  });
  r.get('/api/playlists/:playlistId/tracks', async (req, res) => {
    const page = await playlists.listEntries(actorOf(req), req.params.playlistId, queryOf(req, 'listPlaylistEntries'));
    res.json({ items: page.items.map(toPlaylistEntryDto), nextCursor: page.nextCursor });
  });
  r.post('/api/playlists/:playlistId/tracks', async (req, res) => {
    const { trackIds, position } = bodyOf(req, 'addPlaylistTracks');
    const { playlist, entries } = await playlists.addTracks(actorOf(req), req.params.playlistId, { trackIds, position });
    res.status(201).json({ playlist: toPlaylistDto(playlist), entries: entries.map(toPlaylistEntryDto) });
  });
  // Registered before the entry route so "move" is never taken for an entry id.
  r.post('/api/playlists/:playlistId/tracks/move', async (req, res) => {
    const { entryId, toPosition } = bodyOf(req, 'movePlaylistEntry');
    res.json(toPlaylistEntryDto(await playlists.moveEntry(actorOf(req), req.params.playlistId, { entryId, toPosition })));
  });
  r.delete('/api/playlists/:playlistId/tracks/:entryId', async (req, res) => {
    await playlists.removeEntry(actorOf(req), req.params.playlistId, req.params.entryId);
    res.status(204).end();
  });
  return r;
}
