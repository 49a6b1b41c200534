import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from './context.js';
import { AUDIO_FIXTURES } from './fixture-files.js';

/** The shared audio fixtures, copied to a temp dir: tests never write next to the originals. */
export function copyAudioFixtures(): { dir: string; remove(): void } {
  const source = AUDIO_FIXTURES;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-audio-'));
  fs.cpSync(source, dir, { recursive: true });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under the media dir (audio, images and temp files), relative to it. */
export function storedFiles(ctx: TestContext): string[] {
  const root = ctx.config.mediaDir;
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

export async function countRows(ctx: TestContext, table: string): Promise<number> {
  const [rows] = await ctx.container.db.sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number((rows as { n: number | string }[])[0]!.n);
}
