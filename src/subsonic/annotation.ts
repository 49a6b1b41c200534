import { isUuid } from '../shared/ids.js';
import { Code, SubsonicError } from './errors.js';
import type { Call, Handler } from './handler.js';
import { albumDir, albumId3, artist, artistId3, song } from './mappers.js';
import { allPages, PAGE_SIZE } from './pages.js';

/** Every value of a repeated id parameter; one that cannot be ours names nothing (70) and nothing is written. */
function ids({ params }: Call, name: string): string[] {
  const values = params.list(name).map((v) => v.trim().toLowerCase());
  if (!values.every(isUuid)) throw new SubsonicError(Code.NotFound, 'The requested data was not found');
  return values;
}

function starTargets(call: Call) {
  const targets = { songs: ids(call, 'id'), albums: ids(call, 'albumId'), artists: ids(call, 'artistId') };
  if (!targets.songs.length && !targets.albums.length && !targets.artists.length) throw new SubsonicError(Code.MissingParameter, 'Required parameter is missing: id, albumId or artistId');
  return targets;
}

/** A starred song is a liked track, a starred album a saved album, a starred artist one the caller follows. */
export const star: Handler = async (call) => {
  const { library, follows } = call.container.services;
  const t = starTargets(call);
  for (const id of t.songs) await library.likeTrack(call.actor, id);
  for (const id of t.albums) await library.saveAlbum(call.actor, id);
  for (const id of t.artists) await follows.follow(call.actor, id);
  return {};
};

export const unstar: Handler = async (call) => {
  const { library, follows } = call.container.services;
  const t = starTargets(call);
  for (const id of t.songs) await library.unlikeTrack(call.actor, id);
  for (const id of t.albums) await library.unsaveAlbum(call.actor, id);
  for (const id of t.artists) await follows.unfollow(call.actor, id);
  return {};
};

async function starred({ container, actor }: Call) {
  const { library, follows, browse } = container.services;
  const [liked, saved, followed] = await Promise.all([
    allPages((cursor) => library.listLikedTracks(actor, { limit: PAGE_SIZE, cursor })),
    allPages((cursor) => library.listSavedAlbums(actor, { limit: PAGE_SIZE, cursor })),
    allPages((cursor) => follows.listFollowing(actor, { limit: PAGE_SIZE, cursor })),
  ]);
  const [songs, albums, artists] = await Promise.all([
    browse.tracks(actor, liked.map((l) => l.item.id)),
    browse.albums(actor, saved.map((s) => s.item.id)),
    browse.artistsById(actor, followed.map((f) => f.artist.id)),
  ]);
  return { songs, albums, artists };
}

export const getStarred: Handler = async (call) => {
  const s = await starred(call);
  return { starred: { artist: s.artists.map(artist), album: s.albums.map((a) => albumDir(a)), song: s.songs.map(song) } };
};

export const getStarred2: Handler = async (call) => {
  const s = await starred(call);
  return { starred2: { artist: s.artists.map(artistId3), album: s.albums.map(albumId3), song: s.songs.map(song) } };
};

/** 1-5 rates the song; 0 takes the rating away. */
export const setRating: Handler = async ({ container, actor, params }) => {
  const id = params.id('id');
  const rating = params.requiredInt('rating', { min: 0, max: 5 });
  if (rating === 0) await container.services.ratings.unrate(actor, id);
  else await container.services.ratings.rate(actor, id, rating);
  return {};
};

/**
 * submission=true (the default): each song was listened to, at its `time` (ms since the epoch)
 * or now. submission=false: the caller's player has started it (now playing), named by `c`.
 */
export const scrobble: Handler = async (call) => {
  const { container, actor, params } = call;
  const songs = ids(call, 'id');
  if (songs.length === 0) throw new SubsonicError(Code.MissingParameter, 'Required parameter is missing: id');
  const times = params.list('time').map((raw) => {
    const ms = /^\d{1,15}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!Number.isSafeInteger(ms)) throw new SubsonicError(Code.Generic, 'Invalid value for parameter time: must be milliseconds since the epoch');
    return new Date(ms);
  });
  const { plays } = container.services;
  if (!params.bool('submission', true)) {
    await plays.setNowPlaying(actor, { trackId: songs.at(-1)!, player: params.optional('c') ?? null });
    return {};
  }
  const now = container.clock.now();
  for (const [i, trackId] of songs.entries()) await plays.scrobble(actor, { trackId, at: times[i] ?? now });
  return {};
};

export const getNowPlaying: Handler = async ({ container, actor }) => {
  const { plays, browse } = container.services;
  const now = await plays.nowPlaying(actor);
  const tracks = new Map((await browse.tracks(actor, [...new Set(now.map((n) => n.track.id))])).map((t) => [t.id, t]));
  const at = container.clock.now().getTime();
  const entry = now.flatMap((n) => {
    const t = tracks.get(n.track.id);
    if (!t) return [];
    return [{ ...song(t), username: n.username, minutesAgo: Math.max(0, Math.floor((at - n.startedAt.getTime()) / 60_000)), playerId: 0, playerName: n.player ?? undefined }];
  });
  return { nowPlaying: { entry } };
};
