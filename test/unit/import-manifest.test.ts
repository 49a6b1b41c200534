import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readManifest } from '../../src/modules/imports/manifest.js';
import { applyOverrides } from '../../src/modules/imports/track-fields.js';
import { mediaTags } from '../../src/modules/imports/index.js';
import { walkAudioFiles } from '../../src/modules/imports/file-walker.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-manifest-'));

describe('import manifest', () => {
  it('reads CSV with paths relative to the manifest, any column spelling, and lists in cells', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'm.csv'), '\ufeffPath,Title,Artist,Album Artist,TrackNumber,Year,Genre\nsub/a.mp3,A,"X; Y feat. Z",Various Artists,3,2020,Rock;Pop\n');
    const [entry] = await readManifest(path.join(dir, 'm.csv'));
    expect(entry).toEqual({
      path: path.join(dir, 'sub/a.mp3'),
      line: 1,
      overrides: { title: 'A', artists: ['X', 'Y feat. Z'], albumArtists: ['Various Artists'], trackNumber: 3, releaseDate: '2020', genres: ['Rock', 'Pop'] },
    });
  });

  it('reads JSON arrays and marks bad rows instead of failing the whole manifest', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'm.json'), JSON.stringify([{ path: 'a.flac', genre: ['Jazz'], disc_number: 0, date: 'soon' }]));
    const [entry] = await readManifest(path.join(dir, 'm.json'));
    expect(entry!.overrides.genres).toEqual(['Jazz']);
    expect(entry!.error).toBe('manifest row 1: disc_number must be a positive integer; year/date must look like 2021 or 2021-03-01');
  });

  it('refuses a manifest without a path column or that does not parse', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'a.csv'), 'title\nX\n');
    await expect(readManifest(path.join(dir, 'a.csv'))).rejects.toThrow(/path column is missing/);
    fs.writeFileSync(path.join(dir, 'b.json'), '{nope');
    await expect(readManifest(path.join(dir, 'b.json'))).rejects.toThrow(/not valid JSON/);
    await expect(readManifest(path.join(dir, 'missing.csv'))).rejects.toThrow(/no such file/);
  });

  it('lays columns over tag values field by field', () => {
    const base = {
      title: 'Old', artistNames: [{ name: 'Lumen', role: 'main' as const }],
      album: { title: 'Night Drive', artistNames: ['Lumen'], releaseDate: null }, genres: [], trackNumber: 4, discNumber: null, releaseDate: null,
    };
    expect(applyOverrides(base, { albumArtists: ['Various Artists'], genres: ['Electronic'], releaseDate: '2023' }, mediaTags)).toEqual({
      ...base,
      genres: ['Electronic'],
      releaseDate: '2023-01-01',
      album: { title: 'Night Drive', artistNames: ['Various Artists'], type: 'compilation', releaseDate: '2023-01-01' },
    });
    // A new artist column also moves the album, unless an album artist is given.
    expect(applyOverrides(base, { artists: ['Echo Harbor'] }, mediaTags).album).toEqual({ title: 'Night Drive', artistNames: ['Echo Harbor'], releaseDate: null });
  });
});

describe('file walker', () => {
  it('follows symlinks but never loops, and yields each file once', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'a/b'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'a/b/one.mp3'), 'x');
    fs.writeFileSync(path.join(dir, 'a/cover.jpg'), 'x');
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'a/b/loop'));
    fs.symlinkSync(path.join(dir, 'a/b/one.mp3'), path.join(dir, 'a/link.mp3'));
    const skipped: string[] = [];
    const found: string[] = [];
    for await (const e of walkAudioFiles([dir], (p) => skipped.push(path.basename(p)))) if (e.kind === 'file') found.push(e.file.realPath);
    expect(found).toEqual([fs.realpathSync(path.join(dir, 'a/b/one.mp3'))]);
    expect(skipped).toEqual(['cover.jpg']);
  });

  it('walks nested folders of a local disk (listed and stat\'ed with blocking calls) in name order, with sizes and times', async () => {
    const dir = tmp();
    const files = ['B/2 - y.flac', 'A/x/1.mp3', 'A/x/2.ogg', 'A/top.mp3', 'A/y/deep/3.opus', 'root.wav'];
    for (const [i, f] of files.entries()) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'x'.repeat(i + 1));
    }
    fs.writeFileSync(path.join(dir, 'A/x/notes.txt'), 'not audio');
    const found: { path: string; size: number; mtimeMs: number }[] = [];
    for await (const e of walkAudioFiles([dir])) if (e.kind === 'file') found.push({ path: path.relative(dir, e.file.path), size: e.file.sizeBytes, mtimeMs: e.file.mtimeMs });
    expect(found.map((f) => f.path)).toEqual(['A/top.mp3', 'A/x/1.mp3', 'A/x/2.ogg', 'A/y/deep/3.opus', 'B/2 - y.flac', 'root.wav']);
    for (const f of found) {
      const st = fs.statSync(path.join(dir, f.path));
      expect([f.size, f.mtimeMs]).toEqual([files.indexOf(f.path) + 1, st.mtimeMs]);
    }
  });

  it("tells each file its folder's cover from the listing (cover.* before folder.*), null where there is none", async () => {
    const dir = tmp();
    for (const f of ['With/folder.png', 'With/Cover.JPG', 'With/1.mp3', 'Without/1.mp3', 'Without/booklet.jpg']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'x');
    }
    const covers: Record<string, string | null | undefined> = {};
    for await (const e of walkAudioFiles([dir])) if (e.kind === 'file') covers[path.relative(dir, e.file.path)] = e.file.folderCover;
    expect(covers).toEqual({ 'With/1.mp3': fs.realpathSync(path.join(dir, 'With/Cover.JPG')), 'Without/1.mp3': null });
  });
});
