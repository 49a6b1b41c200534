import type { Call, Handler } from './handler.js';
import { albumDir, albumId3, artist, artistId3, song } from './mappers.js';

/**
 * Apps that sync a whole library send an empty query, some of them spelled `""` or `*`
 * (Lucene habits of the original server): all of those mean "everything".
 */
function queryOf(raw: string): string {
  const q = raw.trim();
  return q === '""' || q === '*' || q === '"*"' ? '' : q.replace(/^"(.*)"$/, '$1');
}

function search({ container, actor, params }: Call) {
  const window = (kind: string) => ({ count: params.int(`${kind}Count`, { default: 20 }), offset: params.int(`${kind}Offset`, { default: 0 }) });
  return container.services.browse.search(actor, { q: queryOf(params.required('query')), artists: window('artist'), albums: window('album'), tracks: window('song') });
}

export const search2: Handler = async (call) => {
  const found = await search(call);
  return { searchResult2: { artist: found.artists.map(artist), album: found.albums.map((a) => albumDir(a)), song: found.tracks.map(song) } };
};

export const search3: Handler = async (call) => {
  const found = await search(call);
  return { searchResult3: { artist: found.artists.map(artistId3), album: found.albums.map(albumId3), song: found.tracks.map(song) } };
};
