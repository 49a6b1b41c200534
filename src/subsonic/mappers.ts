import type { BrowseAlbum, BrowseArtist, BrowseTrack } from '../modules/catalog/index.js';
import type { Node } from './envelope.js';

/**
 * Rhythmo's DTOs in the shapes of the specification (Responses: Child, AlbumID3, ArtistID3,
 * Artist). OpenSubsonic fields Rhythmo supports are always present, empty when there is no
 * value, so clients can tell "supported, nothing there" from "not supported".
 */

const SUFFIX_BY_MIME: Record<string, string> = {
  'audio/mpeg': 'mp3', 'audio/flac': 'flac', 'audio/ogg': 'ogg', 'audio/mp4': 'm4a', 'audio/aac': 'aac', 'audio/wav': 'wav',
};

/** Cover art ids are the image's public name: the same picture has the same id everywhere, so clients cache it once. */
export function coverArtOf(url: string | null): string | undefined {
  return url ? url.slice(url.lastIndexOf('/') + 1) : undefined;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);
const yearOf = (date: string | null) => (date ? Number(date.slice(0, 4)) || undefined : undefined);
const seconds = (ms: number) => Math.round(ms / 1000);
const ref = (a: { id: string; name: string }): Node => ({ id: a.id, name: a.name });

/** OpenSubsonic's ReplayGain: only the values the file had. */
function replayGainOf(g: NonNullable<BrowseTrack['replayGain']>): Node {
  return { trackGain: g.trackGain ?? undefined, albumGain: g.albumGain ?? undefined, trackPeak: g.trackPeak ?? undefined, albumPeak: g.albumPeak ?? undefined };
}

export function song(t: BrowseTrack): Node {
  const mains = t.artists.filter((a) => a.role === 'main');
  const artists = mains.length ? mains : t.artists;
  const displayArtist = artists.map((a) => a.name).join(', ');
  const mime = t.audio.mimeType.split(';')[0]!.trim();
  const suffix = t.audio.mimeType.includes('opus') ? 'opus' : SUFFIX_BY_MIME[mime];
  return {
    id: t.id,
    parent: t.album?.id,
    isDir: false,
    title: t.title,
    album: t.album?.title,
    artist: displayArtist,
    track: t.trackNumber ?? undefined,
    year: yearOf(t.releaseDate),
    genre: t.genres[0]?.name,
    coverArt: coverArtOf(t.coverUrl),
    size: t.audio.sizeBytes,
    contentType: mime,
    suffix,
    duration: seconds(t.durationMs),
    bitRate: t.audio.bitrate ? Math.round(t.audio.bitrate / 1000) : undefined,
    samplingRate: t.audio.sampleRate ?? undefined,
    channelCount: t.audio.channels ?? undefined,
    userRating: t.rating.mine ?? undefined,
    averageRating: t.rating.average ?? undefined,
    playCount: t.playCount,
    discNumber: t.discNumber ?? undefined,
    created: t.createdAt,
    starred: iso(t.starredAt),
    albumId: t.album?.id,
    artistId: artists[0]?.id,
    type: 'music',
    isVideo: false,
    mediaType: 'song',
    played: iso(t.playedAt),
    sortName: t.title,
    genres: t.genres.map((g) => ({ name: g.name })),
    artists: artists.map(ref),
    displayArtist,
    albumArtists: t.albumArtists.map(ref),
    displayAlbumArtist: t.albumArtists.map((a) => a.name).join(', '),
    replayGain: t.replayGain ? replayGainOf(t.replayGain) : {},
  };
}

function albumCommon(a: BrowseAlbum): Node {
  return {
    artist: a.artists.map((x) => x.name).join(', '),
    artistId: a.artists[0]?.id,
    coverArt: coverArtOf(a.coverUrl),
    songCount: a.trackCount,
    duration: seconds(a.durationMs),
    playCount: a.playCount,
    created: a.createdAt.toISOString(),
    starred: iso(a.starredAt),
    year: yearOf(a.releaseDate),
    genre: a.genres[0],
    played: iso(a.playedAt),
  };
}

/** AlbumID3: the ID3 browsing endpoints (getAlbum, getAlbumList2, search3, getArtist). */
export function albumId3(a: BrowseAlbum): Node {
  return {
    id: a.id,
    name: a.title,
    ...albumCommon(a),
    sortName: a.title,
    mediaType: 'album',
    genres: a.genres.map((name) => ({ name })),
    artists: a.artists.map(ref),
    displayArtist: a.artists.map((x) => x.name).join(', '),
    releaseTypes: [a.type],
    isCompilation: a.type === 'compilation',
  };
}

/** An album as a directory entry (getAlbumList, search2, getMusicDirectory of an artist). */
export function albumDir(a: BrowseAlbum, parent?: string): Node {
  return { id: a.id, parent: parent ?? a.artists[0]?.id, isDir: true, title: a.title, name: a.title, album: a.title, ...albumCommon(a), mediaType: 'album' };
}

/** ArtistID3: getArtists, getArtist, search3. */
export function artistId3(a: BrowseArtist): Node {
  return { id: a.id, name: a.name, coverArt: coverArtOf(a.photoUrl), albumCount: a.albumCount, starred: iso(a.starredAt), sortName: a.name, mediaType: 'artist' };
}

/** Artist (the folder-based index): getIndexes, search2. */
export function artist(a: BrowseArtist): Node {
  return { id: a.id, name: a.name, coverArt: coverArtOf(a.photoUrl), albumCount: a.albumCount, starred: iso(a.starredAt) };
}

export const IGNORED_ARTICLES = ['The', 'El', 'La', 'Los', 'Las', 'Le', 'Les'];
const ARTICLE = new RegExp(`^(?:${IGNORED_ARTICLES.join('|')})\\s+`, 'i');

/** Artists grouped under the first letter of their name past a leading article; anything else under '#'. */
export function indexOf<T extends { name: string }>(artists: T[], shape: (a: T) => Node): Node[] {
  const keyed = artists.map((a) => {
    const bare = a.name.replace(ARTICLE, '');
    const first = bare.normalize('NFD').charAt(0).toUpperCase();
    return { a, sortKey: bare.toLocaleLowerCase(), letter: /^[A-Z]$/.test(first) ? first : '#' };
  });
  keyed.sort((x, y) => (x.letter === y.letter ? x.sortKey.localeCompare(y.sortKey) : x.letter === '#' ? 1 : y.letter === '#' ? -1 : x.letter.localeCompare(y.letter)));
  const order: string[] = [];
  const byLetter = new Map<string, T[]>();
  for (const k of keyed) {
    if (!byLetter.has(k.letter)) {
      byLetter.set(k.letter, []);
      order.push(k.letter);
    }
    byLetter.get(k.letter)!.push(k.a);
  }
  return order.map((letter) => ({ name: letter, artist: byLetter.get(letter)!.map(shape) }));
}
