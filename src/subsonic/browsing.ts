import { NotFoundError } from '../shared/errors.js';
import type { Handler } from './handler.js';
import { albumDir, albumId3, artist, artistId3, IGNORED_ARTICLES, indexOf, song } from './mappers.js';

/** Rhythmo has one library; apps still ask which folders there are and pass its id back. */
export const MUSIC_FOLDER = { id: 1, name: 'Music' };

export const getMusicFolders: Handler = async () => ({ musicFolders: { musicFolder: [MUSIC_FOLDER] } });

export const getIndexes: Handler = async ({ container, actor }) => {
  const artists = await container.services.browse.artists(actor);
  // Clients compare it with ifModifiedSince to skip a reload; the index is read fresh every time.
  return { indexes: { lastModified: Date.now(), ignoredArticles: IGNORED_ARTICLES.join(' '), index: indexOf(artists, artist) } };
};

export const getArtists: Handler = async ({ container, actor }) => {
  const artists = await container.services.browse.artists(actor);
  return { artists: { ignoredArticles: IGNORED_ARTICLES.join(' '), index: indexOf(artists, artistId3) } };
};

export const getArtist: Handler = async ({ container, actor, params }) => {
  const found = await container.services.browse.artist(actor, params.id('id'));
  return { artist: { ...artistId3(found.artist), album: found.albums.map(albumId3) } };
};

export const getAlbum: Handler = async ({ container, actor, params }) => {
  const found = await container.services.browse.album(actor, params.id('id'));
  return { album: { ...albumId3(found.album), song: found.tracks.map(song) } };
};

export const getSong: Handler = async ({ container, actor, params }) => ({ song: song(await container.services.browse.track(actor, params.id('id'))) });

/** The folder view: an artist is a directory of its albums, an album one of its songs. */
export const getMusicDirectory: Handler = async ({ container, actor, params }) => {
  const id = params.id('id');
  const { browse } = container.services;
  const byArtist = await browse.artist(actor, id).catch((err: unknown) => (err instanceof NotFoundError ? null : Promise.reject(err)));
  if (byArtist) {
    const a = byArtist.artist;
    return { directory: { id: a.id, name: a.name, starred: a.starredAt?.toISOString(), albumCount: a.albumCount, child: byArtist.albums.map((al) => albumDir(al, a.id)) } };
  }
  const { album, tracks } = await browse.album(actor, id);
  return {
    directory: { id: album.id, parent: album.artists[0]?.id, name: album.title, starred: album.starredAt?.toISOString(), playCount: album.playCount, child: tracks.map(song) },
  };
};

export const getGenres: Handler = async ({ container, actor }) => {
  const genres = await container.services.browse.genres(actor);
  return { genres: { genre: genres.map((g) => ({ songCount: g.songCount, albumCount: g.albumCount, value: g.name })) } };
};
