import fs from 'node:fs/promises';
import path from 'node:path';

export interface FoundFile {
  /** The path as reached from the arguments (what reports show). */
  path: string;
  /** The real path (symlinks resolved): the identity used to recognise a file again. */
  realPath: string;
  sizeBytes: number;
  mtimeMs: number;
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
 * Walks files and directories depth-first in name order, following symlinks. A directory is
 * entered once per (device, inode), so symlink loops end; a file reached twice through links is
 * yielded once. Only the current directory's entry names are held, so memory stays flat.
 */
export async function* walkAudioFiles(roots: string[], onSkipped?: (path: string) => void): AsyncGenerator<WalkEvent> {
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  async function* visit(p: string, explicit: boolean): AsyncGenerator<WalkEvent> {
    let stat;
    try {
      stat = await fs.stat(p);
    } catch (err) {
      yield { kind: 'error', path: p, reason: describeFsError(err) };
      return;
    }
    const id = `${stat.dev}:${stat.ino}`;
    if (stat.isDirectory()) {
      if (seenDirs.has(id)) return;
      seenDirs.add(id);
      let names: string[];
      try {
        names = (await fs.readdir(p)).sort(byName);
      } catch (err) {
        yield { kind: 'error', path: p, reason: describeFsError(err) };
        return;
      }
      for (const name of names) {
        if (name.startsWith('.')) continue;
        yield* visit(path.join(p, name), false);
      }
      return;
    }
    if (!stat.isFile()) return;
    // A file named on the command line is tried whatever its name; found ones must look like audio.
    if (!explicit && !looksLikeAudio(p)) {
      onSkipped?.(p);
      return;
    }
    if (seenFiles.has(id)) return;
    seenFiles.add(id);
    let realPath: string;
    try {
      realPath = await fs.realpath(p);
    } catch (err) {
      yield { kind: 'error', path: p, reason: describeFsError(err) };
      return;
    }
    yield { kind: 'file', file: { path: p, realPath, sizeBytes: stat.size, mtimeMs: stat.mtimeMs } };
  }

  for (const root of roots) yield* visit(path.resolve(root), true);
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return (err as Error).message;
}
