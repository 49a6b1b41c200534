import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { InvalidError, UnsupportedMediaError } from '../../src/shared/errors.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { LocalDiskStorage, MediaService, contentKey, probeAudio, stageBytes, type CatalogPort } from '../../src/modules/media/index.js';
import type { NewTrackInput } from '../../src/modules/media/media.types.js';
import type { TrackDto } from '../../src/modules/catalog/index.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';

const FIXTURES = AUDIO_FIXTURES;
let work: string;
let fixtures: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-storage-'));
  // Never write next to the shared fixtures: tests work on a copy.
  fixtures = path.join(work, 'fixtures');
  fs.cpSync(FIXTURES, fixtures, { recursive: true });
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)) : [];

describe('LocalDiskStorage', () => {
  let storage: LocalDiskStorage;
  beforeEach(() => {
    storage = new LocalDiskStorage(fs.mkdtempSync(path.join(work, 'media-')));
  });

  it('tells the stager once the bytes are written, before the fsync it then waits for', async () => {
    const bytes = Buffer.from('written before synced');
    let written: string[] | undefined;
    const staging = stageBytes(storage.stagingDir, bytes, () => (written = filesUnder(storage.tempDir).map((f) => fs.readFileSync(f, 'utf8'))));
    // Told at once, while the fsync has yet to come back through the pool.
    expect(written).toEqual([bytes.toString()]);
    const temp = await staging;
    expect(fs.readFileSync(temp)).toEqual(bytes);
  });

  it('stages bytes out of sight and commits a batch of them under their keys, each on its own', async () => {
    const one = Buffer.from('staged one');
    const two = Buffer.from('staged two');
    const keyOne = contentKey('audio', sha(one), 'mp3');
    const keyTwo = contentKey('audio', sha(two), 'mp3');
    const tempOne = await stageBytes(storage.stagingDir, one);
    const tempTwo = await stageBytes(storage.stagingDir, two);
    const tempAgain = await stageBytes(storage.stagingDir, one);
    expect(path.dirname(tempOne)).toBe(storage.tempDir);
    expect(fs.readFileSync(tempOne)).toEqual(one);
    expect(await storage.stat(keyOne)).toBeNull();

    const missing = path.join(storage.tempDir, 'gone.part');
    const results = await storage.commitTemps([
      { tempPath: tempOne, key: keyOne },
      { tempPath: missing, key: contentKey('audio', sha('never'), 'mp3') },
      { tempPath: tempTwo, key: keyTwo },
    ]);
    expect(results[0]).toBe(true);
    expect((results[1] as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(results[2]).toBe(true);
    expect(fs.readFileSync(storage.pathOf(keyOne))).toEqual(one);
    expect(fs.readFileSync(storage.pathOf(keyTwo))).toEqual(two);

    // The same content staged again: the key already holds it, so nothing is new and the temp file goes.
    expect(await storage.commitTemps([{ tempPath: tempAgain, key: keyOne }])).toEqual([false]);
    expect(filesUnder(storage.tempDir)).toEqual([]);
    expect(await storage.commitTemps([{ tempPath: path.join(work, 'elsewhere.part'), key: keyOne }])).toEqual([expect.any(Error)]);
  });

  it('writes through a temp file and renames it to the content key', async () => {
    const data = Buffer.from('hello audio');
    const temp = await storage.writeTemp();
    expect(path.dirname(temp.path)).toBe(storage.tempDir);
    fs.writeFileSync(temp.path, data);
    const key = contentKey('audio', sha(data), 'mp3');
    await storage.commitTemp(temp.path, key);
    expect(fs.existsSync(temp.path)).toBe(false);
    expect(fs.readFileSync(path.join(storage.root, key))).toEqual(data);
    expect(key).toMatch(/^audio\/[0-9a-f]{2}\/[0-9a-f]{64}\.mp3$/);
    expect(await storage.stat(key)).toMatchObject({ sizeBytes: data.length });
  });

  it('puts bytes under a key in one call, making folders as needed, and syncs folders once for many keys', async () => {
    const files = ['one', 'two', 'three'].map((t) => Buffer.from(`audio ${t}`));
    const keys = files.map((data) => contentKey('audio', sha(data), 'mp3'));
    for (const [i, data] of files.entries()) await storage.putBytes(keys[i]!, data, { syncDir: false });
    await storage.syncDirs(keys);
    for (const [i, data] of files.entries()) {
      expect(fs.readFileSync(path.join(storage.root, keys[i]!))).toEqual(data);
      expect(fs.statSync(path.join(storage.root, keys[i]!)).mode & 0o777).toBe(0o644 & ~process.umask());
    }
    // Nothing is left in the temp area; a key outside the content-key shape is refused.
    expect(filesUnder(storage.tempDir)).toEqual([]);
    await expect(storage.putBytes('../escape.mp3', files[0]!)).rejects.toThrow(/content key/);
  });

  it('reads exact byte ranges', async () => {
    const data = Buffer.from('0123456789abcdef');
    const temp = await storage.writeTemp();
    fs.writeFileSync(temp.path, data);
    const key = contentKey('images', sha(data), 'png');
    await storage.commitTemp(temp.path, key);
    const read = async (range?: { start: number; end: number }) => {
      const chunks: Buffer[] = [];
      for await (const c of storage.open(key, range)) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString();
    };
    expect(await read()).toBe('0123456789abcdef');
    expect(await read({ start: 3, end: 6 })).toBe('3456');
    expect(await read({ start: 15, end: 15 })).toBe('f');
  });

  it('refuses keys that are not content keys, so nothing can escape the root', async () => {
    for (const key of ['../../etc/passwd', 'audio/ab/../../x.mp3', `audio/zz/${'a'.repeat(64)}.mp3`, 'audio/ab/Nova Lights.mp3']) {
      expect(() => storage.open(key)).toThrow(/content key/);
      await expect(storage.stat(key)).rejects.toThrow(/content key/);
    }
    const outside = path.join(work, 'outside.part');
    fs.writeFileSync(outside, 'x');
    await expect(storage.commitTemp(outside, contentKey('audio', sha('x'), 'mp3'))).rejects.toThrow(/writeTemp/);
  });

  it('deletes keys and tolerates missing ones', async () => {
    const temp = await storage.writeTemp();
    fs.writeFileSync(temp.path, 'bye');
    const key = contentKey('audio', sha('bye'), 'ogg');
    await storage.commitTemp(temp.path, key);
    await storage.delete([key, contentKey('audio', sha('never'), 'ogg')]);
    expect(await storage.stat(key)).toBeNull();
  });

  it('sweeps temp files left by a crash but not ones still being written', async () => {
    const old = await storage.writeTemp();
    const fresh = await storage.writeTemp();
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(old.path, hourAgo, hourAgo);
    expect(await storage.sweepTemp()).toBe(1);
    expect(fs.existsSync(old.path)).toBe(false);
    expect(fs.existsSync(fresh.path)).toBe(true);
    expect(await new LocalDiskStorage(path.join(work, 'never-created')).sweepTemp()).toBe(0);
  });
});

describe('probeAudio on the fixture library', () => {
  it.each([
    ['Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3', 'audio/mpeg', 'MPEG 1 Layer 3', 3030, 44100, 1],
    ['Untagged Artist/Loose Album/05 - Found Sound.mp3', 'audio/mpeg', 'MPEG 1 Layer 3', 2038, 44100, 1],
    ['Various Artists/Night Drive/01.ogg', 'audio/ogg', 'Vorbis I', 3000, 44100, 1],
    ['Various Artists/Night Drive/02.opus', 'audio/ogg; codecs=opus', 'Opus', 3000, 48000, 1],
    ['Various Artists/Night Drive/03.m4a', 'audio/mp4', 'MPEG-4/AAC', 3023, 44100, 2],
    ['Various Artists/Night Drive/04.wav', 'audio/wav', 'PCM', 2000, 44100, 1],
    ['Кино Тишины/Северный ветер/01 Северный ветер.flac', 'audio/flac', 'FLAC', 4000, 44100, 1],
  ])('%s', async (rel, mimeType, codec, durationMs, sampleRate, channels) => {
    const file = path.join(fixtures, 'library', rel);
    const probed = await probeAudio(file);
    expect(probed.audio).toMatchObject({ mimeType, codec, durationMs, sampleRate, channels, sizeBytes: fs.statSync(file).size, sha256: sha(fs.readFileSync(file)) });
    expect(probed.audio.bitrate).toBeGreaterThan(0);
  });

  it('finds embedded pictures', async () => {
    expect((await probeAudio(path.join(fixtures, 'library/Nova Lights/Aurora (2021)/02 - Polar Drift.mp3'))).picture?.mime).toBe('image/jpeg');
    expect((await probeAudio(path.join(fixtures, 'library/Кино Тишины/Северный ветер/01 Северный ветер.flac'))).picture?.mime).toBe('image/png');
  });

  it.each([
    ['empty.flac', InvalidError],
    ['truncated.mp3', InvalidError],
    ['not-audio.mp3', UnsupportedMediaError],
    ['png-named.ogg', UnsupportedMediaError],
  ])('refuses bad/%s', async (name, errorClass) => {
    await expect(probeAudio(path.join(fixtures, 'bad', name))).rejects.toBeInstanceOf(errorClass);
  });

  it.each([
    ['Кино Тишины/Северный ветер/01 Северный ветер.flac', 'misnamed.mp3', 'audio/flac', 'FLAC', 'Северный ветер'],
    ['Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3', 'misnamed.flac', 'audio/mpeg', 'MPEG 1 Layer 3', 'Dawn Chorus'],
  ])('reads %s renamed to %s as what its bytes are, from the path and from the bytes', async (rel, name, mimeType, codec, title) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-misnamed-'));
    try {
      const file = path.join(dir, name);
      fs.copyFileSync(path.join(fixtures, 'library', rel), file);
      for (const probed of [await probeAudio(file), await probeAudio(file, { data: fs.readFileSync(file) })]) {
        expect(probed.audio).toMatchObject({ mimeType, codec });
        expect(probed.tags.title).toBe(title);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a cover image posing as audio', async () => {
    await expect(probeAudio(path.join(fixtures, 'library/Кино Тишины/Северный ветер/cover.png'))).rejects.toBeInstanceOf(UnsupportedMediaError);
  });
});

/** A catalog that remembers what it was asked, for testing ingest without a database. */
function fakeCatalog(opts: { fail?: Error } = {}) {
  const bySha = new Map<string, string>();
  const created: NewTrackInput[] = [];
  const port: CatalogPort = {
    async createTrack(_actor, input) {
      if (opts.fail) throw opts.fail;
      created.push(input);
      const id = `t${created.length}`;
      bySha.set(input.audio.sha256, id);
      return { id } as TrackDto;
    },
    findTrackIdBySha256: async (s) => bySha.get(s) ?? null,
    getTrackAudio: async () => {
      throw new Error('unused');
    },
    setImage: async () => null,
    getImageKey: async () => null,
    getArtistSummaries: async () => [],
  };
  return { port, created };
}

function mediaWith(catalog: CatalogPort) {
  const storage = new LocalDiskStorage(fs.mkdtempSync(path.join(work, 'media-')));
  const media = new MediaService({
    storage,
    catalog,
    actorFor: async (id) => userActor(id, 'listener'),
    clock: { now: () => new Date() },
    logger: pino({ level: 'silent' }),
    streamSecret: 'x'.repeat(40),
    streamUrlTtlSeconds: 60,
    maxImageBytes: 1024 * 1024,
  });
  return { media, storage };
}

describe('MediaService.ingestFile', () => {
  it('stores the file under its content key, keeps the source and hands tags, audio and cover to the catalog', async () => {
    const { port, created } = fakeCatalog();
    const { media, storage } = mediaWith(port);
    const rel = 'Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3';
    const file = path.join(fixtures, 'library', rel);
    const result = await media.ingestFile(SYSTEM, file, {}, { relativePath: rel });
    expect(result).toEqual({ status: 'imported', track: { id: 't1' } });
    const input = created[0]!;
    const digest = sha(fs.readFileSync(file));
    expect(input.audio).toEqual({
      key: `audio/${digest.slice(0, 2)}/${digest}.mp3`,
      mimeType: 'audio/mpeg',
      codec: 'MPEG 1 Layer 3',
      bitrate: 64000,
      sampleRate: 44100,
      channels: 1,
      sizeBytes: fs.statSync(file).size,
      sha256: digest,
      durationMs: 3030,
    });
    expect(input).toMatchObject({ title: 'Dawn Chorus', artistNames: [{ name: 'Nova Lights', role: 'main' }], album: { title: 'Aurora' }, trackNumber: 1 });
    expect(input.coverKey).toMatch(/^images\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/);
    expect(fs.readFileSync(path.join(storage.root, input.audio.key))).toEqual(fs.readFileSync(file));
    expect(fs.existsSync(path.join(storage.root, input.coverKey!))).toBe(true);
    expect(fs.existsSync(file)).toBe(true);
    expect(filesUnder(storage.tempDir)).toEqual([]);
  });

  it('lets overrides win over tags and uses a cover file when given', async () => {
    const { port, created } = fakeCatalog();
    const { media } = mediaWith(port);
    const dir = path.join(fixtures, 'library/Кино Тишины/Северный ветер');
    await media.ingestFile(SYSTEM, path.join(dir, '02 Лёд.flac'), { title: 'Other', genres: ['Drone'], coverPath: path.join(dir, 'cover.png') });
    expect(created[0]).toMatchObject({ title: 'Other', genres: ['Drone'], album: { title: 'Северный ветер' } });
    expect(created[0]!.coverKey).toBe(`images/${sha(fs.readFileSync(path.join(dir, 'cover.png'))).slice(0, 2)}/${sha(fs.readFileSync(path.join(dir, 'cover.png')))}.png`);
  });

  it('reports the same content twice as a duplicate without storing anything more', async () => {
    const { port, created } = fakeCatalog();
    const { media, storage } = mediaWith(port);
    const first = await media.ingestFile(SYSTEM, path.join(fixtures, 'library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3'));
    const before = filesUnder(storage.root).length;
    const again = await media.ingestFile(SYSTEM, path.join(fixtures, 'library/Duplicates/dawn-copy.mp3'));
    expect(first.status).toBe('imported');
    expect(again).toEqual({ status: 'duplicate', existingTrackId: 't1' });
    expect(created).toHaveLength(1);
    expect(filesUnder(storage.root)).toHaveLength(before);
  });

  it('removes what it stored when the catalog refuses the track', async () => {
    const { port } = fakeCatalog({ fail: new InvalidError('nope') });
    const { media, storage } = mediaWith(port);
    await expect(media.ingestFile(SYSTEM, path.join(fixtures, 'library/Nova Lights/Aurora (2021)/03 - Solar Wind.mp3'))).rejects.toThrow('nope');
    expect(filesUnder(storage.root)).toEqual([]);
  });

  it('refuses the bad files leaving nothing behind, and moves (not copies) a temp file it was given', async () => {
    const { port, created } = fakeCatalog();
    const { media, storage } = mediaWith(port);
    for (const name of ['empty.flac', 'truncated.mp3', 'not-audio.mp3', 'png-named.ogg']) {
      const temp = await storage.writeTemp();
      fs.copyFileSync(path.join(fixtures, 'bad', name), temp.path);
      await expect(media.ingestFile(SYSTEM, temp.path, {}, { keepSource: false })).rejects.toThrow();
      expect(fs.existsSync(temp.path)).toBe(false);
    }
    expect(created).toEqual([]);
    expect(filesUnder(storage.root)).toEqual([]);
    const temp = await storage.writeTemp();
    fs.copyFileSync(path.join(fixtures, 'library/Various Artists/Night Drive/04.wav'), temp.path);
    expect((await media.ingestFile(SYSTEM, temp.path, {}, { keepSource: false })).status).toBe('imported');
    expect(fs.existsSync(temp.path)).toBe(false);
    expect(filesUnder(storage.tempDir)).toEqual([]);
  });

  it('lets only artists and admins add audio', async () => {
    const { port } = fakeCatalog();
    const { media } = mediaWith(port);
    await expect(media.ingestFile(userActor('u1', 'listener'), path.join(fixtures, 'long/long-60s.mp3'))).rejects.toThrow(/role/);
  });
});
