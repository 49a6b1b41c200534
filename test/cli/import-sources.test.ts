import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Container } from '../../src/container.js';
import { catalogSnapshot, cliDatabase, copyFixtures, runCli, type CliDatabase } from '../support/cli.js';
import { brokenAudio, withId3 } from '../support/broken-audio.js';
import type { FileOutcome, ImportReport } from '../../src/modules/imports/index.js';

const SLOW = 480_000;
const report = (stdout: string) => JSON.parse(stdout) as ImportReport;
const reasons = (r: ImportReport) =>
  Object.fromEntries(r.files.filter((f) => f.status === 'failed').map((f: FileOutcome) => [path.basename(f.path), (f as { reason: string }).reason]));

describe('rhythmo import: what it refuses', () => {
  let db: CliDatabase;
  let audio: { dir: string; remove(): void };
  let c: Container;

  beforeAll(async () => {
    db = await cliDatabase('src');
    audio = copyFixtures();
    c = await db.open();
  });
  afterAll(async () => {
    await db.drop();
    audio.remove();
  });

  it('fails audio whose bytes cannot hold what it declares, on either parsing path, and still imports every real fixture', async () => {
    const broken = brokenAudio(audio.dir, path.join(audio.dir, 'broken'));
    for (const threads of ['2', '0']) {
      const run = await runCli(['import', path.join(audio.dir, 'broken'), path.join(audio.dir, 'library'), '--json', '--no-progress', '--threads', threads], db.env);
      expect(run.code).toBe(1);
      const r = report(run.stdout);
      const failed = reasons(r);
      expect(Object.keys(failed).sort()).toEqual(Object.keys(broken).sort());
      for (const [name, { reason }] of Object.entries(broken)) expect(failed[name]).toMatch(reason);
      expect(r.summary).toMatchObject({ failed: 4 });
      // library/ holds eleven audio files, one of them a copy of another.
      expect(r.summary.imported + r.summary.present + r.summary.duplicates).toBe(11);
    }
    expect((await catalogSnapshot(c)).tracks).toHaveLength(10);
    // Nothing staged for a refused file stays behind.
    expect(fs.readdirSync(path.join(c.config.mediaDir, '.tmp'))).toEqual([]);
  }, SLOW);

  it('fails a FIFO, /dev/zero and a folder-found FIFO named like audio with exit 1, never "0 files"', async () => {
    const dir = path.join(audio.dir, 'special');
    fs.mkdirSync(path.join(dir, 'inside'), { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'pipe.mp3'), path.join(dir, 'inside', 'song.mp3')]);
    for (const target of [path.join(dir, 'pipe.mp3'), '/dev/zero', path.join(dir, 'inside')]) {
      const run = await runCli(['import', target, '--json', '--no-progress'], db.env);
      expect({ target, code: run.code }).toEqual({ target, code: 1 });
      const r = report(run.stdout);
      expect(r.summary).toMatchObject({ total: 1, failed: 1, imported: 0 });
      expect(Object.values(reasons(r))[0]).toMatch(/not a regular file/);
    }
  }, SLOW);

  it('refuses manifest paths that leave the manifest folder unless --allow-outside is given', async () => {
    const releases = path.join(audio.dir, 'releases');
    fs.mkdirSync(releases);
    const outside = path.join(audio.dir, 'library', 'Nova Lights', 'Aurora (2021)', '01 - Dawn Chorus.mp3');
    const manifest = path.join(releases, 'm.csv');
    fs.writeFileSync(manifest, `path\n../library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3\n${outside.replace('01 - Dawn', '02 - Polar').replace('Chorus', 'Drift')}\n`);
    const run = await runCli(['import', '--manifest', manifest, '--json', '--no-progress'], db.env);
    expect(run.code).toBe(1);
    const r = report(run.stdout);
    expect(r.summary).toMatchObject({ total: 2, failed: 2, imported: 0 });
    for (const reason of Object.values(reasons(r))) expect(reason).toMatch(/outside the manifest's folder.*--allow-outside/);

    const allowed = await runCli(['import', '--manifest', manifest, '--allow-outside', '--json', '--no-progress'], db.env);
    expect(allowed.code).toBe(0);
    const { summary } = report(allowed.stdout);
    expect(summary).toMatchObject({ total: 2, failed: 0 });
    expect(summary.imported + summary.present).toBe(2);
  }, SLOW);

  it('removes control characters from tag values', async () => {
    const file = withId3(path.join(audio.dir, 'library', 'Untagged Artist', 'Loose Album', '05 - Found Sound.mp3'), path.join(audio.dir, 'controls.mp3'), {
      TIT2: 'Bell\x07 Ring\x1b[31m\x85',
      TPE1: 'Escape\x01Artist',
      TALB: 'Tab\tand\nNewline',
    });
    const run = await runCli(['import', file, '--json', '--no-progress'], db.env);
    expect(run.code).toBe(0);
    const track = (await catalogSnapshot(c)).tracks.find((t) => t.title.startsWith('Bell'));
    expect(track).toMatchObject({ title: 'Bell Ring[31m', artists: ['EscapeArtist'], album: 'Tab and Newline' });
  }, SLOW);
});
