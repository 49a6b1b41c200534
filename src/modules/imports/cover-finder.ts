import fs from 'node:fs/promises';
import path from 'node:path';

const COVER = /^(cover|folder|front|album)\.(jpe?g|png|webp|gif)$/i;
/** Preferred names first: cover.* before folder.* before the rest. */
const rank = (name: string) => ['cover', 'folder', 'front', 'album'].indexOf(name.split('.')[0]!.toLowerCase());

/**
 * Finds the cover image next to an audio file (cover.jpg, folder.png, ...). Files of one album
 * share a folder, so the answer is cached per folder; the cache is small because the walk
 * finishes one folder before the next.
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
      const names = (await fs.readdir(dir)).filter((n) => COVER.test(n)).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
      return names.length ? path.join(dir, names[0]!) : null;
    } catch {
      return null;
    }
  }
}
