import type { Actor } from '../../shared/actor.js';
import type { AudioInfo, NewTrackInput, ImageTarget, ReplayGain, TrackDto, TrackLyrics } from '../catalog/index.js';

export type { AudioInfo, NewTrackInput, ImageTarget, ReplayGain, TrackLyrics };

/** Everything of a track that tags (or the file's path) can say; the audio comes from probing. */
export type TaggedTrackInput = Omit<NewTrackInput, 'audio' | 'title'> & { title: string };

export interface TrackAudioRef {
  key: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  updatedAt: Date | string;
  /** What a transcode's headers and the choice of sending the original need. */
  durationMs?: number;
  /** Bits per second, as probed. */
  bitrate?: number | null;
}

/** The part of the catalog service media calls: a port, so tests can run ingest without a database. */
export interface CatalogPort {
  createTrack(actor: Actor, input: NewTrackInput, opts?: { transaction?: unknown }): Promise<TrackDto>;
  findTrackIdBySha256(sha256: string): Promise<string | null>;
  getTrackAudio(actor: Actor, trackId: string): Promise<TrackAudioRef>;
  setImage(actor: Actor, target: ImageTarget, key: string): Promise<string | null | undefined | void>;
  getImageKey(actor: Actor, target: ImageTarget): Promise<string | null>;
  getArtistSummaries(actor: Actor, ids: string[]): Promise<{ id: string; name: string }[]>;
}

/** Playlist covers belong to the playlists module; media stores the bytes and asks it to record the key. */
export interface PlaylistCoverPort {
  setCover(actor: Actor, playlistId: string, key: string): Promise<string | null | undefined | void>;
  getCoverKey(actor: Actor, playlistId: string): Promise<string | null>;
}

/** Tags as read from a file, before any interpretation. */
export interface NormalizedTags {
  title?: string;
  /** Each artist tag value as written (one value may still hold "A feat. B"). */
  artists: string[];
  albumArtists: string[];
  album?: string;
  compilation: boolean;
  genres: string[];
  trackNumber?: number;
  discNumber?: number;
  year?: number;
  /** The date tag as written: 2019, 2019-03 or 2019-03-01. */
  date?: string;
  lyrics?: TrackLyrics;
  replayGain?: ReplayGain;
}

export interface ProbedAudio {
  audio: Omit<AudioInfo, 'key'> & { ext: string };
  tags: NormalizedTags;
  picture?: { data: Uint8Array; mime: string };
}

export type IngestOverrides = Partial<NewTrackInput> & { coverPath?: string };

export interface IngestOptions {
  /** true (default): copy the file in and leave the source alone; false: the file is a storage temp file and is moved. */
  keepSource?: boolean;
  /** Relative path inside an import folder: tags missing from the file are read from `Artist/Album/NN - Title.ext`. */
  relativePath?: string;
  /** Already computed while the upload streamed in. */
  sha256?: string;
}

export type IngestResult = { status: 'imported'; track: TrackDto } | { status: 'duplicate'; existingTrackId: string };

/** A stored file as the HTTP edge sends it. */
export interface StoredFile {
  key: string;
  mimeType: string;
  sizeBytes: number;
  modifiedAt: Date;
  /** Strong validator: the content hash, quoted. */
  etag: string;
  /** A track's audio: its length and bits per second, for transcoding. */
  durationMs?: number;
  bitrate?: number | null;
}
