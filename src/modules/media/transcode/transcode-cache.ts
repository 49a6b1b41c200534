import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../shared/logger.js';

export interface CachedEncode {
  path: string;
  sizeBytes: number;
  modifiedAt: Date;
}

const PARTIAL = /\.part$/;
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
  private readonly entries = new Map<string, number>();
  private total = 0;
  private readonly ready: Promise<void>;

  constructor(
    private readonly dir: string,
    private readonly capBytes: number,
    private readonly logger: Logger,
  ) {
    this.ready = this.load().catch((err: unknown) => logger.warn({ err, dir }, 'transcode cache not read'));
  }

  /** A finished encode by name, counted as a use; null when there is none. */
  async lookup(name: string): Promise<CachedEncode | null> {
    await this.ready;
    const file = path.join(this.dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat) {
      this.forget(name);
      return null;
    }
    this.remember(name, stat.size);
    // The time order survives a restart; a failure here costs only that.
    fs.utimes(file, stat.atime, new Date(), () => undefined);
    return { path: file, sizeBytes: stat.size, modifiedAt: stat.mtime };
  }

  /** A fresh partial file's path for an encode of `name` (never one a finished encode has). */
  async partialPath(name: string): Promise<string> {
    await this.ready;
    await fs.promises.mkdir(this.dir, { recursive: true });
    return path.join(this.dir, `.${name}.${randomBytes(6).toString('hex')}.part`);
  }

  /** Puts a complete partial file in place under `name`, then trims the cache to its cap. */
  async commit(partial: string, name: string): Promise<void> {
    const { size } = await fs.promises.stat(partial);
    await fs.promises.rename(partial, path.join(this.dir, name));
    this.remember(name, size);
    await this.evict();
  }

  get sizeBytes(): number {
    return this.total;
  }

  private async evict(): Promise<void> {
    for (const [name, size] of this.entries) {
      if (this.total <= this.capBytes) break;
      this.forget(name);
      // A reader that already opened the file keeps its bytes until it closes it.
      await fs.promises.unlink(path.join(this.dir, name)).catch(() => undefined);
      this.logger.debug({ name, size }, 'transcode evicted');
    }
  }

  private remember(name: string, size: number): void {
    this.forget(name);
    this.entries.set(name, size);
    this.total += size;
  }

  private forget(name: string): void {
    const size = this.entries.get(name);
    if (size === undefined) return;
    this.entries.delete(name);
    this.total -= size;
  }

  /** Reads what is on disk, oldest use first. */
  private async load(): Promise<void> {
    const names = await fs.promises.readdir(this.dir).catch(() => [] as string[]);
    const found: { name: string; size: number; used: number }[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (PARTIAL.test(name)) {
        // Another worker may be writing a young one; an old one was left by a stopped process.
        if (stat && Date.now() - stat.mtimeMs > STALE_PARTIAL_MS) await fs.promises.unlink(file).catch(() => undefined);
        continue;
      }
      if (stat?.isFile()) found.push({ name, size: stat.size, used: stat.mtimeMs });
    }
    for (const f of found.sort((a, b) => a.used - b.used)) this.remember(f.name, f.size);
    await this.evict();
  }
}
