import type { Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import type { NewTrackInput, NewTrackResult, TrackCheck } from '../catalog/index.js';
import type { ImportStorage } from './import-files.js';
import type { TagHelpers, TrackFields } from './track-fields.js';
import type { ImportSourceRepository } from './import.types.js';

/** The slice of a probed file the importer reads (media's ProbedAudio satisfies it). */
export interface ProbedFile {
  audio: Omit<NewTrackInput['audio'], 'key'> & { ext: string };
  tags: unknown;
  picture?: { data: Uint8Array };
}

export interface ImportedTrack {
  id: string;
  title: string;
  album: { id: string } | null;
  /** The track's cover, or its album's. */
  coverUrl: string | null;
}

type ImageTarget = { kind: 'album' | 'track'; id: string };

/** What the importer needs from media: a file read once, with its hash and what its probe finds (media's readAndProbe satisfies it). */
export interface ImportMediaPort {
  /** `stageIn`: the storage's stagingDir, where accepted audio is staged instead of handed back. */
  readAndProbe(filePath: string, sizeBytes: number, opts?: { stageIn?: string }): Promise<ReadFile>;
}

export interface ReadFile {
  sha256: string;
  /** The bytes, unless staged; null for a file too large to hold (stored by copying it from its path). */
  data: Uint8Array | null;
  /** The staged copy, durable, waiting for the storage's commitTemps. */
  staged?: string;
  probed: ProbedFile;
}

/** Media's tag reading, so dry runs and manifest overrides read tags exactly as uploads do. */
export interface ImportTagsPort extends TagHelpers {
  tagsToTrackInput(tags: never, fallback?: { relativePath?: string }): TrackFields;
}

/** What the importer needs from the catalog (CatalogService satisfies it). */
export interface ImportCatalogPort {
  createTracks(actor: Actor, inputs: NewTrackInput[]): Promise<NewTrackResult[]>;
  /** createTracks' answers without writing: what --dry-run reports. */
  checkTracks(actor: Actor, inputs: NewTrackInput[]): Promise<TrackCheck[]>;
  findTrackIdBySha256(sha256: string): Promise<string | null>;
  getTracks(actor: Actor, ids: string[]): Promise<ImportedTrack[]>;
  addManager(actor: Actor, artistId: string, userId: string): Promise<void>;
  getImageKey(actor: Actor, target: ImageTarget): Promise<string | null>;
  setImage(actor: Actor, target: ImageTarget, key: string): Promise<unknown>;
}

export interface ImportUsersPort {
  findByLogin(actor: Actor, login: string): Promise<{ id: string; role: string; username: string }>;
}

export interface ImportServiceDeps {
  media: ImportMediaPort;
  tags: ImportTagsPort;
  catalog: ImportCatalogPort;
  users: ImportUsersPort;
  sources: ImportSourceRepository;
  /** Where audio and covers go; files left in its temp area by a killed run are swept (old ones only) before starting. */
  storage: ImportStorage;
  /** Larger cover images are skipped (the track is imported without a cover). */
  maxImageBytes: number;
  clock: Clock;
  /** Starts `threads` threads that probe as `media` does (ImportOptions.threads); none: always in-process. */
  probeThreads?: (threads: number) => Promise<ProbeThreads>;
}

export type ProbeThreads = ImportMediaPort & { close(): Promise<void> };
