import type { Transaction } from 'sequelize';
import type { SignalPage } from './engine/dataset.js';
import type { SynthData } from './synth.js';
import type { PlaylistRecord } from '../playlists/index.js';

/** The catalog as dense numbers: index i of every array is the i-th track (artist, genre). */
export interface CatalogIndex {
  trackIds: string[];
  trackTitles: string[];
  trackDurations: Int32Array;
  trackArtist: Int32Array;
  trackGenre: Int32Array;
  artistIds: string[];
  artistNames: string[];
  genreIds: string[];
  genreNames: string[];
}

export type RunStatus = 'running' | 'succeeded' | 'failed';

export interface RunRecord {
  id: string;
  algorithm: string;
  status: RunStatus;
  parameters: Record<string, unknown>;
  metrics: Record<string, unknown> | null;
  counts: Record<string, unknown> | null;
  timings: Record<string, unknown> | null;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** One stored recommendation: the reason as its kind (REASON in engine/kernels) and the id it names. */
export interface StoredRecommendation {
  trackId: string;
  /** Place in the stored list (1 = best); kept when tracks before it are hidden. */
  rank: number;
  score: number;
  kind: number;
  ref: string | null;
}

/** A user's stored list, best first, and when the run that wrote it finished. */
export interface RecommendationList {
  items: StoredRecommendation[];
  generatedAt: Date;
}

/** Names for the ids reasons point to, by id. */
export interface ReasonNames {
  tracks: Map<string, string>;
  artists: Map<string, string>;
  genres: Map<string, string>;
}

/** A generated playlist, in the playlists module's own record shape so its mapper applies. */
export type GeneratedPlaylistRecord = PlaylistRecord;

/** Column-wise batches, one array per column of the same length; lists are JSON text (migration 0602). */
export interface RecommendationBatch {
  userId: string[];
  trackIds: string[];
  scores: string[];
  reasons: string[];
  reasonRefs: string[];
}
export interface SimilarityBatch {
  trackId: string[];
  trackIds: string[];
  scores: string[];
}
export interface PlaylistBatch {
  id: string[];
  ownerId: string[];
  name: string[];
  description: string[];
  trackCount: number[];
  durationMs: number[];
  trackIds: string[];
}

export interface OutputWriter {
  recommendations(b: RecommendationBatch): Promise<void>;
  similarities(b: SimilarityBatch): Promise<void>;
  playlists(b: PlaylistBatch): Promise<void>;
}

export interface RecommendationRepository {
  loadCatalog(): Promise<CatalogIndex>;
  /** Active users, in the order the database sorts their ids (signal pages follow it). */
  listUserIds(): Promise<string[]>;
  resolveUsers(refs: string[]): Promise<{ ref: string; id: string | null }[]>;
  /**
   * Signals aggregated in SQL, a page of users at a time. With `holdout`, plays are split per
   * user by time: `plays`/`fraction` count the first 80%, and tracks first heard in the last
   * 20% come back in `relevant`; likes, ratings and follows are left out so they cannot leak it.
   * `until` bounds the last page when `userIds` is a prefix of all users.
   */
  readSignals(
    catalog: CatalogIndex,
    userIds: string[],
    opts: { pageSize: number; holdout?: boolean; until?: string | null },
    onPage: (page: SignalPage & { relevant: { user: number; track: number }[] }) => void,
  ): Promise<void>;
  createRun(run: Pick<RunRecord, 'id' | 'algorithm' | 'parameters' | 'startedAt'>): Promise<void>;
  finishRun(id: string, patch: Pick<RunRecord, 'status' | 'metrics' | 'counts' | 'timings' | 'error' | 'finishedAt'>): Promise<void>;
  lastRun(): Promise<RunRecord | null>;
  /**
   * Deletes the previous outputs (all of them, or those of `userIds`) and lets `fill` write the
   * new ones, in one transaction: readers see the old results or the new, never a mix.
   */
  replaceOutputs(runId: string, scope: { userIds: string[] | null; similarities: boolean }, at: Date, fill: (w: OutputWriter) => Promise<void>): Promise<void>;
  /** The user's whole stored list (at most `top` items), or null when no run covered the user. */
  readRecommendations(userId: string): Promise<RecommendationList | null>;
  reasonNames(refs: { tracks: string[]; artists: string[]; genres: string[] }): Promise<ReasonNames>;
  readSimilar(trackId: string, limit: number): Promise<{ trackId: string; score: number }[]>;
  trackExists(trackId: string): Promise<boolean>;
  genreIdsOfTracks(trackIds: string[]): Promise<Map<string, { id: string; name: string }[]>>;
  tracksInGenres(genreIds: string[], exclude: string[], limit: number): Promise<string[]>;
  /** Most played tracks since `since`, padded with well-rated and recent ones. */
  popularTrackIds(since: Date, limit: number): Promise<string[]>;
  lowRatedTrackIds(userId: string): Promise<string[]>;
  generatedPlaylists(userId: string): Promise<GeneratedPlaylistRecord[]>;
}

export interface SynthRepository {
  /** Bulk-inserts a synthetic world; returns how many rows went into each table. */
  insertSynth(data: SynthData, ids: SynthIds, onProgress?: (table: string, done: number, total: number) => void): Promise<Record<string, number>>;
  usernamesTaken(prefix: string): Promise<boolean>;
}

export interface SynthIds {
  prefix: string;
  uuid: () => string;
  /** ids in insertion order for the big tables, so their primary key index grows at the end */
  sequential: (n: number) => string;
  now: Date;
}

export type { Transaction };
