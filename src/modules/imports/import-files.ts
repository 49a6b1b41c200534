import fs from 'node:fs/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { contentKey, imageTypeOf, type Storage } from '../media/index.js';

export type ImportStorage = Pick<
  Storage,
  'writeTemp' | 'commitTemp' | 'putBytes' | 'stagingDir' | 'commitTemps' | 'syncDirs' | 'discardTemp' | 'stat' | 'delete' | 'sweepTemp'
>;

/** Audio on its way into storage: already under its key, or staged until its batch commits. */
export type AudioFile = StoredKey | { key: string; tempPath: string };

export interface StoredKey {
  key: string;
  /** The key held nothing before: this run added the file (so may remove it again). */
  created: boolean;
}

/**
 * Puts an import's audio and cover images into storage under their content keys: temp file,
 * fsync, rename, so a file is whole under its key or absent. The renames are made durable a
 * batch at a time (sync: one fsync per directory, before the batch's rows commit). A
 * key that already holds its file is left alone (same key, same bytes). A cover shared by a
 * folder's files, or embedded in each of an album's files, is stored once per run.
 */
export class ImportFiles {
  private readonly coversByPath = new Map<string, Promise<StoredKey | null>>();
  private readonly coversByHash = new Map<string, Promise<StoredKey | null>>();
  /** Covers this run added: the ones no track ended up using are removed at the end. */
  readonly createdCovers = new Set<string>();

  constructor(
    private readonly storage: ImportStorage,
    private readonly maxImageBytes: number,
  ) {}

  /** A file under its key, from the bytes already read or, for a large file, copied from its path. */
  async putFile(key: string, source: { path: string; data: Uint8Array | null }): Promise<StoredKey> {
    if (await this.storage.stat(key)) return { key, created: false };
    await this.put(key, source);
    return { key, created: true };
  }

  /** Audio under its key: a staged file waits for its batch's commit; anything else is stored now. */
  async putAudio(key: string, source: { path: string; data: Uint8Array | null; staged?: string }): Promise<AudioFile> {
    if (source.staged) return { key, tempPath: source.staged };
    return this.putFile(key, source);
  }

  /** Staged audio put under its keys, all at once; what was stored already passes through. */
  async commit(files: AudioFile[]): Promise<(StoredKey | Error)[]> {
    const staged = files.flatMap((f, i) => ('tempPath' in f ? [{ i, tempPath: f.tempPath, key: f.key }] : []));
    const results: (StoredKey | Error)[] = files.map((f) => f as StoredKey);
    const committed = await this.storage.commitTemps(staged);
    for (const [n, { i, key }] of staged.entries()) {
      const r = committed[n]!;
      results[i] = r instanceof Error ? r : { key, created: r };
    }
    return results;
  }

  /** Makes the renames into these keys durable; call it before committing rows that point at them. */
  async sync(keys: string[]): Promise<void> {
    await this.storage.syncDirs(keys);
  }

  /** A cover image file (cover.jpg, a manifest's column); null when it is not an image we serve. */
  coverFromPath(filePath: string): Promise<StoredKey | null> {
    let stored = this.coversByPath.get(filePath);
    if (!stored) {
      stored = this.readCover(filePath).then((data) => (data ? this.coverFromBytes(data) : null));
      this.coversByPath.set(filePath, stored);
    }
    return stored;
  }

  /** An embedded picture; null when it is empty, too large or not an image we serve. */
  coverFromBytes(data: Uint8Array): Promise<StoredKey | null> {
    if (data.length === 0 || data.length > this.maxImageBytes) return Promise.resolve(null);
    const sha256 = createHash('sha256').update(data).digest('hex');
    let stored = this.coversByHash.get(sha256);
    if (!stored) {
      // Best effort, like the cover file: the track is imported without it.
      stored = this.storeImage(sha256, data).catch(() => null);
      this.coversByHash.set(sha256, stored);
    }
    return stored;
  }

  private async storeImage(sha256: string, data: Uint8Array): Promise<StoredKey | null> {
    const type = await imageTypeOf(data.subarray(0, 4100));
    if (!type) return null;
    const key = contentKey('images', sha256, type.ext);
    const stored = await this.putFile(key, { path: '', data });
    if (stored.created) this.createdCovers.add(key);
    return stored;
  }

  private async readCover(filePath: string): Promise<Uint8Array | null> {
    try {
      const { size } = await fs.stat(filePath);
      if (size === 0 || size > this.maxImageBytes) return null;
      return await fs.readFile(filePath);
    } catch {
      // A cover is best effort: the track is imported without it.
      return null;
    }
  }

  private async put(key: string, source: { path: string; data: Uint8Array | null }): Promise<void> {
    if (source.data) return this.storage.putBytes(key, source.data, { syncDir: false });
    const temp = await this.storage.writeTemp();
    try {
      await pipeline(createReadStream(source.path), createWriteStream(temp.path));
      await this.storage.commitTemp(temp.path, key, { syncDir: false });
    } catch (err) {
      await this.storage.discardTemp(temp.path);
      throw err;
    }
  }
}
