import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { DomainError, InvalidError } from '../../shared/errors.js';
import { isAdmin, requireRole, SYSTEM, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { describeFsError, walkAudioFiles, type FoundFile } from './file-walker.js';
import { readManifest, type ManifestEntry, type ManifestOverrides } from './manifest.js';
import { CoverFinder } from './cover-finder.js';
import { KeyLock } from './key-lock.js';
import { applyOverrides, planOf, type TagHelpers, type TrackFields } from './track-fields.js';
import type { FileOutcome, ImportObserver, ImportOptions, ImportReport, ImportSourcesRepository, ImportSummary } from './import.types.js';

/** The slice of a probed file the importer reads (media's ProbedAudio satisfies it). */
export interface ProbedFile {
  audio: { sha256: string; durationMs: number };
  tags: unknown;
  picture?: unknown;
}

export interface ImportedTrack {
  id: string;
  title: string;
  album: { id: string } | null;
  /** The track's cover, or its album's. */
  coverUrl: string | null;
}

type ImageTarget = { kind: 'album' | 'track'; id: string };

/** What the importer needs from media (MediaService satisfies it). */
export interface ImportMediaPort {
  probeAudio(filePath: string, opts?: { sha256?: string }): Promise<ProbedFile>;
  ingestFile(
    actor: Actor,
    filePath: string,
    overrides: Partial<TrackFields> & { coverPath?: string },
    opts?: { keepSource?: boolean; relativePath?: string; sha256?: string },
  ): Promise<{ status: 'imported'; track: ImportedTrack } | { status: 'duplicate'; existingTrackId: string }>;
}

/** Media's tag reading, so dry runs and manifest overrides read tags exactly as ingestFile does. */
export interface ImportTagsPort extends TagHelpers {
  tagsToTrackInput(tags: never, fallback?: { relativePath?: string }): TrackFields;
}

/** What the importer needs from the catalog (CatalogService satisfies it). */
export interface ImportCatalogPort {
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
  sources: ImportSourcesRepository;
  /** Storage's temp area: files left there by a killed run are swept (old ones only) before starting. */
  temp: { sweepTemp(): Promise<number> };
  clock: Clock;
}

interface Candidate {
  file: FoundFile;
  /** Path given to tag fallbacks: `Artist/Album/NN - Title.ext` when the layout has it. */
  hintPath: string;
  manifest?: ManifestEntry;
  known?: { sha256: string; trackId: string | null };
}

type SourceItem = { kind: 'file'; candidate: Candidate } | { kind: 'error'; path: string; reason: string };

const LOOKUP_BATCH = 200;
const MAX_CONCURRENCY = 64;
const HASH_IN_MEMORY_BELOW = 8 * 1024 * 1024;

/** The last three parts of a path: enough for `Artist/Album/NN - Title.ext`. */
const tail3 = (p: string) => p.split(path.sep).slice(-3).join('/');

async function sha256Of(file: FoundFile): Promise<string> {
  const hash = createHash('sha256');
  if (file.sizeBytes < HASH_IN_MEMORY_BELOW) hash.update(await fs.readFile(file.realPath));
  else await pipeline(createReadStream(file.realPath), hash);
  return hash.digest('hex');
}

/**
 * Bulk import of audio files from disk. Idempotent by content hash: what is already in the
 * catalog is reported, never imported twice, and a run killed at any moment can simply be
 * run again, because each track is created in one transaction after its file is durable
 * (media.ingestFile), and the note that a path was imported is written only after that.
 */
export class ImportService {
  constructor(private readonly deps: ImportServiceDeps) {}

  async run(actor: Actor, options: ImportOptions, observer: ImportObserver = {}): Promise<ImportReport> {
    requireRole(actor, 'admin', 'artist');
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new InvalidError(`--concurrency must be an integer from 1 to ${MAX_CONCURRENCY}`);
    }
    const owner = options.owner ? await this.resolveOwner(actor, options.owner) : null;
    const manifest = options.manifest ? await readManifest(options.manifest) : [];
    for (const p of options.paths) {
      await fs.stat(p).catch((err: unknown) => {
        throw new InvalidError(`Cannot import ${p}: ${describeFsError(err)}`);
      });
    }
    if (options.paths.length === 0 && manifest.length === 0) throw new InvalidError('Nothing to import: give one or more paths or --manifest');

    if (!options.dryRun) await this.deps.temp.sweepTemp();
    const started = this.deps.clock.now().getTime();
    const summary: ImportSummary = {
      dryRun: !!options.dryRun, total: 0, imported: 0, present: 0, duplicates: 0, failed: 0, planned: 0,
      skippedNotAudio: 0, ownerAssignedArtists: 0, elapsedMs: 0,
    };
    const files: FileOutcome[] = [];
    let found = 0;
    const record = (outcome: FileOutcome) => {
      files.push(outcome);
      summary.total += 1;
      if (outcome.status === 'imported') summary.imported += 1;
      else if (outcome.status === 'present') summary.present += 1;
      else if (outcome.status === 'duplicate') summary.duplicates += 1;
      else if (outcome.status === 'failed') summary.failed += 1;
      else summary.planned += 1;
      observer.onFile?.(outcome, summary.total);
    };

    const run = new ImportRun(this.deps, actor, !!options.dryRun, owner, concurrency > 1);
    const source = this.withKnownSources(
      this.candidates(options.paths, manifest, () => {
        summary.skippedNotAudio += 1;
      }),
      (more) => observer.onFound?.((found += more ? 1 : 0), more),
    );
    const worker = async () => {
      for (;;) {
        const next = await source.next();
        if (next.done) return;
        const item = next.value;
        record(item.kind === 'error' ? { status: 'failed', path: item.path, reason: item.reason } : await run.handle(item.candidate));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    summary.ownerAssignedArtists = await run.finish();
    summary.elapsedMs = this.deps.clock.now().getTime() - started;
    // Workers finish out of order; a report in path order reads (and diffs) better.
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { summary, files };
  }

  /** Only an admin (or the system) may hand artists to someone else, and only to an artist account. */
  private async resolveOwner(actor: Actor, login: string): Promise<{ id: string }> {
    if (!isAdmin(actor)) throw new InvalidError('--owner needs an admin (or the system) to run the import');
    const user = await this.deps.users.findByLogin(actor, login).catch((err: unknown) => {
      if (err instanceof DomainError) throw new InvalidError(`--owner: no account with email or username "${login}"`);
      throw err;
    });
    if (user.role !== 'artist') throw new InvalidError(`--owner: ${user.username} is a ${user.role} account, not an artist account`);
    return { id: user.id };
  }

  /** Manifest files first (each with its overrides), then the walked paths; a file is handled once. */
  private async *candidates(roots: string[], manifest: ManifestEntry[], onSkipped: () => void): AsyncGenerator<SourceItem> {
    const byRealPath = new Map<string, ManifestEntry>();
    const handled = new Set<string>();
    for (const entry of manifest) {
      let stat;
      let realPath;
      try {
        realPath = await fs.realpath(entry.path);
        stat = await fs.stat(realPath);
      } catch (err) {
        yield { kind: 'error', path: entry.path, reason: describeFsError(err) };
        continue;
      }
      if (handled.has(realPath)) continue;
      handled.add(realPath);
      // Marked as handled even when its row is bad: the walk must not import it without the row's values.
      if (entry.error) {
        yield { kind: 'error', path: entry.path, reason: entry.error };
        continue;
      }
      if (!stat.isFile()) {
        yield { kind: 'error', path: entry.path, reason: 'not a file' };
        continue;
      }
      byRealPath.set(realPath, entry);
      const file: FoundFile = { path: entry.path, realPath, sizeBytes: stat.size, mtimeMs: stat.mtimeMs };
      yield { kind: 'file', candidate: { file, hintPath: tail3(entry.path), manifest: entry } };
    }
    for (const root of roots) {
      const absRoot = path.resolve(root);
      const rootIsDir = (await fs.stat(absRoot)).isDirectory();
      for await (const event of walkAudioFiles([absRoot], onSkipped)) {
        if (event.kind === 'error') {
          yield event;
          continue;
        }
        const { file } = event;
        if (handled.has(file.realPath)) continue;
        handled.add(file.realPath);
        const hintPath = rootIsDir ? tail3(path.relative(path.dirname(absRoot), file.path)) : tail3(file.path);
        yield { kind: 'file', candidate: { file, hintPath, manifest: byRealPath.get(file.realPath) } };
      }
    }
  }

  /** Reads what earlier runs noted about these paths, a batch at a time, so unchanged files cost no read. */
  private async *withKnownSources(items: AsyncGenerator<SourceItem>, onFound: (more: boolean) => void): AsyncGenerator<SourceItem> {
    let batch: SourceItem[] = [];
    const flush = async () => {
      const paths = batch.flatMap((i) => (i.kind === 'file' ? [i.candidate.file.realPath] : []));
      const known = paths.length ? await this.deps.sources.findByPaths(paths) : new Map();
      for (const item of batch) {
        if (item.kind !== 'file') continue;
        const { file } = item.candidate;
        const row = known.get(file.realPath);
        if (row && row.trackId && row.sizeBytes === file.sizeBytes && row.mtimeMs === Math.trunc(file.mtimeMs)) {
          item.candidate.known = { sha256: row.sha256, trackId: row.trackId };
        }
      }
      const out = batch;
      batch = [];
      return out;
    };
    for await (const item of items) {
      onFound(true);
      batch.push(item);
      if (batch.length >= LOOKUP_BATCH) yield* await flush();
    }
    onFound(false);
    yield* await flush();
  }
}

/** The state of one run: which contents it has seen and which albums already have a cover. */
class ImportRun {
  private readonly firstPathBySha = new Map<string, { path: string; trackId: Promise<string | null> }>();
  private readonly covers = new CoverFinder();
  private readonly albumsWithCover = new Set<string>();
  private readonly albumLock = new KeyLock();
  /** The first file of each album this run: the one that may create it. */
  private readonly albumFirst = new Map<string, Promise<boolean>>();

  constructor(
    private readonly deps: ImportServiceDeps,
    private readonly actor: Actor,
    private readonly dryRun: boolean,
    private readonly owner: { id: string } | null,
    /** Several files at once: files of one album then take turns (see below). */
    private readonly parallel: boolean,
  ) {}

  async handle(c: Candidate): Promise<FileOutcome> {
    const shown = c.file.path;
    if (c.known) {
      return { status: 'present', path: shown, trackId: c.known.trackId, unchanged: true };
    }
    let settle: (trackId: string | null) => void = () => undefined;
    try {
      const probed = this.dryRun ? await this.deps.media.probeAudio(c.file.realPath) : null;
      const sha256 = probed?.audio.sha256 ?? (await sha256Of(c.file));
      const first = this.firstPathBySha.get(sha256);
      if (first) {
        const trackId = await first.trackId;
        if (trackId && !this.dryRun) await this.note(c.file, sha256, trackId);
        return { status: 'duplicate', path: shown, duplicateOf: first.path, trackId };
      }
      // Registered before any await, so a copy handled by another worker waits for this one.
      this.firstPathBySha.set(sha256, { path: shown, trackId: new Promise((resolve) => (settle = resolve)) });

      const existing = await this.deps.catalog.findTrackIdBySha256(sha256);
      if (existing) return await this.present(c, sha256, existing, settle);
      const explicitCover = c.manifest?.overrides.coverPath;
      const folderCover = explicitCover ? null : await this.covers.find(c.file.realPath);
      if (probed) {
        settle(null);
        const cover = probed.picture ? 'embedded' : (explicitCover ?? folderCover) ? 'file' : null;
        return { status: 'planned', path: shown, plan: planOf(this.fieldsOf(probed, c), probed.audio.durationMs, cover) };
      }
      // Tags are read here only when needed: to lay manifest columns over them, to see whether an
      // embedded picture beats the folder's cover (ingestFile prefers a coverPath it is given), or
      // to know the album. Two tracks of a new album created at once would each find no album and
      // make one (no unique key can stop it: an album is found by title and first artist), so
      // files of one album take turns; other albums go on in parallel.
      const tagged = c.manifest || folderCover || this.parallel ? await this.deps.media.probeAudio(c.file.realPath, { sha256 }) : null;
      const coverPath = explicitCover ?? (folderCover && !tagged?.picture ? folderCover : undefined);
      const fields = tagged ? this.fieldsOf(tagged, c) : null;
      if (this.owner) await this.deps.sources.claimForOwner(sha256, this.owner.id);
      const ingest = () =>
        retryRaces(() =>
          this.deps.media.ingestFile(this.actor, c.file.realPath, { ...(c.manifest ? fields : {}), ...(coverPath ? { coverPath } : {}) }, {
            keepSource: true,
            relativePath: c.hintPath,
            sha256,
          }),
        );
      const album = fields?.album;
      const result = album ? await this.ingestInAlbum(albumKey(album), ingest) : await ingest();
      // 'duplicate': another process imported the same audio between our check and our insert.
      if (result.status === 'duplicate') return await this.present(c, sha256, result.existingTrackId, settle);
      settle(result.track.id);
      await this.fillAlbumCover(result.track);
      // Noted last: a run killed before this line finds the track by its hash and finishes the job.
      await this.note(c.file, sha256, result.track.id);
      return { status: 'imported', path: shown, trackId: result.track.id, title: result.track.title };
    } catch (err) {
      settle(null);
      return { status: 'failed', path: shown, reason: reasonOf(err) };
    }
  }

  /**
   * Hands the artists created by --owner imports to their owner: this run's, and those of an
   * earlier run killed between creating a track and getting here. Returns how many went to
   * this run's owner.
   */
  async finish(): Promise<number> {
    if (this.dryRun) return 0;
    let assigned = 0;
    for (const { userId, artistId } of await this.deps.sources.ownerClaimsReady()) {
      try {
        // As the system: the claim was authorised (admin, artist account) when the import that made it began.
        await this.deps.catalog.addManager(SYSTEM, artistId, userId);
        if (userId === this.owner?.id) assigned += 1;
      } catch (err) {
        // The account may have stopped being an artist account since it was named; its claim lapses.
        if (!(err instanceof DomainError)) throw err;
      }
    }
    await this.deps.sources.dropSettledClaims();
    return assigned;
  }

  /**
   * The first file of an album goes alone (it may create the album); once it has landed the
   * album exists, and the album's other files go in parallel. If it failed, they take turns.
   */
  private async ingestInAlbum<R extends { status: string }>(key: string, ingest: () => Promise<R>): Promise<R> {
    const first = this.albumFirst.get(key);
    if (first) return (await first) ? ingest() : this.albumLock.run(key, ingest);
    const mine = this.albumLock.run(key, ingest);
    this.albumFirst.set(key, mine.then((r) => r.status === 'imported', () => false));
    return mine;
  }

  private async present(c: Candidate, sha256: string, trackId: string, settle: (id: string | null) => void): Promise<FileOutcome> {
    settle(trackId);
    if (!this.dryRun) {
      const [track] = await this.deps.catalog.getTracks(this.actor, [trackId]);
      if (track) await this.fillAlbumCover(track);
      await this.note(c.file, sha256, trackId);
    }
    return { status: 'present', path: c.file.path, trackId, unchanged: false };
  }

  /**
   * An album without a cover takes the cover of its first track that has one. Best effort:
   * an actor that may not edit the album simply leaves it as it is.
   */
  private async fillAlbumCover(track: ImportedTrack): Promise<void> {
    const albumId = track.album?.id;
    // No cover URL: neither the track nor its album has one, so there is nothing to ask.
    if (!albumId || !track.coverUrl || this.albumsWithCover.has(albumId)) return;
    try {
      if (!(await this.deps.catalog.getImageKey(this.actor, { kind: 'album', id: albumId }))) {
        const key = await this.deps.catalog.getImageKey(this.actor, { kind: 'track', id: track.id });
        if (!key) return;
        await this.deps.catalog.setImage(this.actor, { kind: 'album', id: albumId }, key);
      }
      this.albumsWithCover.add(albumId);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  }

  private fieldsOf(probed: ProbedFile, c: Candidate): TrackFields {
    const fields = this.deps.tags.tagsToTrackInput(probed.tags as never, { relativePath: c.hintPath });
    return c.manifest ? applyOverrides(fields, c.manifest.overrides as ManifestOverrides, this.deps.tags) : fields;
  }

  private note(file: FoundFile, sha256: string, trackId: string) {
    // Whole milliseconds: what a BIGINT column keeps, and what the next run compares with.
    return this.deps.sources.upsert({ path: file.realPath, sizeBytes: file.sizeBytes, mtimeMs: Math.trunc(file.mtimeMs), sha256, trackId });
  }
}

const albumKey = (album: { title: string; artistNames: string[] }) =>
  `${album.title.toLocaleLowerCase()}\u0000${(album.artistNames[0] ?? '').toLocaleLowerCase()}`;

/**
 * Two files of one new artist or genre handled at once both try to create it;
 * on PostgreSQL the second transaction then fails on the unique index (or, rarely, a
 * deadlock). Trying again finds the row the first one made.
 */
const RACE_ATTEMPTS = 5;
const isRace = (err: unknown) => {
  const e = err as { name?: string; parent?: { code?: string } };
  return e?.name === 'SequelizeUniqueConstraintError' || e?.parent?.code === '40P01' || e?.parent?.code === '40001';
};

async function retryRaces<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= RACE_ATTEMPTS || !isRace(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, attempt * 10 + Math.random() * 20));
    }
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof DomainError) return err.message;
  const code = (err as NodeJS.ErrnoException).code;
  if (code) return describeFsError(err);
  return (err as Error).message ?? String(err);
}

