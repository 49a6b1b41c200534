import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Container } from '../../src/container.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { cliDatabase, runCli, type CliDatabase } from '../support/cli.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';
import { itWithFfmpeg, longTitle, retag } from '../support/retag.js';
import type { FileOutcome, ImportReport } from '../../src/modules/imports/index.js';

const SLOW = 240_000;
const DAWN = path.join(AUDIO_FIXTURES, 'library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3');
const report = (stdout: string) => JSON.parse(stdout) as ImportReport;
const byName = (r: ImportReport, name: string) => r.files.find((f) => path.basename(f.path) === name) as FileOutcome;

describe('rhythmo import: long tag values and refusals that say why', () => {
  let db: CliDatabase;
  let c: Container;
  let dir: string;

  beforeAll(async () => {
    db = await cliDatabase('longtags');
    c = await db.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-long-tags-'));
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  itWithFfmpeg('imports a 600-character title intact and cuts a 1,500-character one to 1,000 with a warning', async () => {
    const root = path.join(dir, 'classical');
    const tags = { artist: 'Long Tags Ensemble', album: 'Complete Works' };
    retag(DAWN, path.join(root, 'Ensemble/Complete Works/01.mp3'), { ...tags, title: longTitle(600), track: '1' });
    retag(DAWN, path.join(root, 'Ensemble/Complete Works/02.mp3'), { ...tags, title: longTitle(1500), track: '2' });

    const dry = await runCli(['import', root, '--dry-run', '--json'], db.env);
    expect(dry.code).toBe(0);
    const planned = byName(report(dry.stdout), '02.mp3');
    expect(planned).toMatchObject({ status: 'planned', warnings: [{ field: 'title', reason: 'cut from 1500 to 1000 characters' }] });

    const run = await runCli(['import', root, '--json'], db.env);
    expect(run.code).toBe(0);
    const r = report(run.stdout);
    expect(r.summary).toMatchObject({ imported: 2, failed: 0 });
    expect(byName(r, '01.mp3')).not.toHaveProperty('warnings');
    expect(byName(r, '02.mp3')).toMatchObject({ status: 'imported', warnings: [{ field: 'title', reason: 'cut from 1500 to 1000 characters' }] });
    const titles = (await c.services.catalog.listTracks(SYSTEM, { limit: 10, sort: 'title' })).items.map((t) => t.title);
    expect(titles.sort()).toEqual([longTitle(1000), longTitle(600)].sort());
  }, SLOW);

  itWithFfmpeg('prints each warning and each refusal with its field and reason; --dry-run predicts the refusal', async () => {
    const made = await runCli(['users', 'create', '--email', 'owner@example.com', '--username', 'owner', '--role', 'artist', '--json'], db.env);
    expect(made.code).toBe(0);
    const other = await runCli(['users', 'create', '--email', 'late@example.com', '--username', 'late', '--role', 'artist', '--json'], db.env);
    expect(other.code).toBe(0);
    const ownerId = (JSON.parse(made.stdout) as { id: string }).id;
    await c.services.catalog.createArtist(userActor(ownerId, 'artist'), { name: 'Taken Name' });

    const root = path.join(dir, 'refused');
    retag(DAWN, path.join(root, 'Taken Name/Album/01.mp3'), { artist: 'Taken Name', album: 'Album', title: 'Not Yours', track: '1' });
    retag(DAWN, path.join(root, 'Fresh Name/Album/01.mp3'), { artist: 'Fresh Name', album: 'Album', title: longTitle(1200), track: '1' });

    // Its album, by the same artist, is refused for the same reason.
    const expected = {
      status: 'failed',
      reason: expect.stringContaining('artists needs a main artist you manage'),
      errors: [
        { field: 'artists', reason: expect.stringContaining('Taken Name') },
        { field: 'album.artistNames', reason: expect.stringContaining('Taken Name') },
      ],
    };
    const dry = await runCli(['import', root, '--as', 'late', '--dry-run', '--json'], db.env);
    expect(dry.code).toBe(1);
    const predicted = report(dry.stdout);
    expect(predicted.files.find((f) => f.path.includes('Taken Name'))).toMatchObject(expected);
    expect(predicted.summary).toMatchObject({ planned: 1, failed: 1 });

    const text = await runCli(['import', root, '--as', 'late', '--no-progress'], db.env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/Failed:[\s\S]*Taken Name[\s\S]*artists: needs a main artist you manage/);
    expect(text.stdout).toMatch(/Warnings[\s\S]*Fresh Name[\s\S]*title: cut from 1200 to 1000 characters/);
    const real = report((await runCli(['import', root, '--as', 'late', '--json'], db.env)).stdout);
    expect(real.files.find((f) => f.path.includes('Taken Name'))).toMatchObject(expected);
  }, SLOW);
});
