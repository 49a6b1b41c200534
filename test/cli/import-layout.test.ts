import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Container } from '../../src/container.js';
import { catalogSnapshot, cliDatabase, runCli, type CliDatabase } from '../support/cli.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';
import { itWithFfmpeg, retag } from '../support/retag.js';

const SLOW = 240_000;
const NIGHT = path.join(AUDIO_FIXTURES, 'library/Various Artists/Night Drive');
const DAWN = path.join(AUDIO_FIXTURES, 'library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3');
const COVER = path.join(AUDIO_FIXTURES, 'library/Кино Тишины/Северный ветер/cover.png');

describe('rhythmo import: library layouts', () => {
  let db: CliDatabase;
  let c: Container;
  let dir: string;

  beforeAll(async () => {
    db = await cliDatabase('layout');
    c = await db.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-layout-'));
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  itWithFfmpeg("a lone track without an album tag becomes a single; the import root's name is never an artist or album", async () => {
    const library = path.join(dir, 'library');
    retag(path.join(NIGHT, '03.m4a'), path.join(library, 'Lone Single/track.m4a'), { title: 'Lone Song' });
    retag(path.join(NIGHT, '01.ogg'), path.join(library, 'Solo Act - Loose Song.ogg'), {});

    const run = await runCli(['import', library, '--json'], db.env);
    expect(run.code).toBe(0);
    const snap = await catalogSnapshot(c);
    expect(snap.artists).not.toContain('library');
    expect(snap.albums.map((a) => a.title)).not.toContain('library');
    expect(snap.tracks.find((t) => t.title === 'Lone Song')).toMatchObject({ artists: ['Unknown Artist'], album: 'Lone Song' });
    expect(snap.tracks.find((t) => t.title === 'Loose Song')).toMatchObject({ artists: ['Solo Act'], album: 'Loose Song' });
    expect(snap.albums).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ title: 'Lone Song', type: 'single', artists: ['Unknown Artist'] }),
        expect.objectContaining({ title: 'Loose Song', type: 'single', artists: ['Solo Act'] }),
      ]),
    );
  }, SLOW);

  itWithFfmpeg('an album folder with disc folders: its cover above them, disc numbers from the folders when tags lack them', async () => {
    const root = path.join(dir, 'incoming');
    const album = path.join(root, 'Box Artist/Box Set');
    fs.mkdirSync(album, { recursive: true });
    fs.copyFileSync(COVER, path.join(album, 'cover.png'));
    retag(DAWN, path.join(album, 'CD1/01 - First.mp3'), { artist: 'Box Artist', comment: 'first' });
    retag(DAWN, path.join(album, 'CD1/02 - Second.mp3'), { artist: 'Box Artist', comment: 'second' });
    retag(DAWN, path.join(album, 'Disc 2/01 - Third.mp3'), { artist: 'Box Artist', comment: 'third' });
    // A tagged disc number wins over the folder's.
    retag(DAWN, path.join(album, 'CD2/02 - Fourth.mp3'), { artist: 'Box Artist', disc: '3' });

    const run = await runCli(['import', root, '--json'], db.env);
    expect(run.code).toBe(0);
    const snap = await catalogSnapshot(c);
    expect(snap.albums.filter((a) => a.title === 'Box Set')).toEqual([{ title: 'Box Set', type: 'album', artists: ['Box Artist'], year: null, cover: true }]);
    const box = snap.tracks.filter((t) => t.album === 'Box Set').map((t) => [t.title, t.discNumber, t.trackNumber, t.cover]);
    expect(box.sort()).toEqual([
      ['First', 1, 1, true],
      ['Fourth', 3, 2, true],
      ['Second', 1, 2, true],
      ['Third', 2, 1, true],
    ]);
    expect(snap.artists).not.toContain('incoming');
    expect(snap.albums.map((a) => a.title)).not.toEqual(expect.arrayContaining(['CD1', 'CD2', 'Disc 2']));
  }, SLOW);
});
