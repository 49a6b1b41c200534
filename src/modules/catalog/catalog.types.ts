import type { Transaction } from 'sequelize';

export type AlbumType = 'album' | 'single' | 'ep' | 'compilation';
export const ALBUM_TYPES: readonly AlbumType[] = ['album', 'single', 'ep', 'compilation'];
export type ArtistRole = 'main' | 'featured';
/** The catalog tables whose rows an artist account manages through the artists it manages (the panel's scopes). */
export type ManagedKind = 'artists' | 'albums' | 'tracks';

/** What the media module learns from a stored audio file. */
export interface AudioInfo {
  key: string;
  mimeType: string;
  codec: string | null;
  bitrate: number | null;
  sampleRate: number | null;
  channels: number | null;
  sizeBytes: number;
  sha256: string;
  durationMs: number;
}

/** A new track as uploads, imports and seeders describe it: artists, album and genres by id or by name. */
export interface NewTrackInput {
  title: string;
  artistIds?: string[];
  artistNames?: { name: string; role: ArtistRole }[];
  albumId?: string | null;
  album?: {
    title: string;
    artistNames: string[];
    type?: AlbumType;
    releaseDate?: string | null;
  } | null;
  genres?: string[];
  trackNumber?: number | null;
  discNumber?: number | null;
  releaseDate?: string | null;
  coverKey?: string | null;
  audio: AudioInfo;
  lyrics?: TrackLyrics | null;
  replayGain?: ReplayGain | null;
}

/** A lyrics tag: its plain text, and its lines with their start times when the tag was timed (LRC or SYLT). */
export interface TrackLyrics {
  text: string;
  synced: { startMs: number; text: string }[] | null;
}

/** ReplayGain as tagged: gains in dB, peaks as a ratio of full scale; null where the file said nothing. */
export interface ReplayGain {
  trackGain: number | null;
  trackPeak: number | null;
  albumGain: number | null;
  albumPeak: number | null;
}

/** How one input of a batch of new tracks ended. */
export type NewTrackResult =
  | { status: 'created'; track: { id: string; title: string; albumId: string | null; coverKey: string | null } }
  | { status: 'duplicate'; existingTrackId: string }
  | { status: 'failed'; error: Error };

/** What creating a track would answer: 'ok' where it would be created. */
export type TrackCheck = { status: 'ok' } | { status: 'duplicate'; existingTrackId: string } | { status: 'failed'; error: Error };

export interface TxOptions {
  transaction?: Transaction;
}

export type ImageTarget = { kind: 'artist' | 'album' | 'track'; id: string };

/** Where stored files go when their rows are deleted; the media module's storage implements it. */
export interface FilePort {
  delete(keys: string[]): Promise<void>;
}

export interface GenreRecord {
  id: string;
  name: string;
  slug: string;
}

export interface ArtistRecord {
  id: string;
  name: string;
  slug: string;
  bio: string | null;
  photoKey: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AlbumRecord {
  id: string;
  title: string;
  type: AlbumType;
  releaseDate: string | null;
  coverKey: string | null;
  createdById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface TrackRecord {
  id: string;
  title: string;
  albumId: string | null;
  discNumber: number | null;
  trackNumber: number | null;
  durationMs: number;
  releaseDate: string | null;
  coverKey: string | null;
  audioKey: string;
  audioMime: string;
  audioCodec: string | null;
  audioBitrate: number | null;
  audioSampleRate: number | null;
  audioChannels: number | null;
  audioSizeBytes: number;
  audioSha256: string;
  ratingCount: number;
  ratingSum: number;
  createdById: string | null;
  replayGain: ReplayGain | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A track with everything its API shape needs, loaded for one viewer. */
export interface TrackView {
  track: TrackRecord;
  artists: { id: string; name: string; role: ArtistRole }[];
  album: { id: string; title: string; coverKey: string | null } | null;
  genres: GenreRecord[];
  myRating: number | null;
  liked: boolean;
  /** Plays that count as listens (the scrobble rule), by everyone, all time. */
  playCount: number;
}

export interface ArtistView {
  artist: ArtistRecord;
  genres: GenreRecord[];
  followerCount: number;
  following: boolean;
}

export interface AlbumView {
  album: AlbumRecord;
  artists: { id: string; name: string }[];
  saved: boolean;
  trackCount: number;
  durationMs: number;
  /** Counted plays of the album's tracks. */
  playCount: number;
}

export interface PlaylistSummaryRecord {
  id: string;
  name: string;
  trackCount: number;
  owner: { id: string; username: string; displayName: string };
}

export type TrackSort = 'title' | '-title' | 'createdAt' | '-createdAt' | 'releaseDate' | '-releaseDate' | 'album';
export type AlbumSort = 'title' | '-title' | 'createdAt' | '-createdAt' | 'releaseDate' | '-releaseDate';
export type ArtistSort = 'name' | '-name' | 'createdAt' | '-createdAt';
export const TRACK_SORTS: readonly TrackSort[] = ['title', '-title', 'createdAt', '-createdAt', 'releaseDate', '-releaseDate', 'album'];
export const ALBUM_SORTS: readonly AlbumSort[] = ['title', '-title', 'createdAt', '-createdAt', 'releaseDate', '-releaseDate'];
export const ARTIST_SORTS: readonly ArtistSort[] = ['name', '-name', 'createdAt', '-createdAt'];

export type CursorValues = (string | number | null)[];

/** A list request after validation: filters, a sort and a keyset position. */
export interface ListQuery<S> {
  sort: S;
  limit: number;
  cursor: CursorValues | null;
  /** Restricts to these ids (a search's matches); undefined means no restriction. */
  ids?: string[];
}

export interface TrackFilter {
  genreId?: string;
  artistId?: string;
  albumId?: string;
}

export interface AlbumFilter {
  artistId?: string;
}

export interface ArtistFilter {
  genreId?: string;
}

/** One row of a list: its id and the values of its sort key, for the next cursor. */
export interface ListRow {
  id: string;
  key: CursorValues;
}

export type SearchKind = 'track' | 'album' | 'artist' | 'playlist';
export const SEARCH_KINDS: readonly SearchKind[] = ['track', 'album', 'artist', 'playlist'];

/** A search match with its rank: tier 4 exact, 3 prefix, 2 all words, 1 close spelling. */
export interface SearchHit {
  id: string;
  tier: number;
  score: number;
}

export interface SearchRepository {
  search(kind: SearchKind, q: string, limit: number): Promise<SearchHit[]>;
}
