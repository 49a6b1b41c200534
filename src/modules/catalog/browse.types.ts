import type { AlbumSummaryDto, TrackDto } from './catalog.mapper.js';
import type { ReplayGain } from './catalog.types.js';

/**
 * Reads for clients that browse the whole library by position (Subsonic apps): lists by offset
 * rather than by cursor, and each item with the caller's own marks (when starred, when played).
 */
export type AlbumListType =
  | 'random' | 'newest' | 'highest' | 'frequent' | 'recent' | 'alphabeticalByName' | 'alphabeticalByArtist' | 'starred' | 'byYear' | 'byGenre';
export const ALBUM_LIST_TYPES: readonly AlbumListType[] = [
  'random', 'newest', 'highest', 'frequent', 'recent', 'alphabeticalByName', 'alphabeticalByArtist', 'starred', 'byYear', 'byGenre',
];

export interface AlbumListQuery {
  type: AlbumListType;
  offset: number;
  size: number;
  userId: string;
  genreId?: string;
  /** Inclusive; a range given backwards lists newest first. */
  fromYear?: number;
  toYear?: number;
}

export interface TrackPick {
  size: number;
  genreId?: string;
  fromYear?: number;
  toYear?: number;
}

export type BrowseKind = 'artist' | 'album' | 'track';

export interface BrowseTrack extends TrackDto, TrackMarks {
  /** As the file was tagged; null when it said nothing. */
  replayGain: ReplayGain | null;
}

export interface BrowseAlbum extends AlbumSummaryDto, AlbumMarks {}

export interface BrowseArtist {
  id: string;
  name: string;
  photoUrl: string | null;
  albumCount: number;
  starredAt: Date | null;
}

export interface GenreCount {
  name: string;
  songCount: number;
  albumCount: number;
}

/** Per item, the caller's marks and what the API shapes leave out. */
export interface TrackMarks {
  /** When the caller liked it; null when they have not. */
  starredAt: Date | null;
  /** The caller's latest play of it. */
  playedAt: Date | null;
  /** Its album's artists, in credit order; empty for a track on no album. */
  albumArtists: { id: string; name: string }[];
}
export interface AlbumMarks {
  starredAt: Date | null;
  playedAt: Date | null;
  createdAt: Date;
  genres: string[];
}
export interface ArtistRow {
  id: string;
  name: string;
  photoKey: string | null;
  albumCount: number;
  starredAt: Date | null;
}

export interface BrowseRepository {
  albumIds(q: AlbumListQuery): Promise<string[]>;
  randomTrackIds(q: TrackPick): Promise<string[]>;
  trackIdsByGenre(genreId: string, offset: number, size: number): Promise<string[]>;
  /** Everything of a kind, oldest first: new items come last, so a client syncing page by page misses nothing. */
  allIds(kind: BrowseKind, offset: number, size: number): Promise<string[]>;
  artistRows(userId: string, ids?: string[]): Promise<ArtistRow[]>;
  artistAlbumIds(artistId: string, limit: number): Promise<string[]>;
  genreCounts(): Promise<GenreCount[]>;
  trackMarks(userId: string, trackIds: string[]): Promise<Map<string, TrackMarks>>;
  albumMarks(userId: string, albumIds: string[]): Promise<Map<string, AlbumMarks>>;
}
