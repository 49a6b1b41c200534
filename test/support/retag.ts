import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const FFMPEG = ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'].find((p) => fs.existsSync(p));

/** Tests that write their own tagged audio need ffmpeg; without it they are skipped, saying why. */
export const hasFfmpeg = FFMPEG !== undefined;
export const itWithFfmpeg: jest.It = hasFfmpeg ? it : it.skip;
if (!hasFfmpeg) console.warn('ffmpeg not found: tests that write tagged audio are skipped (.ci/run installs it)');

/**
 * A copy of `src` with its tags replaced by `tags` (audio copied as it is, pictures dropped), so a
 * test writes exactly the odd tags it is about.
 */
export function retag(src: string, dest: string, tags: Record<string, string>): string {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const metadata = Object.entries(tags).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
  const run = spawnSync(FFMPEG!, ['-v', 'error', '-y', '-i', src, '-map', '0:a', '-c', 'copy', '-map_metadata', '-1', ...metadata, dest], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ffmpeg failed on ${src}: ${run.stderr}`);
  return dest;
}

/** A title of exactly `length` characters, made of words like a long classical title. */
export function longTitle(length: number, seed = 'Symphony No. 9 in D minor, Op. 125 "Choral": IV. Presto – Allegro assai ') {
  return seed.repeat(Math.ceil(length / seed.length)).slice(0, length).replace(/ $/, '.');
}
