import { spawn, type ChildProcess } from 'node:child_process';
import { ENCODINGS, type Encoding } from './formats.js';

/** Whether `ffmpegPath` runs at all (a missing binary is ENOENT, a broken one a non-zero exit). */
export function ffmpegRuns(ffmpegPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(ffmpegPath, ['-hide_banner', '-version'], { stdio: 'ignore' });
    } catch {
      return resolve(false);
    }
    child.once('error', () => resolve(false));
    child.once('close', (code) => resolve(code === 0));
  });
}

export interface EncodeJob {
  /** A local file, or null to read the input from stdin. */
  input: string | null;
  encoding: Encoding;
  kbps: number;
  offsetSeconds: number;
}

/**
 * ffmpeg's arguments for one encode to stdout. `-ss` before `-i` seeks the input rather than
 * decoding and dropping what comes before. Only the first audio stream goes out, without
 * metadata or cover art (a player reads those from the API, and an Ogg cover would be a video
 * stream).
 */
export function encodeArgs(job: EncodeJob): string[] {
  return [
    '-hide_banner',
    '-loglevel', 'error',
    '-nostdin',
    ...(job.offsetSeconds > 0 ? ['-ss', String(job.offsetSeconds)] : []),
    '-i', job.input ?? 'pipe:0',
    '-map', '0:a:0',
    '-map_metadata', '-1',
    '-vn',
    ...ENCODINGS[job.encoding].args(job.kbps),
    'pipe:1',
  ];
}

/** Starts ffmpeg for a job; stdin is a pipe only when the input comes through it. */
export function spawnEncoder(ffmpegPath: string, job: EncodeJob): ChildProcess {
  return spawn(ffmpegPath, encodeArgs(job), { stdio: [job.input ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
}
