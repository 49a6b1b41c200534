import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';
import { itWithFfmpeg, retag } from '../support/retag.js';
import { userActor } from '../../src/shared/actor.js';
import { NotFoundError } from '../../src/shared/errors.js';

const LIB = path.join(AUDIO_FIXTURES, 'library');
const SOURCES = {
  mp3: path.join(LIB, 'Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3'),
  flac: path.join(LIB, 'Кино Тишины/Северный ветер/01 Северный ветер.flac'),
  ogg: path.join(LIB, 'Various Artists/Night Drive/01.ogg'),
};
const GAIN_TAGS = { REPLAYGAIN_TRACK_GAIN: '-6.50 dB', REPLAYGAIN_TRACK_PEAK: '0.988', REPLAYGAIN_ALBUM_GAIN: '-7.10 dB', REPLAYGAIN_ALBUM_PEAK: '0.999' };
const GAIN = { trackGain: -6.5, trackPeak: 0.988, albumGain: -7.1, albumPeak: 0.999 };
const PLAIN = 'First verse\nSecond verse';
const LRC = '[00:01.00]First line\n[00:02.50]Second line\n[01:03.125]Third line';
const SYNCED = [
  { startMs: 1000, text: 'First line' },
  { startMs: 2500, text: 'Second line' },
  { startMs: 63125, text: 'Third line' },
];

let ctx: TestContext;
let admin: TestUser;
let dir: string;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.user('admin');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-lyrics-'));
});
afterAll(async () => {
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const actor = () => userActor(admin.id, 'admin');
const catalog = () => ctx.container.services.catalog;

/** Three files of each format: plain lyrics with ReplayGain, LRC lyrics, and no extra tags. */
function makeFiles(root: string, artist: string) {
  const made: { file: string; ext: string; kind: 'plain' | 'lrc' | 'none' }[] = [];
  for (const [ext, src] of Object.entries(SOURCES)) {
    const base = { artist, album: `${artist} ${ext}` };
    made.push({ ext, kind: 'plain', file: retag(src, path.join(root, `${ext}-plain.${ext}`), { ...base, title: `${ext} plain`, lyrics: PLAIN, ...GAIN_TAGS }) });
    made.push({ ext, kind: 'lrc', file: retag(src, path.join(root, `${ext}-lrc.${ext}`), { ...base, title: `${ext} lrc`, lyrics: LRC }) });
    made.push({ ext, kind: 'none', file: retag(src, path.join(root, `${ext}-none.${ext}`), { ...base, title: `${ext} none` }) });
  }
  return made;
}

async function expectStored(trackId: string, kind: 'plain' | 'lrc' | 'none') {
  const lyrics = await catalog().getTrackLyrics(actor(), trackId);
  const gains = await catalog().getReplayGains(actor(), [trackId]);
  if (kind === 'plain') {
    expect(lyrics).toEqual({ text: PLAIN, synced: null });
    expect(gains.get(trackId)).toEqual(GAIN);
  } else if (kind === 'lrc') {
    expect(lyrics).toEqual({ text: 'First line\nSecond line\nThird line', synced: SYNCED });
    expect(gains.has(trackId)).toBe(false);
  } else {
    expect(lyrics).toBeNull();
    expect(gains.has(trackId)).toBe(false);
  }
}

describe('lyrics and ReplayGain from tags', () => {
  itWithFfmpeg('an import stores them for MP3, FLAC and Ogg files', async () => {
    const root = path.join(dir, 'import');
    const files = makeFiles(root, 'Import Tags');
    // One file at a time: under jest's VM modules, music-metadata's first concurrent loads of its
    // Ogg parser fail to link (ERR_VM_MODULE_LINK_FAILURE), which a real process never sees.
    const report = await ctx.container.services.imports.run(actor(), { paths: [root], concurrency: 1 });
    expect(report.files.filter((o) => o.status !== 'imported')).toEqual([]);
    expect(report.summary).toMatchObject({ imported: files.length, failed: 0 });
    for (const f of files) {
      const outcome = report.files.find((o) => path.basename(o.path) === path.basename(f.file));
      expect(outcome).toMatchObject({ status: 'imported' });
      await expectStored((outcome as { trackId: string }).trackId, f.kind);
    }
  }, 120_000);

  itWithFfmpeg('an upload stores them for MP3, FLAC and Ogg files', async () => {
    for (const f of makeFiles(path.join(dir, 'upload'), 'Upload Tags')) {
      const res = await ctx.http().post('/api/tracks').set(bearer(admin)).attach('file', f.file);
      expect(res.status).toBe(201);
      await expectStored(res.body.id as string, f.kind);
    }
  }, 120_000);

  it('an unknown track has no lyrics to give: not found', async () => {
    await expect(catalog().getTrackLyrics(actor(), '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });
});
