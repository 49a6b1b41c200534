import { DomainError, InvalidError } from '../../shared/errors.js';
import { SYSTEM, type Actor } from '../../shared/actor.js';
import { fitNames, type NewTrackInput, type NewTrackResult } from '../catalog/index.js';
import { contentKey } from '../media/index.js';
import { describeFsError, type FoundFile } from './file-walker.js';
import type { ManifestEntry, ManifestOverrides } from './manifest.js';
import { CoverFinder } from './cover-finder.js';
import { ImportFiles, type AudioFile, type StoredKey } from './import-files.js';
import { TrackBatcher } from './track-batcher.js';
import { applyOverrides, planOf, singleIfNoAlbum, type TrackFields } from './track-fields.js';
import type { FieldNote, FileOutcome } from './import.types.js';
import type { ImportMediaPort, ImportServiceDeps, ProbedFile } from './import.ports.js';

export interface Candidate {
  file: FoundFile;
  /** Path given to tag fallbacks: `Artist/Album/NN - Title.ext` when the layout has it. */
  hintPath: string;
  /** From its disc folder (CD1, Disc 2), for tags without one. */
  discNumber?: number;
  manifest?: ManifestEntry;
}

/** A file read, probed and stored, waiting for its batch. */
interface Prepared {
  c: Candidate;
  sha256: string;
  input: NewTrackInput;
  warnings: FieldNote[];
  /** Settles once the audio is stored or staged (the worker does not wait for a large file's copy). */
  audio: Promise<AudioFile>;
  settle: (trackId: string | null) => void;
  done: (outcome: FileOutcome) => void;
}

/** Bytes being written to storage at once, while the workers go on: bounds the memory held by those writes. */
const WRITING_AT_ONCE = 64 * 1024 * 1024;
/**
 * Tracks per transaction: the first batches are small so a short import commits early. Two
 * batches in flight: one's files are synced and noted while the other's transaction runs.
 */
const BATCH = { first: 8, max: 256, maxWaitMs: 500, inFlight: 2 };

/**
 * The state of one run. Each file is read, hashed, probed and staged in storage (media's
 * readAndProbe, on a parsing thread when the run has them; files in parallel), then waits for
 * a batch: up to BATCH.max tracks created in one transaction by the catalog's set-based
 * createTracks, one transaction at a time while the workers go on preparing the next files. A
 * file is durable in storage before its batch commits, and the note that its path was imported
 * is written after, so a run killed at any moment is simply run again: the stored file is found
 * under its content key and adopted, the track by its hash.
 */
export class ImportRun {
  private readonly firstPathBySha = new Map<string, { path: string; trackId: Promise<string | null> }>();
  private readonly covers = new CoverFinder();
  private readonly files: ImportFiles;
  private readonly albumsWithCover = new Set<string>();
  private readonly usedCovers = new Set<string>();
  private readonly batcher: TrackBatcher<Prepared>;
  private readonly writing = new ByteBudget(WRITING_AT_ONCE);
  /** Batches' transactions one after the other: a batch finds the artists and albums of the one before. */
  private creating: Promise<unknown> = Promise.resolve();
  private covering: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: ImportServiceDeps,
    private readonly actor: Actor,
    private readonly dryRun: boolean,
    private readonly owner: { id: string } | null,
    /** deps.media, or a pool of probing threads standing in for it. */
    private readonly media: ImportMediaPort = deps.media,
  ) {
    this.files = new ImportFiles(deps.storage, deps.maxImageBytes);
    this.batcher = new TrackBatcher((batch) => this.write(batch), BATCH);
  }

  /**
   * Prepares one file. Resolves when the worker may take the next file; `outcome` resolves once
   * the file's batch is written (or at once for a file that needs no write).
   */
  async handle(c: Candidate): Promise<{ outcome: Promise<FileOutcome> }> {
    const shown = c.file.path;
    let settle: (trackId: string | null) => void = () => undefined;
    let staged: string | undefined;
    try {
      // Read, hashed, probed and staged at once (on a probing thread when the run has them): a
      // copy of a file already handled is parsed and staged for nothing, but every other file is
      // read once and never crosses to this thread.
      const stageIn = this.dryRun ? undefined : this.deps.storage.stagingDir;
      const read = await this.media.readAndProbe(c.file.realPath, c.file.sizeBytes, { stageIn });
      const { sha256, data, probed } = read;
      staged = read.staged;
      const first = this.firstPathBySha.get(sha256);
      if (first) {
        if (staged) await this.deps.storage.discardTemp(staged);
        staged = undefined;
        // Another path with the same audio: reported once the first one's track exists.
        const outcome = first.trackId.then(async (trackId): Promise<FileOutcome> => {
          if (trackId && !this.dryRun) await this.note([{ file: c.file, sha256, trackId }]);
          return { status: 'duplicate', path: shown, duplicateOf: first.path, trackId };
        });
        return { outcome: outcome.catch((err: unknown) => failure(shown, err)) };
      }
      // Registered with no await since the look-up, so a copy handled by another worker waits for this one.
      this.firstPathBySha.set(sha256, { path: shown, trackId: new Promise((resolve) => (settle = resolve)) });

      const explicitCover = c.manifest?.overrides.coverPath;
      const folderCover = explicitCover ? null : c.file.folderCover !== undefined ? c.file.folderCover : await this.covers.find(c.file.realPath);
      const { fields, warnings } = this.fieldsOf(probed, c);
      const { ext, ...audio } = probed.audio;
      const key = contentKey('audio', sha256, ext);
      if (this.dryRun) {
        // The catalog's own rules on the input the real run would send, minus the writes: whatever it would refuse, it refuses here.
        const [check] = await this.deps.catalog.checkTracks(this.actor, [inputOf(fields, null, { ...audio, sha256, key })]);
        const existing = check!.status === 'duplicate' ? check!.existingTrackId : null;
        settle(existing);
        if (check!.status === 'failed') return { outcome: Promise.resolve(failure(shown, check!.error)) };
        if (existing) return { outcome: Promise.resolve({ status: 'present', path: shown, trackId: existing, unchanged: false }) };
        const cover = probed.picture ? 'embedded' : (explicitCover ?? folderCover) ? 'file' : null;
        return { outcome: Promise.resolve({ status: 'planned', path: shown, plan: planOf(fields, probed.audio.durationMs, cover), ...noted(warnings) }) };
      }

      // The audio is written while this worker goes on; its batch waits for the write. The budget
      // bounds the bytes held in memory (and, for large files copied from their path, the copies at once).
      const weight = staged ? 0 : Math.min(c.file.sizeBytes, WRITING_AT_ONCE);
      await this.writing.take(weight);
      const stored = this.files.putAudio(key, { path: c.file.realPath, data, staged }).finally(() => this.writing.give(weight));
      staged = undefined; // the batch has it now
      stored.catch(() => undefined); // handled by the batch
      // A cover file named by the manifest wins; then the embedded picture; then the folder's cover.
      const coverPath = explicitCover ?? (folderCover && !probed.picture ? folderCover : undefined);
      let cover = coverPath ? await this.files.coverFromPath(coverPath) : null;
      if (!cover && probed.picture) cover = await this.files.coverFromBytes(probed.picture.data);
      const input = inputOf(fields, cover?.key ?? null, { ...audio, sha256, key });

      let done: (outcome: FileOutcome) => void = () => undefined;
      const outcome = new Promise<FileOutcome>((resolve) => (done = resolve));
      this.batcher.add({ c, sha256, input, warnings, audio: stored, settle, done });
      await this.batcher.room();
      return { outcome };
    } catch (err) {
      settle(null);
      if (staged) await this.deps.storage.discardTemp(staged).catch(() => undefined);
      return { outcome: Promise.resolve(failure(shown, err)) };
    }
  }

  /**
   * Writes what is still waiting, then hands the artists created by --owner imports to their
   * owner: this run's, and those of an earlier run killed between creating a track and getting
   * here. Returns how many went to this run's owner.
   */
  async finish(): Promise<number> {
    await this.batcher.drain();
    if (this.dryRun) return 0;
    const unused = [...this.files.createdCovers].filter((key) => !this.usedCovers.has(key));
    if (unused.length) await this.deps.storage.delete(unused);
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

  /** One batch: its files made durable, claims, one transaction for the tracks, then the notes. Settles every file; never throws. */
  private async write(all: Prepared[]): Promise<void> {
    const put = await Promise.all(all.map((p) => p.audio.then((s) => s, (err: unknown) => err as Error)));
    const committed = await this.files.commit(put.filter((s): s is AudioFile => !(s instanceof Error)));
    const stored = put.map((s) => (s instanceof Error ? s : committed.shift()!));
    for (const [i, p] of all.entries()) {
      const s = stored[i]!;
      if (!(s instanceof Error)) continue;
      p.settle(null);
      p.done(failure(p.c.file.path, s));
    }
    const batch = all.filter((_, i) => !(stored[i] instanceof Error));
    const created = new Map(all.map((p, i) => [p, stored[i] as StoredKey]));
    let results: NewTrackResult[];
    let covers: Promise<void> = Promise.resolve();
    try {
      // Every file is durable under its key before a row can point at it.
      await this.files.sync(batch.flatMap((p) => [p.input.audio.key, ...(p.input.coverKey ? [p.input.coverKey] : [])]));
      if (this.owner) await this.deps.sources.claimForOwner(batch.map((p) => p.sha256), this.owner.id);
      const turn = this.creating.then(async () => {
        const r = await this.createTracks(batch);
        // Queued in commit order, so the first track with a cover gives its album the cover.
        covers = this.fillCovers(r);
        covers.catch(() => undefined); // awaited below
        return r;
      });
      this.creating = turn.catch(() => undefined);
      results = await turn;
    } catch (err) {
      results = batch.map(() => ({ status: 'failed', error: err as Error }));
    }
    const outcomes: FileOutcome[] = [];
    const notes: { file: FoundFile; sha256: string; trackId: string }[] = [];
    for (const [i, p] of batch.entries()) {
      const r = results[i]!;
      const path = p.c.file.path;
      if (r.status === 'created') {
        p.settle(r.track.id);
        if (r.track.coverKey) this.usedCovers.add(r.track.coverKey);
        notes.push({ file: p.c.file, sha256: p.sha256, trackId: r.track.id });
        outcomes.push({ status: 'imported', path, trackId: r.track.id, title: r.track.title, ...noted(p.warnings) });
      } else if (r.status === 'duplicate') {
        // Already in the catalog before this run (or another process imported it just now).
        p.settle(r.existingTrackId);
        notes.push({ file: p.c.file, sha256: p.sha256, trackId: r.existingTrackId });
        outcomes.push({ status: 'present', path, trackId: r.existingTrackId, unchanged: false });
      } else {
        p.settle(null);
        outcomes.push(failure(path, r.error));
      }
    }
    try {
      await this.removeUnclaimedAudio(batch.filter((_, i) => results[i]!.status === 'failed').map((p) => ({ sha256: p.sha256, stored: created.get(p)! })));
      await covers;
      // Noted last: a run killed before this line finds the tracks by their hashes and finishes the job.
      await this.note(notes);
    } catch (err) {
      // The tracks are committed; only the bookkeeping failed, and the next run redoes it.
      for (const [i, o] of outcomes.entries()) if (o.status !== 'failed') outcomes[i] = { status: 'failed', path: o.path, reason: reasonOf(err) };
    }
    for (const [i, p] of batch.entries()) p.done(outcomes[i]!);
  }

  /**
   * The batch in one transaction. Races with another process on a new artist or genre are
   * tried again; any other failure of the whole batch (a row the database refuses) sends its
   * files one by one, so one bad file never costs the others their import.
   */
  private async createTracks(batch: Prepared[]): Promise<NewTrackResult[]> {
    try {
      return await retryRaces(() => this.deps.catalog.createTracks(this.actor, batch.map((p) => p.input)));
    } catch (err) {
      if (batch.length === 1) return [{ status: 'failed', error: err as Error }];
      const results: NewTrackResult[] = [];
      for (const p of batch) {
        results.push(
          await retryRaces(() => this.deps.catalog.createTracks(this.actor, [p.input])).then(
            ([r]) => r!,
            (error: unknown) => ({ status: 'failed' as const, error: error as Error }),
          ),
        );
      }
      return results;
    }
  }

  /** Audio this run stored for a file whose track was not created goes, unless some track (another process's) uses it. */
  private async removeUnclaimedAudio(failed: { sha256: string; stored: StoredKey }[]): Promise<void> {
    for (const { sha256, stored } of failed) {
      if (stored.created && !(await this.deps.catalog.findTrackIdBySha256(sha256))) await this.deps.storage.delete([stored.key]);
    }
  }

  /** Album covers from a batch's tracks, after the batches before it. */
  private fillCovers(results: NewTrackResult[]): Promise<void> {
    const turn = this.covering.then(async () => {
      const presentIds: string[] = [];
      for (const r of results) {
        if (r.status === 'duplicate') presentIds.push(r.existingTrackId);
        if (r.status !== 'created' || !r.track.albumId || !r.track.coverKey) continue;
        const key = r.track.coverKey;
        await this.fillAlbumCover(r.track.albumId, async () => key);
      }
      if (presentIds.length) await this.fillCoversOfPresent(presentIds);
    });
    this.covering = turn.catch(() => undefined);
    return turn;
  }

  private async fillCoversOfPresent(trackIds: string[]): Promise<void> {
    for (const track of await this.deps.catalog.getTracks(this.actor, trackIds)) {
      // No cover URL: neither the track nor its album has one, so there is nothing to ask.
      if (track.album && track.coverUrl) await this.fillAlbumCover(track.album.id, () => this.deps.catalog.getImageKey(this.actor, { kind: 'track', id: track.id }));
    }
  }

  /**
   * An album without a cover takes the cover of its first track that has one. Best effort:
   * an actor that may not edit the album simply leaves it as it is.
   */
  private async fillAlbumCover(albumId: string, trackCover: () => Promise<string | null>): Promise<void> {
    if (this.albumsWithCover.has(albumId)) return;
    try {
      if (!(await this.deps.catalog.getImageKey(this.actor, { kind: 'album', id: albumId }))) {
        const key = await trackCover();
        if (!key) return;
        await this.deps.catalog.setImage(this.actor, { kind: 'album', id: albumId }, key);
      }
      this.albumsWithCover.add(albumId);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
    }
  }

  /** The file's fields as the real run and the dry run both send them, and what had to change to fit the catalog. */
  private fieldsOf(probed: ProbedFile, c: Candidate): { fields: TrackFields; warnings: FieldNote[] } {
    let fields = this.deps.tags.tagsToTrackInput(probed.tags as never, { relativePath: c.hintPath });
    if (c.discNumber && !fields.discNumber) fields = { ...fields, discNumber: c.discNumber };
    if (c.manifest) fields = applyOverrides(fields, c.manifest.overrides as ManifestOverrides, this.deps.tags);
    const fitted = fitNames(singleIfNoAlbum(fields));
    return { fields: fitted.fields, warnings: fitted.cut.map((e) => ({ field: e.path, reason: e.message })) };
  }

  private async note(rows: { file: FoundFile; sha256: string; trackId: string }[]): Promise<void> {
    if (rows.length === 0) return;
    // Whole milliseconds: what a BIGINT column keeps, and what the next run compares with.
    await this.deps.sources.upsert(rows.map(({ file, sha256, trackId }) => ({ path: file.realPath, sizeBytes: file.sizeBytes, mtimeMs: Math.trunc(file.mtimeMs), sha256, trackId })));
  }
}

/** A budget of bytes: take() waits while the budget is spent (one item larger than the budget still goes, alone). */
class ByteBudget {
  private used = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async take(n: number): Promise<void> {
    while (this.used > 0 && this.used + n > this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.used += n;
  }

  give(n: number): void {
    this.used -= n;
    for (const wake of this.waiting.splice(0)) wake();
  }
}

/**
 * Two batches (of two processes) creating one new artist or genre at once: on PostgreSQL the
 * second transaction then fails on the unique index (or, rarely, a deadlock). Trying again
 * finds the row the first one made.
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

const noted = (warnings: FieldNote[]) => (warnings.length ? { warnings } : {});

function inputOf(fields: TrackFields, coverKey: string | null, audio: NewTrackInput['audio']): NewTrackInput {
  const input: NewTrackInput = { ...fields, coverKey, audio };
  if (fields.releaseDate && input.album) input.album = { ...input.album, releaseDate: input.album.releaseDate ?? fields.releaseDate };
  return input;
}

/** A failed file, with each field the refusal names. */
export function failure(path: string, err: unknown): Extract<FileOutcome, { status: 'failed' }> {
  const errors = err instanceof InvalidError ? err.errors.map((e) => ({ field: e.path, reason: e.message })) : [];
  return { status: 'failed', path, reason: reasonOf(err), ...(errors.length ? { errors } : {}) };
}

export function reasonOf(err: unknown): string {
  if (err instanceof DomainError) return err.message;
  const code = (err as NodeJS.ErrnoException).code;
  if (code) return describeFsError(err);
  return (err as Error).message ?? String(err);
}
