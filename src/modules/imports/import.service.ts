import fs from 'node:fs/promises';
import path from 'node:path';
import { DomainError, InvalidError } from '../../shared/errors.js';
import { isAdmin, requireRole, type Actor } from '../../shared/actor.js';
import { describeFsError, walkAudioFiles, type FoundFile } from './file-walker.js';
import { readManifest, type ManifestEntry } from './manifest.js';
import { ImportRun, type Candidate } from './import-run.js';
import { layoutOf } from './layout.js';
import type { FileOutcome, ImportObserver, ImportOptions, ImportReport, ImportSummary } from './import.types.js';
import type { ImportMediaPort, ImportServiceDeps, ProbeThreads } from './import.ports.js';

export type { ImportCatalogPort, ImportedTrack, ImportMediaPort, ImportServiceDeps, ImportTagsPort, ImportUsersPort, ProbedFile, ReadFile } from './import.ports.js';

type SourceItem = { kind: 'file'; candidate: Candidate } | { kind: 'error'; path: string; reason: string };

const LOOKUP_BATCH = 500;
const MAX_CONCURRENCY = 64;
const MAX_THREADS = 16;

/**
 * Files in flight when the caller does not say. With parsing threads, most of them wait as paths
 * in a thread's queue (a thread holds the bytes of a few at a time, see probe-worker.ts), and a
 * deep queue keeps the threads busy while the main thread writes a batch. Without, every file
 * in flight is held in memory.
 */
export const defaultImportConcurrency = (threads: number): number => (threads > 0 ? 32 : 8);

/** The last four parts of a path: enough for `Artist/Album/CD1/NN - Title.ext`. */
const tail4 = (p: string) => p.split(path.sep).slice(-4).join('/');

/** A walked path relative to a folder it was found under (both absolute, normalised): a slice, where path.relative would normalise both per file. */
const under = (dir: string, p: string): string => {
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  return p.startsWith(prefix) ? p.slice(prefix.length) : path.relative(dir, p);
};

/**
 * Bulk import of audio files from disk. Idempotent by content hash: what is already in the
 * catalog is reported, never imported twice, and a run killed at any moment can simply be
 * run again, because tracks are created (in batches, see ImportRun) only after their files
 * are durable in storage, and the note that a path was imported is written only after that.
 */
export class ImportService {
  constructor(private readonly d: ImportServiceDeps) {}

  async run(actor: Actor, options: ImportOptions, observer: ImportObserver = {}): Promise<ImportReport> {
    requireRole(actor, 'admin', 'artist');
    const threads = options.threads ?? 0;
    if (!Number.isInteger(threads) || threads < 0 || threads > MAX_THREADS) throw new InvalidError(`--threads must be an integer from 0 to ${MAX_THREADS}`);
    const concurrency = options.concurrency ?? defaultImportConcurrency(threads);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new InvalidError(`--concurrency must be an integer from 1 to ${MAX_CONCURRENCY}`);
    }
    const owner = options.owner ? await this.resolveOwner(actor, options.owner) : null;
    const manifest = options.manifest ? await readManifest(options.manifest, { allowOutside: options.allowOutsideManifest }) : [];
    for (const p of options.paths) {
      await fs.stat(p).catch((err: unknown) => {
        throw new InvalidError(`Cannot import ${p}: ${describeFsError(err)}`);
      });
    }
    if (options.paths.length === 0 && manifest.length === 0) throw new InvalidError('Nothing to import: give one or more paths or --manifest');

    if (!options.dryRun) await this.d.storage.sweepTemp();
    const started = this.d.clock.now().getTime();
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

    // Started by the first file that needs parsing: a run over unchanged files parses nothing.
    const lazy: { pool?: Promise<ProbeThreads> } = {};
    const { probeThreads } = this.d;
    const media: ImportMediaPort =
      threads > 0 && probeThreads ? { readAndProbe: async (filePath, size, opts) => (await (lazy.pool ??= probeThreads(threads))).readAndProbe(filePath, size, opts) } : this.d.media;
    const run = new ImportRun(this.d, actor, !!options.dryRun, owner, media);
    const source = readAhead(
      this.withKnownSources(
        this.candidates(options.paths, manifest, () => {
          summary.skippedNotAudio += 1;
        }),
        (more) => observer.onFound?.((found += more ? 1 : 0), more),
        record,
      ),
      2 * LOOKUP_BATCH,
    );
    // A worker prepares a file and moves on; the file's outcome comes when its batch is written.
    const waiting = new Set<Promise<void>>();
    const worker = async () => {
      for (;;) {
        const next = await source.next();
        if (next.done) return;
        const item = next.value;
        if (item.kind === 'error') {
          record({ status: 'failed', path: item.path, reason: item.reason });
          continue;
        }
        const { outcome } = await run.handle(item.candidate);
        const settled = outcome.then(record);
        waiting.add(settled);
        void settled.then(() => waiting.delete(settled));
      }
    };
    try {
      await Promise.all(Array.from({ length: concurrency }, worker));
      summary.ownerAssignedArtists = await run.finish();
      await Promise.all(waiting);
    } finally {
      await lazy.pool?.then((pool) => pool.close(), () => undefined);
    }
    summary.elapsedMs = this.d.clock.now().getTime() - started;
    // Workers finish out of order; a report in path order reads (and diffs) better.
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { summary, files };
  }

  /** Only an admin (or the system) may hand artists to someone else, and only to an artist account. */
  private async resolveOwner(actor: Actor, login: string): Promise<{ id: string }> {
    if (!isAdmin(actor)) throw new InvalidError('--owner needs an admin (or the system) to run the import');
    const user = await this.d.users.findByLogin(actor, login).catch((err: unknown) => {
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
        yield { kind: 'error', path: entry.path, reason: 'not a regular file' };
        continue;
      }
      byRealPath.set(realPath, entry);
      const file: FoundFile = { path: entry.path, realPath, sizeBytes: stat.size, mtimeMs: stat.mtimeMs };
      yield { kind: 'file', candidate: { file, ...layoutOf(tail4(entry.path)), manifest: entry } };
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
        // Inside a folder given to import, only the folders below it say anything about a file.
        const layout = rootIsDir ? layoutOf(tail4(under(absRoot, file.path)), file.folderAudioFiles) : layoutOf(tail4(file.path));
        yield { kind: 'file', candidate: { file, ...layout, manifest: byRealPath.get(file.realPath) } };
      }
    }
  }

  /**
   * Reads what earlier runs noted about these paths, a batch at a time, so unchanged files cost
   * no read: they are answered here (`onKnown`), and only the rest go on to be handled.
   */
  private async *withKnownSources(items: AsyncGenerator<SourceItem>, onFound: (more: boolean) => void, onKnown: (outcome: FileOutcome) => void): AsyncGenerator<SourceItem> {
    let batch: SourceItem[] = [];
    const flush = async () => {
      const paths = batch.flatMap((i) => (i.kind === 'file' ? [i.candidate.file.realPath] : []));
      const known = paths.length ? await this.d.sources.findByPaths(paths) : new Map();
      const rest = batch.filter((item) => {
        if (item.kind !== 'file') return true;
        const { file } = item.candidate;
        const row = known.get(file.realPath);
        if (!row?.trackId || row.sizeBytes !== file.sizeBytes || row.mtimeMs !== Math.trunc(file.mtimeMs)) return true;
        onKnown({ status: 'present', path: file.path, trackId: row.trackId, unchanged: true });
        return false;
      });
      batch = [];
      return rest;
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

/**
 * Pulls from `items` in the background, up to `max` ahead of the consumers, so walking the
 * folders and looking up known paths go on while the workers handle the files already found.
 */
async function* readAhead<T>(items: AsyncGenerator<T>, max: number): AsyncGenerator<T> {
  const buffer: T[] = [];
  let finished = false;
  let failure: { err: unknown } | null = null;
  const wake: { consumer?: () => void; producer?: () => void } = {};
  const producer = (async () => {
    try {
      for await (const item of items) {
        buffer.push(item);
        wake.consumer?.();
        while (buffer.length >= max) await new Promise<void>((resolve) => (wake.producer = resolve));
      }
    } catch (err) {
      failure = { err };
    } finally {
      finished = true;
      wake.consumer?.();
    }
  })();
  for (;;) {
    if (buffer.length > 0) {
      const item = buffer.shift()!;
      wake.producer?.();
      yield item;
    } else if (failure) {
      throw (failure as { err: unknown }).err;
    } else if (finished) {
      break;
    } else {
      await new Promise<void>((resolve) => (wake.consumer = resolve));
    }
  }
  await producer;
}
