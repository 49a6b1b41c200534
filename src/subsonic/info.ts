import { NotFoundError } from '../shared/errors.js';
import type { BrowseArtist, TrackDto } from '../modules/catalog/index.js';
import type { Call, Handler } from './handler.js';
import { artist, artistId3, song } from './mappers.js';

const MAX_COUNT = 100;

/** Image URLs for apps that load them from anywhere: the public address before the image's path. */
function images({ container }: Call, path: string | null) {
  const url = path ? `${container.config.publicUrl}${path}` : undefined;
  return { smallImageUrl: url, mediumImageUrl: url, largeImageUrl: url };
}

/** The first tracks an id leads to: the song itself, an album's tracks, or an artist's. */
async function seedTracks({ container, actor }: Call, id: string, kinds: ('song' | 'album' | 'artist')[]): Promise<string[]> {
  const { catalog } = container.services;
  const orNull = <T>(p: Promise<T>) => p.catch((err: unknown) => (err instanceof NotFoundError ? null : Promise.reject(err)));
  if (kinds.includes('song') && (await orNull(catalog.getTrack(actor, id)))) return [id];
  if (kinds.includes('album')) {
    const album = await orNull(catalog.getAlbum(actor, id));
    if (album) return album.tracks.map((t) => t.id);
  }
  if (kinds.includes('artist') && (await orNull(catalog.getArtist(actor, id)))) {
    return (await catalog.listArtistTracks(actor, id, { limit: 10 })).items.map((t) => t.id);
  }
  throw new NotFoundError(kinds.length === 1 && kinds[0] === 'artist' ? 'Artist' : 'Song, album or artist');
}

/** Rhythmo's similar tracks of the seed's first track, the seed's own tracks left out. */
async function similarTracks(call: Call, seeds: string[], count: number): Promise<TrackDto[]> {
  if (seeds.length === 0) return [];
  const { items } = await call.container.services.recommendations.similar(call.actor, seeds[0]!, { limit: Math.min(count, MAX_COUNT) });
  const own = new Set(seeds);
  return items.map((i) => i.track).filter((t) => !own.has(t.id));
}

async function similarSongs(call: Call, kinds: ('song' | 'album' | 'artist')[]) {
  const count = call.params.int('count', { min: 0, max: MAX_COUNT, default: 50 });
  const tracks = count === 0 ? [] : await similarTracks(call, await seedTracks(call, call.params.id('id'), kinds), count);
  return (await call.container.services.browse.tracks(call.actor, tracks.map((t) => t.id))).map(song);
}

export const getSimilarSongs: Handler = async (call) => ({ similarSongs: { song: await similarSongs(call, ['song', 'album', 'artist']) } });

export const getSimilarSongs2: Handler = async (call) => ({ similarSongs2: { song: await similarSongs(call, ['artist']) } });

/** An artist's biography, image and the artists of the tracks most like theirs. */
async function artistInfo(call: Call): Promise<{ info: Record<string, unknown>; similar: BrowseArtist[] }> {
  const { container, actor, params } = call;
  const id = params.id('id');
  const count = params.int('count', { min: 0, max: MAX_COUNT, default: 20 });
  const a = await container.services.catalog.getArtist(actor, id);
  const tracks = count === 0 ? [] : await similarTracks(call, await seedTracks(call, id, ['artist']), MAX_COUNT);
  const ids = [...new Set(tracks.flatMap((t) => t.artists.filter((c) => c.role === 'main').map((c) => c.id)))].filter((x) => x !== id).slice(0, count);
  return { info: { biography: a.bio ?? '', ...images(call, a.photoUrl) }, similar: await container.services.browse.artistsById(actor, ids) };
}

export const getArtistInfo: Handler = async (call) => {
  const { info, similar } = await artistInfo(call);
  return { artistInfo: { ...info, similarArtist: similar.map(artist) } };
};

export const getArtistInfo2: Handler = async (call) => {
  const { info, similar } = await artistInfo(call);
  return { artistInfo2: { ...info, similarArtist: similar.map(artistId3) } };
};

async function albumInfo(call: Call) {
  const album = await call.container.services.catalog.getAlbum(call.actor, call.params.id('id'));
  return { notes: '', ...images(call, album.coverUrl) };
}

export const getAlbumInfo: Handler = async (call) => ({ albumInfo: await albumInfo(call) });

export const getAlbumInfo2: Handler = async (call) => ({ albumInfo: await albumInfo(call) });

/** The artist's most played tracks (plays that count), by the artist's name. */
export const getTopSongs: Handler = async ({ container, actor, params }) => {
  const name = params.required('artist');
  const count = params.int('count', { min: 0, max: MAX_COUNT, default: 50 });
  const top = await container.services.catalog.topTracksByArtistName(actor, name, count);
  return { topSongs: { song: (await container.services.browse.tracks(actor, top.map((t) => t.id))).map(song) } };
};

/** The songLyrics extension: the song's lyrics as its file tagged them, timed lines when it had them. */
export const getLyricsBySongId: Handler = async ({ container, actor, params }) => {
  const id = params.id('id');
  const [lyrics, track] = await Promise.all([container.services.catalog.getTrackLyrics(actor, id), container.services.catalog.getTrack(actor, id)]);
  if (!lyrics) return { lyricsList: { structuredLyrics: [] } };
  const synced = !!lyrics.synced?.length;
  const line = synced ? lyrics.synced!.map((l) => ({ start: l.startMs, value: l.text })) : lyrics.text.split('\n').map((value) => ({ value }));
  const displayArtist = track.artists.filter((a) => a.role === 'main').map((a) => a.name).join(', ');
  return { lyricsList: { structuredLyrics: [{ displayArtist, displayTitle: track.title, lang: 'xxx', offset: 0, synced, line }] } };
};
