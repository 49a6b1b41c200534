/** A source file already handled by an import, keyed by its real path. */
export interface ImportSourceRecord {
  path: string;
  sizeBytes: number;
  mtimeMs: number;
  sha256: string;
  trackId: string | null;
}

export interface ImportSourceRepository {
  /** The known rows for these real paths, in one query per few hundred paths. */
  findByPaths(paths: string[]): Promise<Map<string, ImportSourceRecord>>;
  /** One multi-row upsert for a batch of files. */
  upsert(rows: ImportSourceRecord[]): Promise<void>;
  /** Notes, before ingesting, that the artists the tracks of these audios create go to the user. */
  claimForOwner(sha256s: string[], userId: string): Promise<void>;
  /**
   * For every claim whose track now exists: the credited artists created after the claim that
   * nobody manages yet. Claims of runs killed half-way are found here too.
   */
  ownerClaimsReady(): Promise<{ userId: string; artistId: string }[]>;
  /** Drops the claims whose track exists (their artists were handed over). */
  dropSettledClaims(): Promise<void>;
}

/** One field of a file and what happened to it or what is wrong with it. */
export interface FieldNote {
  field: string;
  reason: string;
}

/**
 * How one file ended. 'present': its audio was in the catalog before this run. `warnings`: what
 * was changed to fit (a title cut to the limit); `errors`: each field a refusal is about.
 */
export type FileOutcome =
  | { status: 'imported'; path: string; trackId: string; title: string; warnings?: FieldNote[] }
  | { status: 'present'; path: string; trackId: string | null; unchanged: boolean }
  | { status: 'duplicate'; path: string; duplicateOf: string; trackId: string | null }
  | { status: 'failed'; path: string; reason: string; errors?: FieldNote[] }
  | { status: 'planned'; path: string; plan: PlannedTrack; warnings?: FieldNote[] };

/** What --dry-run prints for a file it would import. */
export interface PlannedTrack {
  title: string;
  artists: string[];
  album: string | null;
  albumArtists: string[];
  genres: string[];
  trackNumber: number | null;
  discNumber: number | null;
  releaseDate: string | null;
  durationMs: number;
  cover: 'embedded' | 'file' | null;
}

export interface ImportSummary {
  dryRun: boolean;
  total: number;
  imported: number;
  present: number;
  duplicates: number;
  failed: number;
  planned: number;
  skippedNotAudio: number;
  ownerAssignedArtists: number;
  elapsedMs: number;
}

export interface ImportReport {
  summary: ImportSummary;
  files: FileOutcome[];
}

/** Progress callbacks; the CLI turns them into a bar or log lines. */
export interface ImportObserver {
  onFound?(total: number, walking: boolean): void;
  onFile?(outcome: FileOutcome, done: number): void;
}

export interface ImportOptions {
  paths: string[];
  manifest?: string;
  /** Lets manifest rows name files and covers outside the manifest's folder. */
  allowOutsideManifest?: boolean;
  /** Email or username of the artist account that manages the artists this import creates. */
  owner?: string;
  dryRun?: boolean;
  /** Files in flight at once (default: defaultImportConcurrency). */
  concurrency?: number;
  /** Threads that parse the files beside the main thread (0, the default: the main thread parses). */
  threads?: number;
}
