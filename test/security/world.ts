import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext, TestUser } from '../support/context.js';
import { makeAlbum, makeArtist, makeGenre, makeTrack } from '../support/fixtures.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';

/** Who calls: nobody, two listeners, the artist account that manages the object, one that does not, an admin. */
export const ROLES = ['anonymous', 'listenerA', 'listenerB', 'artistOwner', 'artistOther', 'admin'] as const;
export type RoleName = (typeof ROLES)[number];
export type SignedIn = Exclude<RoleName, 'anonymous'>;

export interface Cast {
  users: Record<SignedIn, TestUser>;
  /** An account only used to log in, refresh and log out, so no other call can change its password or sessions. */
  loginUser: TestUser;
  /** The artist profile that artistOther manages (and artistOwner does not). */
  otherArtistId: string;
}

/** The objects one call works on: an artist managed by artistOwner with its album and track, and listener A's private playlist. */
export interface World {
  genreId: string;
  artistId: string;
  albumId: string;
  trackId: string;
  playlistId: string;
  entryId: string;
  /** The name of a stored image (GET /api/images/{name}), once one is stored. */
  imageName?: string;
}

export async function createCast(ctx: TestContext): Promise<Cast> {
  const users = {
    listenerA: await ctx.user('listener'),
    listenerB: await ctx.user('listener'),
    artistOwner: await ctx.user('artist'),
    artistOther: await ctx.user('artist'),
    admin: await ctx.user('admin'),
  };
  const other = await makeArtist({ managerId: users.artistOther.id });
  return { users, loginUser: await ctx.user('listener'), otherArtistId: other.id };
}

/** Fresh objects, so that a call that changes or deletes one leaves the next call's alone. `audioFile` stores a real file (streaming needs one). */
export async function createWorld(ctx: TestContext, cast: Cast, audioFile?: string): Promise<World> {
  const genre = await makeGenre();
  const artist = await makeArtist({ managerId: cast.users.artistOwner.id, genreIds: [genre.id] });
  const album = await makeAlbum({ artistIds: [artist.id] });
  let trackId: string;
  if (audioFile) {
    const result = await ctx.container.services.media.ingestFile(SYSTEM, audioFile, { artistIds: [artist.id], albumId: album.id, title: 'Stored track' });
    if (result.status !== 'imported') throw new Error(`${audioFile} was already imported`);
    trackId = (result.track as { id: string }).id;
  } else {
    trackId = (await makeTrack({ artistIds: [artist.id], albumId: album.id })).id;
  }
  const a = cast.users.listenerA;
  const playlists = ctx.container.services.playlists;
  const playlist = await playlists.create(userActor(a.id, a.role), { name: 'Private mix' });
  const added = await playlists.addTracks(userActor(a.id, a.role), playlist.id, { trackIds: [trackId, trackId] });
  return { genreId: genre.id, artistId: artist.id, albumId: album.id, trackId, playlistId: playlist.id, entryId: added.entries[0]!.entry.id };
}

export interface Call {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** JSON (serialised here), raw bytes, or a multipart form. */
  body?: unknown;
  contentType?: string;
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

export interface Server {
  base: string;
  close(): Promise<void>;
}

/** The app on a port of its own, so calls go over real HTTP (an SSE stream can be opened and dropped). */
export async function listen(ctx: TestContext): Promise<Server> {
  const server = http.createServer(ctx.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function send(server: Server, call: Call, token?: string): Promise<Answer> {
  const url = new URL(call.path, server.base);
  for (const [k, v] of Object.entries(call.query ?? {})) url.searchParams.append(k, v);
  const headers: Record<string, string> = { ...call.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: RequestInit['body'];
  if (call.body instanceof FormData || call.body instanceof Uint8Array || typeof call.body === 'string') {
    body = call.body as RequestInit['body'];
    if (call.contentType) headers['content-type'] = call.contentType;
  } else if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers['content-type'] = call.contentType ?? 'application/json';
  }
  const res = await fetch(url, { method: call.method, headers, body, redirect: 'manual' });
  const contentType = res.headers.get('content-type') ?? '';
  // An event stream never ends by itself: its status and type are the answer.
  if (contentType.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, contentType, text: '' };
  }
  return { status: res.status, contentType, text: await res.text() };
}
