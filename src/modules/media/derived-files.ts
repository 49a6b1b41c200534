import path from 'node:path';

/**
 * Files made from stored ones (resized covers, finished encodes) that every host may reuse: kept
 * in the object store under `derived/`, next to the originals, so a host serves what another
 * made instead of making it again. They can always be made again, so a bucket lifecycle rule may
 * expire the prefix. With local storage there is none: the local caches are the only copy.
 */
export interface DerivedFiles {
  /** Copies the file called `name` to `target` (written aside, then renamed); false when the store has none. */
  fetch(name: string, target: string): Promise<boolean>;
  /** Puts the local file at `source` in the store under `name`. */
  put(name: string, source: string): Promise<void>;
}

/** `covers/ab/<sha256>-<size>.<ext>` or `transcodes/ab/<sha256>.<kbps>k.<ext>`: a kind, a fan-out folder, a plain file name. */
const NAME = /^(covers|transcodes)\/[0-9a-f]{2}\/[0-9a-f]{64}[A-Za-z0-9.-]{1,32}$/;

/** The object key of a derived file's name; throws for anything else, so no name reaches outside `derived/`. */
export function derivedKey(name: string): string {
  if (!NAME.test(name)) throw new Error(`Not a derived file name: ${name}`);
  return `derived/${name}`;
}

/** The name under which the file `fileName` (starting with its source's sha256) of `kind` is kept. */
export const derivedName = (kind: 'covers' | 'transcodes', fileName: string): string => `${kind}/${fileName.slice(0, 2)}/${path.basename(fileName)}`;
