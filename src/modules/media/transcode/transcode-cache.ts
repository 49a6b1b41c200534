import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../shared/logger.js';
import { derivedName, type DerivedFiles } from '../derived-files.js';

export interface CachedEncode {
  path: string;
  sizeBytes: number;
  modifiedAt: Date;
}

const PARTIAL = /\.part$/;
/** A hit sets the file's time at most this often: per request it cost a fifth of a cached stream's throughput. */
const TOUCH_EVERY_MS = 60_000;

interface Entry {
  sizeBytes: number;
  modifiedAt: Date;
  touchedAt: number;
}
const STALE_PARTIAL_MS = 3600_000;

/**
 * Finished encodes on disk, one file per (content hash, encoding, bitrate), kept under a size cap:
 * past it the least recently used go first. An encode is written to a partial file and renamed
 * into place once complete, so a name in the directory always holds a whole encode. The order of
 * use lives in memory (Map order); it starts from the files' modification times, and a hit sets
 * that time again so the order survives a restart. Another process serving the same directory
 * (cluster workers) is seen on lookup; each keeps its own cap accounting.
 */
export class TranscodeCache {
  private readonly entries = new Map<string, Entry>();
  private total = 0;
  private readonly ready: Promise<void>;

  /** Copies being fetched from the object store, one per name at a time. */
  private readonly fetching = new Map<string, Promise<boolean>>();

  constructor(
    private readonly dir: string,
    private readonly capBytes: number,
    private readonly logger: Logger,
    /** With STORAGE=s3: finished encodes are put there, and a local miss is looked for there, so every host reuses what one made. */
    private readonly shared: DerivedFiles | null = null,
  ) {
    this.ready = this.load().catch((err: unknown) => logger.warn({ err, dir }, 'transcode cache not read'));
  }

  /**
   * A finished encode by name, counted as a use; null when there is none. One this process knows
   * is answered from memory (a caller that then finds it gone calls forget); another process's
   * is found on disk.
   */
  async lookup(name: string): Promise<CachedEncode | null> {
    await this.ready;
    const file = path.join(this.dir, name);
    let entry = this.entries.get(name);
    if (!entry) {
      let stat = await fs.promises.stat(file).catch(() => null);
      if (!stat && (await this.fetch(name, file))) stat = await fs.promises.stat(file).catch(() => null);
      if (!stat) return null;
      entry = { sizeBytes: stat.size, modifiedAt: stat.mtime, touchedAt: 0 };
    }
    this.remember(name, entry);
    const now = Date.now();
    if (now - entry.touchedAt > TOUCH_EVERY_MS) {
      entry.touchedAt = now;
      // The time order survives a restart; a failure here costs only that.
      fs.utimes(file, new Date(now), new Date(now), () => undefined);
    }
    return { path: file, sizeBytes: entry.sizeBytes, modifiedAt: entry.modifiedAt };
  }

  /** A fresh partial file's path for an encode of `name` (never one a finished encode has). */
  async partialPath(name: string): Promise<string> {
    await this.ready;
    await fs.promises.mkdir(this.dir, { recursive: true });
    return path.join(this.dir, `.${name}.${randomBytes(6).toString('hex')}.part`);
  }

  /** Puts a complete partial file in place under `name`, then trims the cache to its cap. */
  async commit(partial: string, name: string): Promise<void> {
    const stat = await fs.promises.stat(partial);
    const file = path.join(this.dir, name);
    await fs.promises.rename(partial, file);
    this.remember(name, { sizeBytes: stat.size, modifiedAt: stat.mtime, touchedAt: Date.now() });
    // Put before evicting: the file may be the one to go. A failure costs the other hosts an encode, nothing more.
    await this.shared?.put(derivedName('transcodes', name), file).catch((err: unknown) => this.logger.warn({ err, name }, 'encode not put in the object store'));
    await this.evict();
  }

  /** The object store's copy of an encode, into the cache folder; false when it has none (or cannot be read now). */
  private fetch(name: string, file: string): Promise<boolean> {
    if (!this.shared) return Promise.resolve(false);
    let job = this.fetching.get(name);
    if (!job) {
      job = fs.promises
        .mkdir(this.dir, { recursive: true })
        .then(() => this.shared!.fetch(derivedName('transcodes', name), file))
        .catch((err: unknown) => {
          this.logger.warn({ err, name }, 'encode not read from the object store');
          return false;
        })
        .finally(() => this.fetching.delete(name));
      this.fetching.set(name, job);
    }
    return job;
  }

  get sizeBytes(): number {
    return this.total;
  }

  private async evict(): Promise<void> {
    for (const [name, entry] of this.entries) {
      if (this.total <= this.capBytes) break;
      this.forget(name);
      // A reader that already opened the file keeps its bytes until it closes it.
      await fs.promises.unlink(path.join(this.dir, name)).catch(() => undefined);
      this.logger.debug({ name, sizeBytes: entry.sizeBytes }, 'transcode evicted');
    }
  }

  private remember(name: string, entry: Entry): void {
    this.forget(name);
    this.entries.set(name, entry);
    this.total += entry.sizeBytes;
  }

  /** Drops a name whose file turned out to be gone (removed by another process). */
  forget(name: string): void {
    const entry = this.entries.get(name);
    if (entry === undefined) return;
    this.entries.delete(name);
    this.total -= entry.sizeBytes;
  }

  /** Reads what is on disk, oldest use first. */
  private async load(): Promise<void> {
    const names = await fs.promises.readdir(this.dir).catch(() => [] as string[]);
    const found: { name: string; stat: fs.Stats }[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (PARTIAL.test(name)) {
        // Another worker may be writing a young one; an old one was left by a stopped process.
        if (stat && Date.now() - stat.mtimeMs > STALE_PARTIAL_MS) await fs.promises.unlink(file).catch(() => undefined);
        continue;
      }
      if (stat?.isFile()) found.push({ name, stat });
    }
    for (const { name, stat } of found.sort((a, b) => a.stat.mtimeMs - b.stat.mtimeMs)) {
      this.remember(name, { sizeBytes: stat.size, modifiedAt: stat.mtime, touchedAt: stat.mtimeMs });
    }
    await this.evict();
  }
}
