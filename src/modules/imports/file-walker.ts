import fs from 'node:fs/promises';
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { coverAmong } from './cover-finder.js';
import { discOfFolder } from './layout.js';

export interface FoundFile {
  /** The path as reached from the arguments (what reports show). */
  path: string;
  /** The real path (symlinks resolved): the identity used to recognise a file again. */
  realPath: string;
  sizeBytes: number;
  mtimeMs: number;
  /** The cover image of its folder (real path; null: none), read off the folder's listing; absent when the walk did not list it. */
  folderCover?: string | null;
  /** How many audio files its folder holds, from the same listing; absent when the walk did not list it. */
  folderAudioFiles?: number;
}

export type WalkEvent = { kind: 'file'; file: FoundFile } | { kind: 'error'; path: string; reason: string };

const AUDIO_EXTENSIONS = new Set([
  'mp3', 'mp2', 'flac', 'ogg', 'oga', 'opus', 'm4a', 'm4b', 'mp4', 'aac', 'wav', 'wave', 'aif', 'aiff', 'aifc',
  'wma', 'asf', 'ape', 'wv', 'mpc', 'dsf', 'dff', 'webm', 'mka', 'caf', 'spx', 'tta',
]);

/** Whether a file name says audio. Files named otherwise are not candidates (covers, cue sheets, logs). */
export function looksLikeAudio(fileName: string): boolean {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  return AUDIO_EXTENSIONS.has(ext);
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * An entry of a folder: `dir` is already absolute and normalised, and a name read from it has no
 * separator, so joining is concatenating (path.join normalises again, twice per file of a walk).
 */
const inDir = (dir: string, name: string): string => (dir.endsWith(path.sep) ? dir + name : dir + path.sep + name);

/** Entries of one directory stat'ed at once: enough to keep the thread pool busy, few enough to hold. */
const STAT_AT_ONCE = 64;
/** Subfolders listed ahead of the one being walked. */
const LIST_AHEAD = 8;

/**
 * statfs types of network and user-space file systems (NFS, SMB/CIFS, FUSE such as sshfs or
 * rclone, 9p, Ceph, AFS, Lustre, GPFS...): a stat there may wait on the network.
 */
const REMOTE_FS = new Set([0x6969, 0x517b, 0xff534d42, 0xfe534d42, 0x65735546, 0x01021997, 0x00c36400, 0x5346414f, 0x73757245, 0x564c, 0x0bd00bd0, 0x47504653, 0x01161970, 0x7461636f]);

interface Listing {
  id: string;
  dev: number;
  entries: Dirent[];
  realDir: string;
  /** On a local file system: its files are stat'ed with blocking calls. */
  local: boolean;
}

/**
 * A folder's identity, entries (dot files left out, in name order) and real path. A subfolder of
 * a folder on a local disk is listed with blocking calls (see statFiles) unless it turns out to be
 * another device; anything else is asked for on the pool, all at once.
 */
async function list(dir: string, localDevices: Map<number, Promise<boolean>>, parent?: Listing): Promise<Listing> {
  if (parent?.local) {
    const stat = statSync(dir);
    if (stat.dev === parent.dev) return listing(stat, readdirSync(dir, { withFileTypes: true }), realpathSync.native(dir), true);
  }
  const [stat, entries, realDir] = await Promise.all([fs.stat(dir), fs.readdir(dir, { withFileTypes: true }), fs.realpath(dir)]);
  let local = localDevices.get(stat.dev);
  if (!local) {
    local = fs.statfs(dir).then((f) => !REMOTE_FS.has(f.type), () => false);
    localDevices.set(stat.dev, local);
  }
  return listing(stat, entries, realDir, await local);
}

const listing = (stat: Stats, entries: Dirent[], realDir: string, local: boolean): Listing => ({
  id: `${stat.dev}:${stat.ino}`,
  dev: stat.dev,
  entries: entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => byName(a.name, b.name)),
  realDir,
  local,
});

/**
 * The files of one folder, stat'ed. On a local disk with blocking calls: a few microseconds each
 * from the inode cache, where each trip through libuv's pool costs the main thread several times
 * that (and a re-run over an unchanged library is almost nothing but these). On a network share,
 * in parallel on the pool, since one blocking stat there could stall the whole import.
 */
async function statFiles(paths: string[], local: boolean): Promise<(Stats | Error)[]> {
  if (!local) return Promise.all(paths.map((p) => fs.stat(p).catch((err: unknown) => err as Error)));
  return paths.map((p) => {
    try {
      return statSync(p);
    } catch (err) {
      return err as Error;
    }
  });
}

/**
 * Walks files and directories depth-first in name order, following symlinks. A directory is
 * entered once per (device, inode), so symlink loops end; a file reached twice through links is
 * yielded once. Memory stays flat: a folder's entry names, and a few subfolders' listed ahead
 * (so the walk waits on one round trip at a time, not one per call). The files of a folder are
 * stat'ed in parallel (yielded in name order all the same), and a plain file takes its real path
 * from its folder's, which saves a realpath per file.
 */
export async function* walkAudioFiles(roots: string[], onSkipped?: (path: string) => void): AsyncGenerator<WalkEvent> {
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const localDevices = new Map<number, Promise<boolean>>();

  const fileEvent = (p: string, stat: { dev: number; ino: number; size: number; mtimeMs: number }, realPath: string, folder?: { cover: string | null; audioFiles: number }): WalkEvent | null => {
    const id = `${stat.dev}:${stat.ino}`;
    if (seenFiles.has(id)) return null;
    seenFiles.add(id);
    const listed = folder ? { folderCover: folder.cover, folderAudioFiles: folder.audioFiles } : {};
    return { kind: 'file', file: { path: p, realPath, sizeBytes: stat.size, mtimeMs: stat.mtimeMs, ...listed } };
  };

  async function* visit(p: string, explicit: boolean): AsyncGenerator<WalkEvent> {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (err) {
      yield { kind: 'error', path: p, reason: describeFsError(err) };
      return;
    }
    if (stat.isDirectory()) {
      yield* directory(p, list(p, localDevices));
      return;
    }
    // A file named on the command line is tried whatever its name; found ones must look like audio.
    if (!explicit && !looksLikeAudio(p)) {
      onSkipped?.(p);
      return;
    }
    // Never opened: a FIFO would block the import and a device like /dev/zero never ends.
    if (!stat.isFile()) {
      yield { kind: 'error', path: p, reason: `not a regular file (${kindOf(stat)})` };
      return;
    }
    let realPath: string;
    try {
      realPath = await fs.realpath(p);
    } catch (err) {
      yield { kind: 'error', path: p, reason: describeFsError(err) };
      return;
    }
    const event = fileEvent(p, stat, realPath);
    if (event) yield event;
  }

  /** `parentCover`: the cover of the folder above, which is also the cover of its disc folders (CD1, Disc 2). */
  async function* directory(dir: string, listing: Promise<Listing>, parentCover: string | null = null): AsyncGenerator<WalkEvent> {
    let l: Listing;
    try {
      l = await listing;
    } catch (err) {
      yield { kind: 'error', path: dir, reason: describeFsError(err) };
      return;
    }
    if (seenDirs.has(l.id)) return;
    seenDirs.add(l.id);
    const { entries, realDir, local } = l;
    const coverName = coverAmong(entries.map((entry) => entry.name));
    const ownCover = coverName ? inDir(realDir, coverName) : null;
    const folder = {
      cover: ownCover ?? (discOfFolder(path.basename(dir)) !== undefined ? parentCover : null),
      audioFiles: entries.filter((e) => !e.isDirectory() && looksLikeAudio(e.name)).length,
    };
    const ahead = new Map<number, Promise<Listing>>();
    const listAhead = (from: number) => {
      for (let j = from, n = 0; j < entries.length && n < LIST_AHEAD; j += 1) {
        if (!entries[j]!.isDirectory()) continue;
        n += 1;
        if (!ahead.has(j)) {
          const pending = list(inDir(dir, entries[j]!.name), localDevices, l);
          pending.catch(() => undefined); // reported when its turn comes
          ahead.set(j, pending);
        }
      }
    };
    for (let i = 0; i < entries.length; ) {
      const entry = entries[i]!;
      if (entry.isDirectory()) {
        listAhead(i);
        const pending = ahead.get(i)!;
        ahead.delete(i);
        i += 1;
        yield* directory(inDir(dir, entry.name), pending, ownCover);
        continue;
      }
      if (!entry.isFile()) {
        // Links (followed) and the rest: looked at one by one.
        i += 1;
        yield* visit(inDir(dir, entry.name), false);
        continue;
      }
      // A run of plain files: stat'ed together.
      const run: Dirent[] = [];
      while (i < entries.length && entries[i]!.isFile() && run.length < STAT_AT_ONCE) run.push(entries[i++]!);
      const audio = run.filter((e) => {
        if (looksLikeAudio(e.name)) return true;
        onSkipped?.(inDir(dir, e.name));
        return false;
      });
      const paths = audio.map((e) => inDir(dir, e.name));
      const stats = await statFiles(paths, local);
      for (const [k, e] of audio.entries()) {
        const p = paths[k]!;
        const st = stats[k]!;
        if (st instanceof Error) {
          yield { kind: 'error', path: p, reason: describeFsError(st) };
          continue;
        }
        const event = fileEvent(p, st, inDir(realDir, e.name), folder);
        if (event) yield event;
      }
    }
  }

  for (const root of roots) yield* visit(path.resolve(root), true);
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return (err as Error).message;
}
