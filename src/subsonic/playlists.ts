import { isAdmin } from '../shared/actor.js';
import { isUuid } from '../shared/ids.js';
import type { PlaylistRecord } from '../modules/playlists/index.js';
import { imageUrl } from '../modules/media/index.js';
import { Code, SubsonicError } from './errors.js';
import type { Call, Handler } from './handler.js';
import { coverArtOf, song } from './mappers.js';
import type { Node } from './envelope.js';
import { allPages, PAGE_SIZE } from './pages.js';

function playlist(p: PlaylistRecord, me: string): Node {
  return {
    id: p.id,
    name: p.name,
    comment: p.description ?? undefined,
    owner: p.owner.username,
    public: p.visibility === 'public',
    songCount: p.trackCount,
    duration: Math.round(p.durationMs / 1000),
    created: p.createdAt.toISOString(),
    changed: p.updatedAt.toISOString(),
    coverArt: coverArtOf(imageUrl(p.coverKey)),
    readonly: p.owner.id !== me || p.kind === 'generated',
  };
}

async function withEntries({ container, actor }: Call, p: PlaylistRecord): Promise<Node> {
  const { playlists, browse } = container.services;
  const entries = await allPages((cursor) => playlists.listEntries(actor, p.id, { limit: PAGE_SIZE, cursor }));
  const tracks = new Map((await browse.tracks(actor, [...new Set(entries.map((e) => e.track.id))])).map((t) => [t.id, t]));
  const entry = entries.flatMap((e) => (tracks.has(e.track.id) ? [song(tracks.get(e.track.id)!)] : []));
  return { ...playlist(p, actor.id), entry };
}

/** The caller's playlists; an admin may name another user and sees that user's public ones. */
export const getPlaylists: Handler = async ({ container, actor, username, params }) => {
  const { playlists, users } = container.services;
  const wanted = params.optional('username');
  let list: PlaylistRecord[];
  if (wanted === undefined || wanted === '' || wanted.toLowerCase() === username.toLowerCase()) {
    list = await allPages((cursor) => playlists.listMine(actor, { limit: PAGE_SIZE, cursor }));
  } else {
    if (!isAdmin(actor)) throw new SubsonicError(Code.NotAuthorized, 'Only admins may list the playlists of another user');
    const other = await users.findByLogin(actor, wanted);
    list = await allPages((cursor) => playlists.listForUser(actor, other.id, { limit: PAGE_SIZE, cursor }));
  }
  return { playlists: { playlist: list.map((p) => playlist(p, actor.id)) } };
};

export const getPlaylist: Handler = async (call) => {
  const p = await call.container.services.playlists.get(call.actor, call.params.id('id'));
  return { playlist: await withEntries(call, p) };
};

/** Creates a playlist with the songs, or (given playlistId) replaces the songs of the caller's playlist. */
export const createPlaylist: Handler = async (call) => {
  const { container, actor, params } = call;
  const { playlists } = container.services;
  const songIds = await knownSongs(call, 'songId');
  let p: PlaylistRecord;
  if (params.has('playlistId')) {
    const id = params.id('playlistId');
    const patch = params.has('name') ? { name: params.required('name') } : {};
    p = await playlists.editEntries(actor, id, { replace: true, addTrackIds: songIds, patch });
  } else {
    p = await playlists.create(actor, { name: params.required('name') });
    if (songIds.length) p = await playlists.editEntries(actor, p.id, { addTrackIds: songIds });
  }
  return { playlist: await withEntries(call, p) };
};

export const updatePlaylist: Handler = async (call) => {
  const { container, actor, params } = call;
  const { playlists } = container.services;
  const id = params.id('playlistId');
  const patch = {
    ...(params.has('name') ? { name: params.required('name') } : {}),
    ...(params.has('comment') ? { description: params.required('comment') || null } : {}),
    ...(params.has('public') ? { visibility: params.bool('public', false) ? 'public' : 'private' } : {}),
  };
  const removePositions = params.list('songIndexToRemove').map((_, i, all) => indexAt(all, i));
  const addTrackIds = await knownSongs(call, 'songIdToAdd');
  await playlists.editEntries(actor, id, { removePositions, addTrackIds, patch });
  return {};
};

export const deletePlaylist: Handler = async ({ container, actor, params }) => {
  await container.services.playlists.delete(actor, params.id('id'));
  return {};
};

/** The songs named by a repeated parameter, each one that Rhythmo has (70 otherwise, before anything is written). */
async function knownSongs({ container, actor, params }: Call, name: string): Promise<string[]> {
  const ids = params.list(name).map((id) => id.trim().toLowerCase());
  const unique = [...new Set(ids)];
  const found = unique.every(isUuid) ? await container.services.catalog.getTracks(actor, unique) : [];
  if (found.length !== unique.length) throw new SubsonicError(Code.NotFound, 'Song not found');
  return ids;
}

function indexAt(values: string[], i: number): number {
  const raw = values[i]!.trim();
  if (!/^\d{1,9}$/.test(raw)) throw new SubsonicError(Code.Generic, 'Invalid value for parameter songIndexToRemove: must be a whole number');
  return Number(raw);
}
