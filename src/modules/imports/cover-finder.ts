import fs from 'node:fs/promises';
import path from 'node:path';
import { discOfFolder } from './layout.js';

const COVER = /^(cover|folder|front|album)\.(jpe?g|png|webp|gif)$/i;
/** Preferred names first: cover.* before folder.* before the rest. */
const rank = (name: string) => ['cover', 'folder', 'front', 'album'].indexOf(name.split('.')[0]!.toLowerCase());

/** The cover image among a folder's file names (cover.jpg, folder.png, ...), if there is one. */
export function coverAmong(names: string[]): string | undefined {
  return names.filter((n) => COVER.test(n)).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))[0];
}

/**
 * Finds the cover image next to an audio file (cover.jpg, folder.png, ...), for files the walk
 * did not list a folder for (a manifest's, a file named on the command line). Files of one album
 * share a folder, so the answer is cached per folder; the cache is small because files come a
 * folder at a time.
 */
export class CoverFinder {
  private readonly cache = new Map<string, Promise<string | null>>();

  constructor(private readonly maxFolders = 256) {}

  find(audioPath: string): Promise<string | null> {
    const dir = path.dirname(audioPath);
    let found = this.cache.get(dir);
    if (!found) {
      found = this.lookup(dir);
      this.cache.set(dir, found);
      if (this.cache.size > this.maxFolders) this.cache.delete(this.cache.keys().next().value!);
    }
    return found;
  }

  private async lookup(dir: string): Promise<string | null> {
    try {
      const name = coverAmong(await fs.readdir(dir));
      if (name) return path.join(dir, name);
      // A disc folder's cover is its album folder's.
      return discOfFolder(path.basename(dir)) !== undefined ? await this.lookup(path.dirname(dir)) : null;
    } catch {
      return null;
    }
  }
}
