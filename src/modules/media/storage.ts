import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DerivedFiles } from './derived-files.js';

/** What kind of object a key holds; the folder is the first part of the key. */
export type StoredKind = 'audio' | 'images';

export interface StoredStat {
  sizeBytes: number;
  modifiedAt: Date;
}

export interface ByteRange {
  start: number;
  /** Inclusive, like HTTP. */
  end: number;
}

/**
 * Where audio and images live. Keys are derived from content hashes
 * (`audio/ab/<sha256>.mp3`), never from anything a user typed, so a driver can map
 * them to paths or object names without escaping. Writes go to a temporary object
 * first and become visible only through commitTemp, so a reader never sees half a file.
 */
export interface Storage {
  /** A fresh temporary file to write into; pass its path to commitTemp or discardTemp. */
  writeTemp(): Promise<{ path: string }>;
  /**
   * Makes the temporary file durable (fsync) and moves it to the key atomically. With
   * `syncDir: false` the rename itself is made durable later, by syncDirs.
   */
  commitTemp(tempPath: string, key: string, opts?: { syncDir?: boolean }): Promise<void>;
  /**
   * Bytes already in memory under a key, the way writeTemp + commitTemp would put them (temp
   * file, fsync, rename) in fewer calls. `syncDir: false` as for commitTemp.
   */
  putBytes(key: string, data: Uint8Array, opts?: { syncDir?: boolean }): Promise<void>;
  /**
   * Where stageBytes() may put files for commitTemps, from any thread of this process: a folder
   * on the keys' file system, so a staged file is renamed into place. Absent for a driver whose
   * objects are not local files.
   */
  readonly stagingDir?: string;
  /**
   * Files staged (and made durable) by stageBytes() in stagingDir, put under their keys, all at
   * once. The renames are made durable by syncDirs. For each file: whether its key was new
   * (false: the key already held it, and the staged file went), or the error that stopped it
   * (its staged file went too).
   */
  commitTemps(items: { tempPath: string; key: string }[]): Promise<(boolean | Error)[]>;
  /** Makes the renames into these keys durable: one fsync per distinct directory, in parallel (imports, once per batch). */
  syncDirs(keys: string[]): Promise<void>;
  discardTemp(tempPath: string): Promise<void>;
  open(key: string, range?: ByteRange): Readable;
  /**
   * The local file behind a key, for drivers whose objects are files on this machine (optional:
   * an object store has none). Audio streaming then reads it by position instead of through a
   * stream, which costs a fraction of the CPU per request. Throws for anything not a content key.
   */
  localPath?(key: string): string;
  /**
   * A URL that serves the key's bytes (and its ranges) without this server, valid for `ttlSeconds`
   * (optional: an object store's presigned GET; local files have none).
   */
  signedUrl?(key: string, ttlSeconds: number): Promise<string>;
  /** null when the key holds nothing. */
  stat(key: string): Promise<StoredStat | null>;
  delete(keys: string[]): Promise<void>;
  /** Removes temporary files left by a crash; returns how many went. */
  sweepTemp(): Promise<number>;
  /**
   * Fails, saying what is wrong, when the store cannot be used (optional: an object store checks
   * that its bucket answers to these credentials; a local folder is made on first write).
   */
  check?(): Promise<void>;
  /** Resized covers and finished encodes shared by every host (optional: an object store keeps them; local disk has none). */
  readonly derived?: DerivedFiles;
}

const READ_CHUNK = 256 * 1024;

const KEY = /^(audio|images)\/[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z0-9]{1,5}$/;

export function contentKey(kind: StoredKind, sha256: string, ext: string): string {
  const key = `${kind}/${sha256.slice(0, 2)}/${sha256}.${ext}`;
  if (!KEY.test(key)) throw new Error(`Not a content key: ${key}`);
  return key;
}

export function isContentKey(key: string): boolean {
  return KEY.test(key);
}

/** Files under one directory: `<root>/audio/..`, `<root>/images/..`, temporary files in `<root>/.tmp`. */
export class LocalDiskStorage implements Storage {
  readonly tempDir: string;

  constructor(
    readonly root: string,
    /** Temporary files younger than this survive a sweep: another process (an import) may be writing them. */
    private readonly sweepGraceMs = 60_000,
  ) {
    this.tempDir = path.join(root, '.tmp');
  }

  get stagingDir(): string {
    return this.tempDir;
  }

  /** The file behind a key; throws for anything that is not a content key, so no path can escape the root. */
  pathOf(key: string): string {
    if (!isContentKey(key)) throw new Error(`Not a content key: ${key}`);
    return path.join(this.root, key);
  }

  localPath(key: string): string {
    return this.pathOf(key);
  }

  writeTemp(): Promise<{ path: string }> {
    return makeTemp(this.tempDir);
  }

  async commitTemp(tempPath: string, key: string, opts: { syncDir?: boolean } = {}): Promise<void> {
    const target = this.pathOf(key);
    if (path.dirname(path.resolve(tempPath)) !== path.resolve(this.tempDir)) throw new Error('commitTemp takes a file made by writeTemp');
    const handle = await fsp.open(tempPath, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.chmod(tempPath, 0o644);
    // Same key means same bytes, so replacing an existing file is harmless.
    await fsp.rename(tempPath, target);
    if (opts.syncDir ?? true) await syncDir(path.dirname(target));
  }

  async putBytes(key: string, data: Uint8Array, opts: { syncDir?: boolean } = {}): Promise<void> {
    const target = this.pathOf(key);
    const temp = path.join(this.tempDir, `${randomUUID()}.part`);
    // Readable by the server straight away (writeTemp's 0600 is for partial uploads).
    const handle = await fsp.open(temp, 'wx', 0o644).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
      await fsp.mkdir(this.tempDir, { recursive: true });
      return fsp.open(temp, 'wx', 0o644);
    });
    try {
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fsp.rename(temp, target).catch(async (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
        await fsp.mkdir(path.dirname(target), { recursive: true });
        await fsp.rename(temp, target);
      });
    } catch (err) {
      await fsp.rm(temp, { force: true });
      throw err;
    }
    if (opts.syncDir ?? true) await syncDir(path.dirname(target));
  }

  // Blocking renames (each a few microseconds): a batch of them costs less than its trips through the pool.
  async commitTemps(items: { tempPath: string; key: string }[]): Promise<(boolean | Error)[]> {
    return items.map(({ tempPath, key }) => {
      try {
        if (path.dirname(path.resolve(tempPath)) !== path.resolve(this.tempDir)) throw new Error('commitTemps takes files staged in stagingDir');
        const target = this.pathOf(key);
        if (fs.existsSync(target)) {
          fs.rmSync(tempPath, { force: true });
          return false;
        }
        retryAfterMkdir(path.dirname(target), () => fs.renameSync(tempPath, target));
        return true;
      } catch (err) {
        fs.rmSync(tempPath, { force: true });
        return err as Error;
      }
    });
  }

  async syncDirs(keys: string[]): Promise<void> {
    await Promise.all([...new Set(keys.map((key) => path.dirname(this.pathOf(key))))].map(syncDir));
  }

  async discardTemp(tempPath: string): Promise<void> {
    await fsp.rm(tempPath, { force: true });
  }

  open(key: string, range?: ByteRange): Readable {
    // Bigger reads than the 64 KiB default: a quarter as many trips through libuv's small
    // thread pool, which the database driver and every other stream share.
    return fs.createReadStream(this.pathOf(key), { highWaterMark: READ_CHUNK, ...(range ? { start: range.start, end: range.end } : {}) });
  }

  async stat(key: string): Promise<StoredStat | null> {
    try {
      const s = await fsp.stat(this.pathOf(key));
      return { sizeBytes: s.size, modifiedAt: s.mtime };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.filter(isContentKey).map((key) => fsp.rm(this.pathOf(key), { force: true })));
  }

  sweepTemp(): Promise<number> {
    return sweepTemps(this.tempDir, this.sweepGraceMs);
  }
}

/** A new private, empty temporary file in `dir`. */
export async function makeTemp(dir: string): Promise<{ path: string }> {
  await fsp.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${randomUUID()}.part`);
  await (await fsp.open(file, 'wx', 0o600)).close();
  return { path: file };
}

/** Removes what is in a temp folder and older than `graceMs`; returns how many went. */
export async function sweepTemps(dir: string, graceMs: number): Promise<number> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const cutoff = Date.now() - graceMs;
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const s = await fsp.stat(file).catch(() => null);
    if (!s || s.mtimeMs > cutoff) continue;
    await fsp.rm(file, { force: true, recursive: true });
    removed += 1;
  }
  return removed;
}

/** A blocking call that needs its directory: made once more after creating the directory. */
function retryAfterMkdir<T>(dir: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    fs.mkdirSync(dir, { recursive: true });
    return call();
  }
}

/**
 * Bytes into a new file in `dir` (a storage's stagingDir), written with blocking calls, then
 * fsynced through libuv's pool from the descriptor already open; resolves with its path once it
 * is durable. For importing many small files, where a blocking write costs a fraction of the CPU
 * of the promise API's trips through the pool. Any thread may call it (an import's parsing
 * thread stages the files it has read); commitTemps puts them under their keys. `onWritten`
 * runs once the bytes are written, before the fsync: the caller may let go of them and go on.
 */
export async function stageBytes(dir: string, data: Uint8Array, onWritten?: () => void): Promise<string> {
  const temp = path.join(dir, `${randomUUID()}.part`);
  const fd = retryAfterMkdir(dir, () => fs.openSync(temp, 'wx', 0o644));
  try {
    fs.writeFileSync(fd, data);
    onWritten?.();
    await new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  return temp;
}

/**
 * fsync through libuv's pool, with blocking open and close (cheap: they wait on no disk). A
 * directory too: a rename is durable only once its directory entry is flushed (some file
 * systems refuse that; the file's own data is synced already, so callers ignore the error).
 */
async function fsyncPath(file: string): Promise<void> {
  const fd = fs.openSync(file, 'r');
  try {
    await new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));
  } finally {
    fs.closeSync(fd);
  }
}

/** A rename is durable only once its directory entry is flushed too. */
function syncDir(dir: string): Promise<void> {
  return fsyncPath(dir).catch(() => undefined);
}
