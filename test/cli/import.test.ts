import fs from 'node:fs';
import path from 'node:path';
import type { Container } from '../../src/container.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { catalogSnapshot, cliDatabase, copyFixtures, runCli, type CatalogSnapshot, type CliDatabase } from '../support/cli.js';
import type { FileOutcome, ImportReport } from '../../src/modules/imports/index.js';

const SLOW = 480_000;

const track = (t: Partial<CatalogSnapshot['tracks'][number]> & { title: string }) => ({
  artists: [], album: null, genres: [], trackNumber: null, discNumber: null, releaseDate: null, cover: false, ...t,
});

/** Every fixture of library/, as the catalog must show it after an import (durations from the files). */
const EXPECTED_TRACKS = [
  track({ title: 'Dawn Chorus', artists: ['Nova Lights'], album: 'Aurora', genres: ['Synthwave'], trackNumber: 1, releaseDate: '2021-01-01', durationMs: 3030, mimeType: 'audio/mpeg', cover: true }),
  track({ title: 'Exit 17', artists: ['Echo Harbor'], album: 'Night Drive', genres: ['Electronic'], trackNumber: 3, releaseDate: '2023-01-01', durationMs: 3023, mimeType: 'audio/mp4' }),
  // No tags at all: everything from "Untagged Artist/Loose Album/05 - Found Sound.mp3".
  track({ title: 'Found Sound', artists: ['Untagged Artist'], album: 'Loose Album', trackNumber: 5, durationMs: 2038, mimeType: 'audio/mpeg' }),
  // A WAV with only title/artist/album: it sits in the "Various Artists" folder, so it joins the compilation.
  track({ title: 'Last Stop', artists: ['Lumen'], album: 'Night Drive', trackNumber: 4, durationMs: 2000, mimeType: 'audio/wav' }),
  // "Gray Static feat. Lumen": two ordered artists, the second featured.
  track({ title: 'Overpass', artists: ['Gray Static', 'Lumen (feat.)'], album: 'Night Drive', genres: ['Electronic'], trackNumber: 2, releaseDate: '2023-01-01', durationMs: 3000, mimeType: 'audio/ogg; codecs=opus' }),
  track({ title: 'Polar Drift', artists: ['Nova Lights'], album: 'Aurora', genres: ['Synthwave'], trackNumber: 2, releaseDate: '2021-01-01', durationMs: 3030, mimeType: 'audio/mpeg', cover: true }),
  track({ title: 'Solar Wind', artists: ['Nova Lights'], album: 'Aurora', genres: ['Synthwave'], trackNumber: 3, releaseDate: '2021-01-01', durationMs: 3030, mimeType: 'audio/mpeg', cover: true }),
  track({ title: 'Tunnel Lights', artists: ['Echo Harbor'], album: 'Night Drive', genres: ['Electronic'], trackNumber: 1, releaseDate: '2023-01-01', durationMs: 3000, mimeType: 'audio/ogg' }),
  // "Кино Тишины; Мира Соль" and "Post-Rock;Ambient"; no embedded picture, so cover.png next to it.
  track({ title: 'Лёд', artists: ['Кино Тишины', 'Мира Соль'], album: 'Северный ветер', genres: ['Ambient', 'Post-Rock'], trackNumber: 2, releaseDate: '2019-01-01', durationMs: 4000, mimeType: 'audio/flac', cover: true }),
  // A full date in the tag, and an embedded picture.
  track({ title: 'Северный ветер', artists: ['Кино Тишины'], album: 'Северный ветер', genres: ['Post-Rock'], trackNumber: 1, releaseDate: '2019-03-01', durationMs: 4000, mimeType: 'audio/flac', cover: true }),
];

const EXPECTED_ALBUMS = [
  { title: 'Aurora', type: 'album', artists: ['Nova Lights'], year: '2021', cover: true },
  { title: 'Loose Album', type: 'album', artists: ['Untagged Artist'], year: null, cover: false },
  { title: 'Night Drive', type: 'compilation', artists: ['Various Artists'], year: '2023', cover: false },
  { title: 'Северный ветер', type: 'album', artists: ['Кино Тишины'], year: '2019', cover: true },
];

const EXPECTED_ARTISTS = ['Echo Harbor', 'Gray Static', 'Lumen', 'Nova Lights', 'Untagged Artist', 'Various Artists', 'Кино Тишины', 'Мира Соль'];

const report = (stdout: string) => JSON.parse(stdout) as ImportReport;
const statuses = (r: ImportReport, root: string) =>
  Object.fromEntries(r.files.map((f: FileOutcome) => [path.relative(root, f.path), f.status]));

describe('rhythmo import', () => {
  let db: CliDatabase;
  let audio: { dir: string; remove(): void };
  let c: Container;
  let library: string;
  let firstSnapshot: CatalogSnapshot;

  beforeAll(async () => {
    db = await cliDatabase('imp');
    audio = copyFixtures();
    library = path.join(audio.dir, 'library');
    c = await db.open();
  });
  afterAll(async () => {
    await db.drop();
    audio.remove();
  });

  it('imports the fixture library: exactly the expected artists, albums, tracks, credits, genres, durations and covers', async () => {
    const run = await runCli(['import', library, '--json', '--concurrency', '3'], db.env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const r = report(run.stdout);
    expect(r.summary).toMatchObject({ total: 11, imported: 10, present: 0, duplicates: 1, failed: 0, skippedNotAudio: 1 });
    // The same audio in two places: imported once, the other reported as its duplicate.
    const dup = r.files.find((f) => f.status === 'duplicate') as Extract<FileOutcome, { status: 'duplicate' }>;
    expect([path.basename(dup.path), path.basename(dup.duplicateOf)].sort()).toEqual(['01 - Dawn Chorus.mp3', 'dawn-copy.mp3']);

    const snap = await catalogSnapshot(c);
    expect(snap.tracks).toEqual(EXPECTED_TRACKS);
    expect(snap.albums).toEqual(EXPECTED_ALBUMS);
    expect(snap.artists).toEqual(EXPECTED_ARTISTS);
    expect(snap.genres).toEqual(['Ambient', 'Electronic', 'Post-Rock', 'Synthwave']);
    expect(snap.orphanFiles).toEqual([]);
    expect(snap.missingFiles).toEqual([]);
    // Every staged copy went under its key, and the duplicate's was dropped: nothing is left to sweep.
    expect(fs.readdirSync(path.join(c.config.mediaDir, '.tmp'))).toEqual([]);
    // Credits are ordered: main artists first, then featured.
    const [overpass] = (await c.services.catalog.listTracks(SYSTEM, { q: 'Overpass', limit: 5 })).items;
    expect(overpass!.artists.map((a) => [a.name, a.role])).toEqual([['Gray Static', 'main'], ['Lumen', 'featured']]);
    firstSnapshot = snap;
  }, SLOW);

  it('a second run imports nothing, without even reading the unchanged files', async () => {
    const run = await runCli(['import', library, '--json'], db.env);
    expect(run.code).toBe(0);
    const r = report(run.stdout);
    expect(r.summary).toMatchObject({ total: 11, imported: 0, present: 11, duplicates: 0, failed: 0 });
    expect(r.files.every((f) => f.status === 'present' && f.unchanged)).toBe(true);
    expect(await catalogSnapshot(c)).toEqual(firstSnapshot);
  }, SLOW);

  it('recognises a moved and renamed file by its content', async () => {
    const from = path.join(library, 'Untagged Artist/Loose Album/05 - Found Sound.mp3');
    fs.mkdirSync(path.join(audio.dir, 'moved'));
    const to = path.join(audio.dir, 'moved/renamed.mp3');
    fs.renameSync(from, to);
    const run = await runCli(['import', path.join(audio.dir, 'moved'), '--json'], db.env);
    expect(run.code).toBe(0);
    const r = report(run.stdout);
    expect(r.summary).toMatchObject({ total: 1, imported: 0, present: 1 });
    expect(r.files[0]).toMatchObject({ status: 'present', unchanged: false });
    expect(await catalogSnapshot(c)).toEqual(firstSnapshot);
    fs.renameSync(to, from);
  }, SLOW);

  it('reports each bad file with its reason, exits 1, and still imports the rest', async () => {
    fs.cpSync(path.join(audio.dir, 'long'), path.join(audio.dir, 'bad/long'), { recursive: true });
    const run = await runCli(['import', path.join(audio.dir, 'bad'), '--json'], db.env);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('rhythmo: 4 of 5 files failed');
    const r = report(run.stdout);
    expect(r.summary).toMatchObject({ total: 5, imported: 1, failed: 4 });
    const failed = Object.fromEntries(r.files.filter((f) => f.status === 'failed').map((f) => [path.basename(f.path), (f as { reason: string }).reason]));
    expect(Object.keys(failed).sort()).toEqual(['empty.flac', 'not-audio.mp3', 'png-named.ogg', 'truncated.mp3']);
    expect(failed['empty.flac']).toMatch(/empty/i);
    expect(failed['truncated.mp3']).toMatch(/truncated|damaged|cannot be read/i);
    expect(failed['not-audio.mp3']).toMatch(/not a supported audio file/i);
    expect(failed['png-named.ogg']).toMatch(/not a supported audio file/i);
    expect(statuses(r, audio.dir)['bad/long/long-60s.mp3']).toBe('imported');

    // The human report names every failed file and its reason too; parsed on the main thread
    // this time (--threads 0), the reasons are the same.
    const human = await runCli(['import', path.join(audio.dir, 'bad'), '--no-progress', '--threads', '0'], db.env);
    expect(human.code).toBe(1);
    for (const name of ['empty.flac', 'not-audio.mp3', 'png-named.ogg', 'truncated.mp3']) expect(human.stdout).toContain(name);
    expect(human.stdout).toMatch(/5 files: imported 0, already present 1, duplicates 0, failed 4/);
  }, SLOW);

  it('refuses bad usage with exit code 2 and one line', async () => {
    for (const args of [
      ['import', path.join(audio.dir, 'no-such-dir')],
      ['import', library, '--concurrency', '0'],
      ['import', library, '--threads', '17'],
      ['import', library, '--threads', 'two'],
      ['import'],
      ['import', library, '--owner', 'nobody@example.com'],
      ['import', library, '--as', 'ghost'],
      ['import', '--manifest', path.join(audio.dir, 'missing.csv')],
    ]) {
      const run = await runCli(args, db.env);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^rhythmo: /);
    }
  }, SLOW);
});

describe('rhythmo import --dry-run, --manifest and --owner', () => {
  let db: CliDatabase;
  let audio: { dir: string; remove(): void };
  let c: Container;

  beforeAll(async () => {
    db = await cliDatabase('man');
    audio = copyFixtures();
    c = await db.open();
  });
  afterAll(async () => {
    await db.drop();
    audio.remove();
  });

  it('--dry-run prints what it would create and writes nothing', async () => {
    const run = await runCli(['import', path.join(audio.dir, 'library'), '--dry-run', '--no-progress', '--threads', '2'], db.env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Would import:');
    expect(run.stdout).toContain('Северный ветер');
    expect(run.stdout).toMatch(/Dry run: 11 files: would import 10, already present 0, duplicates 1, failed 0/);
    const json = report((await runCli(['import', path.join(audio.dir, 'library'), '--dry-run', '--json'], db.env)).stdout);
    const planned = json.files.find((f) => f.status === 'planned' && f.plan.title === 'Overpass') as Extract<FileOutcome, { status: 'planned' }>;
    expect(planned.plan).toMatchObject({ artists: ['Gray Static', 'Lumen (feat.)'], album: 'Night Drive', albumArtists: ['Various Artists'] });
    expect((await c.services.catalog.listTracks(SYSTEM, { limit: 5 })).items).toHaveLength(0);
    expect(fs.existsSync(path.join(c.config.mediaDir, 'audio'))).toBe(false);
  }, SLOW);

  it('--manifest imports the listed files, with its columns over the tags (CSV and JSON)', async () => {
    const run = await runCli(['import', '--manifest', path.join(audio.dir, 'manifest.csv'), '--json'], db.env);
    expect(run.code).toBe(0);
    expect(report(run.stdout).summary).toMatchObject({ total: 2, imported: 2 });
    let snap = await catalogSnapshot(c);
    expect(snap.tracks.map((t) => t.title)).toEqual(['Dawn Chorus', 'Last Stop']);
    // 04.wav has no album artist, genre or year in its tags: the manifest supplies them.
    expect(snap.tracks[1]).toMatchObject({ artists: ['Lumen'], album: 'Night Drive', genres: ['Electronic'], trackNumber: 4, releaseDate: '2023-01-01' });
    expect(snap.albums.find((a) => a.title === 'Night Drive')).toMatchObject({ type: 'compilation', artists: ['Various Artists'] });

    fs.writeFileSync(
      path.join(audio.dir, 'releases.json'),
      JSON.stringify([
        {
          path: 'library/Nova Lights/Aurora (2021)/02 - Polar Drift.mp3',
          title: 'Polar Drift (Manifest Edit)',
          artist: 'Nova Lights feat. Echo Harbor',
          album: 'Aurora Deluxe',
          track_number: 12,
          disc_number: 2,
          date: '2022-11-05',
          genre: ['Ambient', 'Downtempo'],
        },
      ]),
    );
    const json = await runCli(['import', '--manifest', path.join(audio.dir, 'releases.json'), '--json'], db.env);
    expect(json.code).toBe(0);
    snap = await catalogSnapshot(c);
    expect(snap.tracks.find((t) => t.title === 'Polar Drift (Manifest Edit)')).toMatchObject({
      artists: ['Nova Lights', 'Echo Harbor (feat.)'], album: 'Aurora Deluxe', trackNumber: 12, discNumber: 2, releaseDate: '2022-11-05', genres: ['Ambient', 'Downtempo'], cover: true,
    });
    expect(snap.albums.find((a) => a.title === 'Aurora Deluxe')).toMatchObject({ artists: ['Nova Lights'], year: '2022' });
  }, SLOW);

  it('a manifest row with a bad value fails that file only', async () => {
    fs.writeFileSync(path.join(audio.dir, 'bad.csv'), 'path,track_number\nlibrary/Nova Lights/Aurora (2021)/03 - Solar Wind.mp3,first\n');
    const run = await runCli(['import', '--manifest', path.join(audio.dir, 'bad.csv'), '--json'], db.env);
    expect(run.code).toBe(1);
    expect(report(run.stdout).files[0]).toMatchObject({ status: 'failed', reason: expect.stringMatching(/row 1: track_number must be a positive integer/) });
  }, SLOW);

  it('--owner makes the artist account manager of the artists the import creates', async () => {
    const created = await runCli(['users', 'create', '--email', 'kino@example.com', '--username', 'kino', '--role', 'artist', '--json'], db.env);
    expect(created.code).toBe(0);
    const run = await runCli(['import', path.join(audio.dir, 'library/Кино Тишины'), '--owner', 'kino', '--json'], db.env);
    expect(run.code).toBe(0);
    expect(report(run.stdout).summary).toMatchObject({ imported: 2, ownerAssignedArtists: 2 });
    const managed = await runCli(['artists', 'list', '--managed-by', 'kino@example.com', '--json'], db.env);
    expect((JSON.parse(managed.stdout) as { name: string }[]).map((a) => a.name)).toEqual(['Кино Тишины', 'Мира Соль']);
    // Artists that existed before (Nova Lights, from the manifest runs) are left alone.
    const again = await runCli(['import', path.join(audio.dir, 'library/Nova Lights'), '--owner', 'kino', '--json'], db.env);
    expect(report(again.stdout).summary.ownerAssignedArtists).toBe(0);
  }, SLOW);
});
