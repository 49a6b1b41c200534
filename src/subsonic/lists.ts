import type { BrowseAlbum } from '../modules/catalog/index.js';
import type { Call, Handler } from './handler.js';
import { albumDir, albumId3, song } from './mappers.js';

function albumList({ container, actor, params }: Call): Promise<BrowseAlbum[]> {
  return container.services.browse.albumList(actor, {
    type: params.required('type'),
    size: params.int('size', { default: 10 }),
    offset: params.int('offset', { default: 0 }),
    genre: params.optional('genre'),
    fromYear: params.int('fromYear'),
    toYear: params.int('toYear'),
  });
}

export const getAlbumList: Handler = async (call) => ({ albumList: { album: (await albumList(call)).map((a) => albumDir(a)) } });

export const getAlbumList2: Handler = async (call) => ({ albumList2: { album: (await albumList(call)).map(albumId3) } });

export const getRandomSongs: Handler = async ({ container, actor, params }) => {
  const tracks = await container.services.browse.randomTracks(actor, {
    size: params.int('size', { default: 10 }),
    genre: params.optional('genre'),
    fromYear: params.int('fromYear'),
    toYear: params.int('toYear'),
  });
  return { randomSongs: { song: tracks.map(song) } };
};

export const getSongsByGenre: Handler = async ({ container, actor, params }) => {
  const tracks = await container.services.browse.tracksByGenre(actor, {
    genre: params.required('genre'),
    count: params.int('count', { default: 10 }),
    offset: params.int('offset', { default: 0 }),
  });
  return { songsByGenre: { song: tracks.map(song) } };
};
