import fs from 'node:fs';
import path from 'node:path';
import type { Container } from '../../src/container.js';
import { toneWav } from '../../seeders/tone-wav.js';
import { catalogSnapshot, cliDatabase, copyFixtures, runCli, spawnCli, type CliDatabase } from '../support/cli.js';
import type { ImportReport } from '../../src/modules/imports/index.js';

const SLOW = 600_000;

/** The fixtures plus 30 untagged WAVs in Artist/Album/NN - Title.wav folders: enough files to be killed half-way through. */
function buildLibrary(root: string): void {
  for (let a = 1; a <= 3; a += 1) {
    for (let b = 1; b <= 2; b += 1) {
      const dir = path.join(root, 'generated', `Tone Artist ${a}`, `Album ${b} (202${a})`);
      fs.mkdirSync(dir, { recursive: true });
      for (let n = 1; n <= 5; n += 1) {
        const base = 30 + (a - 1) * 12 + (b - 1) * 6 + n; // distinct for every file, so no two share a hash
        fs.writeFileSync(path.join(dir, `0${n} - Song ${a}${b}${n}.wav`), toneWav([base, base + 4, base + 7], 1));
      }
    }
  }
}

async function trackCount(c: Container): Promise<number> {
  const [rows] = await c.db.sequelize.query('SELECT COUNT(*) AS n FROM tracks');
  return Number((rows as { n: number | string }[])[0]!.n);
}

/** Starts an import and kills it with SIGKILL once at least `after` tracks exist (or lets it end if it is quicker). */
async function killMidway(args: string[], db: CliDatabase, c: Container, after: number): Promise<boolean> {
  const child = spawnCli(args, db.env);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  while (!done && (await trackCount(c)) < after) await new Promise((r) => setTimeout(r, 25));
  const killedMidway = !done;
  child.kill('SIGKILL');
  await exited;
  return killedMidway && (await trackCount(c)) < 40;
}

describe('rhythmo import, killed with SIGKILL and run again', () => {
  let killed: CliDatabase;
  let clean: CliDatabase;
  let audio: { dir: string; remove(): void };

  beforeAll(async () => {
    [killed, clean] = [await cliDatabase('kill'), await cliDatabase('clean')];
    audio = copyFixtures();
    buildLibrary(audio.dir);
  });
  afterAll(async () => {
    await killed.drop();
    await clean.drop();
    audio.remove();
  });

  it('ends in the same state as an uninterrupted run: no duplicate, no half-made album, no orphan file', async () => {
    const args = ['import', path.join(audio.dir, 'library'), path.join(audio.dir, 'generated'), '--concurrency', '3', '--json', '--no-progress'];

    const c = await killed.open();
    const kills: boolean[] = [];
    for (const after of [2, 9, 20]) kills.push(await killMidway(args, killed, c, after));
    expect(kills.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    const rerun = await runCli(args, killed.env);
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    const rerunReport = JSON.parse(rerun.stdout) as ImportReport;
    expect(rerunReport.summary.failed).toBe(0);
    // 41 files, 40 distinct audios: the copy is a duplicate, or already present once noted.
    expect(rerunReport.summary.total).toBe(41);
    expect(rerunReport.summary.imported + rerunReport.summary.present + rerunReport.summary.duplicates).toBe(41);

    const uninterrupted = await runCli(args, clean.env);
    expect(uninterrupted.code).toBe(0);
    expect((JSON.parse(uninterrupted.stdout) as ImportReport).summary).toMatchObject({ imported: 40, duplicates: 1, failed: 0 });

    const afterKills = await catalogSnapshot(c);
    const reference = await catalogSnapshot(await clean.open());
    expect(afterKills.tracks).toHaveLength(40);
    expect(new Set(afterKills.tracks.map((t) => t.title)).size).toBe(40);
    expect(afterKills).toEqual(reference);
    expect(afterKills.orphanFiles).toEqual([]);
    expect(afterKills.missingFiles).toEqual([]);
    // Each generated album is whole: five tracks, numbered 1..5.
    for (const album of afterKills.albums.filter((a) => a.title.startsWith('Album '))) {
      const numbers = afterKills.tracks.filter((t) => t.album === album.title && t.artists[0] === album.artists[0]).map((t) => t.trackNumber);
      expect(numbers.sort()).toEqual([1, 2, 3, 4, 5]);
    }
  }, SLOW);
});
