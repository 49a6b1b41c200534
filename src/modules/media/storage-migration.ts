import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../../shared/actor.js';
import { requireAdmin } from '../../shared/actor.js';
import { InvalidError } from '../../shared/errors.js';
import type { Storage } from './storage.js';

export type StorageDriver = 'local' | 's3';

export type MigratedKey =
  | { key: string; status: 'copied'; sizeBytes: number }
  /** Already in the target with the right bytes (an earlier, interrupted run copied it). */
  | { key: string; status: 'present'; sizeBytes: number }
  /** --dry-run: would be copied. */
  | { key: string; status: 'planned'; sizeBytes: number }
  /** A row points at it, but neither the source nor the target holds it. */
  | { key: string; status: 'missing' }
  | { key: string; status: 'failed'; reason: string };

export interface MigrationSummary {
  from: StorageDriver;
  to: StorageDriver;
  dryRun: boolean;
  /** Distinct keys the database points at. */
  total: number;
  copied: number;
  present: number;
  planned: number;
  missing: number;
  failed: number;
  bytesCopied: number;
  /** Stopped by the caller before every key was handled: the next run goes on from there. */
  interrupted: boolean;
  elapsedMs: number;
}

export interface MigrationReport {
  summary: MigrationSummary;
  /** The keys that went wrong (missing, failed); the others are only counted. */
  problems: MigratedKey[];
}

export interface MigrationOptions {
  to: StorageDriver;
  dryRun?: boolean;
  /** Keys copied at once. */
  concurrency?: number;
  /** Aborting lets the keys under way finish, takes no more, and reports `interrupted`. */
  signal?: AbortSignal;
}

export interface MigrationObserver {
  onTotal?(total: number): void;
  onKey?(outcome: MigratedKey, done: number): void;
}

export interface StorageMigrationServiceDeps {
  keys: { referencedKeys(): AsyncIterable<string[]> };
  /** Both ends, opened when a run asks for them; s3 is null when no bucket is configured. */
  drivers(): { local: Storage; s3: Storage | null };
  clock: { now(): Date };
}

const DEFAULT_CONCURRENCY = 4;

const hashOfKey = (key: string): string => /([0-9a-f]{64})\.[a-z0-9]+$/.exec(key)![1]!;

/** The sha256 and length of a stream's bytes. */
async function digest(source: Readable, sink?: NodeJS.WritableStream): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      cb(null, sink ? chunk : undefined);
    },
  });
  if (sink) await pipeline(source, meter, sink);
  else await pipeline(source, meter);
  return { sha256: hash.digest('hex'), sizeBytes };
}

/**
 * Copies every stored file the database points at (audio, covers, photos, avatars) from one
 * storage driver to the other, for `rhythmo storage migrate`. Keys are content hashes, so each
 * copy is checked twice against its key: the bytes read from the source, and the object read
 * back from the target. A key the target already holds with the right bytes is left alone, which
 * makes a run resumable: after an interruption the same command goes on where it stopped. The
 * source is never changed; switching STORAGE is the operator's step once a run ends clean.
 */
export class StorageMigrationService {
  constructor(private readonly d: StorageMigrationServiceDeps) {}

  async migrate(actor: Actor, opts: MigrationOptions, observer: MigrationObserver = {}): Promise<MigrationReport> {
    requireAdmin(actor);
    const started = this.d.clock.now().getTime();
    const from: StorageDriver = opts.to === 's3' ? 'local' : 's3';
    const drivers = this.d.drivers();
    if (!drivers.s3) {
      throw new InvalidError('No object store is configured: set S3_BUCKET (and S3_ENDPOINT, S3_REGION, credentials) first', [
        { path: 'S3_BUCKET', message: 'is not set' },
      ]);
    }
    const source = drivers[from]!;
    const target = drivers[opts.to]!;

    const keys = new Set<string>();
    for await (const page of this.d.keys.referencedKeys()) for (const key of page) keys.add(key);
    observer.onTotal?.(keys.size);

    const summary: MigrationSummary = {
      from, to: opts.to, dryRun: !!opts.dryRun, total: keys.size,
      copied: 0, present: 0, planned: 0, missing: 0, failed: 0, bytesCopied: 0, interrupted: false, elapsedMs: 0,
    };
    const problems: MigratedKey[] = [];
    const queue = [...keys].sort();
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < queue.length) {
        if (opts.signal?.aborted) {
          summary.interrupted = true;
          return;
        }
        const key = queue[next++]!;
        const outcome = await this.one(source, target, key, !!opts.dryRun).catch(
          (err: unknown): MigratedKey => ({ key, status: 'failed', reason: err instanceof Error ? err.message : String(err) }),
        );
        summary[outcome.status] += 1;
        if (outcome.status === 'copied') summary.bytesCopied += outcome.sizeBytes;
        if (outcome.status === 'missing' || outcome.status === 'failed') problems.push(outcome);
        done += 1;
        observer.onKey?.(outcome, done);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? DEFAULT_CONCURRENCY, queue.length)) }, worker));
    summary.elapsedMs = this.d.clock.now().getTime() - started;
    return { summary, problems };
  }

  private async one(source: Storage, target: Storage, key: string, dryRun: boolean): Promise<MigratedKey> {
    const expected = hashOfKey(key);
    const there = await target.stat(key);
    if (there && (await digest(target.open(key))).sha256 === expected) return { key, status: 'present', sizeBytes: there.sizeBytes };
    const from = await source.stat(key);
    if (!from) return { key, status: 'missing' };
    if (dryRun) return { key, status: 'planned', sizeBytes: from.sizeBytes };

    const temp = await target.writeTemp();
    try {
      const read = await digest(source.open(key), fs.createWriteStream(temp.path));
      if (read.sha256 !== expected) throw new Error(`the source's bytes do not match their key (sha256 ${read.sha256})`);
      await target.commitTemp(temp.path, key);
    } catch (err) {
      await target.discardTemp(temp.path).catch(() => undefined);
      throw err;
    }
    const back = await digest(target.open(key));
    if (back.sha256 !== expected) {
      // Never leave a wrong copy behind for a later run to mistake for a good one.
      await target.delete([key]);
      throw new Error(`the copy read back from the target does not match its key (sha256 ${back.sha256})`);
    }
    return { key, status: 'copied', sizeBytes: back.sizeBytes };
  }
}
