import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures, countRows, storedFiles } from '../support/media.js';
import { makeArtist } from '../support/fixtures.js';
import { userActor } from '../../src/shared/actor.js';

let ctx: TestContext;
let fixtures: ReturnType<typeof copyAudioFixtures>;
let admin: TestUser;
let listener: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  fixtures = copyAudioFixtures();
  admin = await ctx.user('admin');
  listener = await ctx.user('listener');
});
afterAll(async () => {
  await ctx.close();
  fixtures.remove();
});

const lib = (rel: string) => path.join(fixtures.dir, 'library', rel);
const upload = (user: TestUser | null, file: string | null, fields: Record<string, string | string[]> = {}, filename?: string) => {
  let req = ctx.http().post('/api/tracks');
  if (user) req = req.set(bearer(user));
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) req = req.field(k, one);
  // `filepath` keeps the folders in the part's filename (form-data would cut `filename` to its base name).
  if (file) req = req.attach('file', file, filename ? ({ filepath: filename } as { filename?: string }) : undefined);
  return req;
};

const LIBRARY: [string, { title: string; artists: [string, string][]; album: string | null; mimeType: string; codec: string; durationMs: number; trackNumber: number | null; genres: string[]; cover: boolean }][] = [
  ['Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3', { title: 'Dawn Chorus', artists: [['Nova Lights', 'main']], album: 'Aurora', mimeType: 'audio/mpeg', codec: 'MPEG 1 Layer 3', durationMs: 3030, trackNumber: 1, genres: ['Synthwave'], cover: true }],
  ['Nova Lights/Aurora (2021)/02 - Polar Drift.mp3', { title: 'Polar Drift', artists: [['Nova Lights', 'main']], album: 'Aurora', mimeType: 'audio/mpeg', codec: 'MPEG 1 Layer 3', durationMs: 3030, trackNumber: 2, genres: ['Synthwave'], cover: true }],
  ['Nova Lights/Aurora (2021)/03 - Solar Wind.mp3', { title: 'Solar Wind', artists: [['Nova Lights', 'main']], album: 'Aurora', mimeType: 'audio/mpeg', codec: 'MPEG 1 Layer 3', durationMs: 3030, trackNumber: 3, genres: ['Synthwave'], cover: true }],
  ['Untagged Artist/Loose Album/05 - Found Sound.mp3', { title: 'Found Sound', artists: [['Untagged Artist', 'main']], album: 'Loose Album', mimeType: 'audio/mpeg', codec: 'MPEG 1 Layer 3', durationMs: 2038, trackNumber: 5, genres: [], cover: false }],
  ['Various Artists/Night Drive/01.ogg', { title: 'Tunnel Lights', artists: [['Echo Harbor', 'main']], album: 'Night Drive', mimeType: 'audio/ogg', codec: 'Vorbis I', durationMs: 3000, trackNumber: 1, genres: ['Electronic'], cover: false }],
  ['Various Artists/Night Drive/02.opus', { title: 'Overpass', artists: [['Gray Static', 'main'], ['Lumen', 'featured']], album: 'Night Drive', mimeType: 'audio/ogg; codecs=opus', codec: 'Opus', durationMs: 3000, trackNumber: 2, genres: ['Electronic'], cover: false }],
  ['Various Artists/Night Drive/03.m4a', { title: 'Exit 17', artists: [['Echo Harbor', 'main']], album: 'Night Drive', mimeType: 'audio/mp4', codec: 'MPEG-4/AAC', durationMs: 3023, trackNumber: 3, genres: ['Electronic'], cover: false }],
  ['Various Artists/Night Drive/04.wav', { title: 'Last Stop', artists: [['Lumen', 'main']], album: 'Night Drive', mimeType: 'audio/wav', codec: 'PCM', durationMs: 2000, trackNumber: 4, genres: [], cover: false }],
  ['Кино Тишины/Северный ветер/01 Северный ветер.flac', { title: 'Северный ветер', artists: [['Кино Тишины', 'main']], album: 'Северный ветер', mimeType: 'audio/flac', codec: 'FLAC', durationMs: 4000, trackNumber: 1, genres: ['Post-Rock'], cover: true }],
  ['Кино Тишины/Северный ветер/02 Лёд.flac', { title: 'Лёд', artists: [['Кино Тишины', 'main'], ['Мира Соль', 'main']], album: 'Северный ветер', mimeType: 'audio/flac', codec: 'FLAC', durationMs: 4000, trackNumber: 2, genres: ['Post-Rock', 'Ambient'], cover: false }],
];

describe('POST /api/tracks with the fixture library', () => {
  const ids = new Map<string, string>();

  it.each(LIBRARY)('uploads %s with its duration, format and tags', async (rel, want) => {
    // The folder travels in the part's filename, as a browser's folder upload sends it.
    const res = await upload(admin, lib(rel), {}, rel);
    expect(res.status).toBe(201);
    const t = res.body;
    ids.set(rel, t.id);
    expect(t).toMatchObject({ title: want.title, durationMs: want.durationMs, trackNumber: want.trackNumber });
    expect(t.artists.map((a: { name: string; role: string }) => [a.name, a.role])).toEqual(want.artists);
    expect(t.album?.title ?? null).toBe(want.album);
    expect(t.genres.map((g: { name: string }) => g.name).sort()).toEqual([...want.genres].sort());
    expect(t.audio).toMatchObject({ mimeType: want.mimeType, codec: want.codec, sizeBytes: fs.statSync(lib(rel)).size });
    expect(t.audio.bitrate).toBeGreaterThan(0);
    expect(t.audio.sampleRate).toBeGreaterThan(0);
    if (want.cover) expect(t.coverUrl).toMatch(/^\/api\/images\/[0-9a-f]{64}\.(png|jpg)$/);
  });

  it('keeps each album together: the compilation under Various Artists, the Cyrillic album with its date', async () => {
    const [rows] = await ctx.container.db.sequelize.query('SELECT title, release_date FROM albums ORDER BY title');
    expect((rows as { title: string }[]).map((r) => r.title)).toEqual(['Aurora', 'Loose Album', 'Night Drive', 'Северный ветер']);
    const [va] = await ctx.container.db.sequelize.query(
      "SELECT ar.name FROM albums al JOIN album_artists aa ON aa.album_id = al.id JOIN artists ar ON ar.id = aa.artist_id WHERE al.title = 'Night Drive'",
    );
    expect(va).toEqual([{ name: 'Various Artists' }]);
    const first = await ctx.http().get(`/api/tracks/${ids.get('Кино Тишины/Северный ветер/01 Северный ветер.flac')}`).set(bearer(admin));
    if (first.status === 200) expect(first.body.releaseDate).toBe('2019-03-01');
  });

  it('matches the manifest', async () => {
    const manifest = parse(fs.readFileSync(path.join(fixtures.dir, 'manifest.csv')), { columns: true }) as Record<string, string>[];
    for (const row of manifest) {
      const rel = row.path!.replace(/^library\//, '');
      const [rows] = await ctx.container.db.sequelize.query(
        `SELECT t.title, t.track_number, al.title AS album FROM tracks t LEFT JOIN albums al ON al.id = t.album_id WHERE t.id = '${ids.get(rel)}'`,
      );
      expect(rows).toEqual([{ title: row.title, track_number: Number(row.track_number), album: row.album }]);
    }
  });

  it('stores one file per track plus the covers, under content keys, and no temp files', async () => {
    const files = storedFiles(ctx);
    expect(files.filter((f) => f.startsWith('audio/'))).toHaveLength(LIBRARY.length);
    expect(files.every((f) => /^(audio|images)\/[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z0-9]+$/.test(f))).toBe(true);
    // Three Nova Lights tracks share one embedded JPEG; the FLAC has a PNG.
    expect(files.filter((f) => f.startsWith('images/'))).toHaveLength(2);
  });

  it('answers the same audio again with 409 naming the existing track, keeping nothing', async () => {
    const before = [await countRows(ctx, 'tracks'), storedFiles(ctx)] as const;
    const res = await upload(admin, lib('Duplicates/dawn-copy.mp3'));
    expect(res.status).toBe(409);
    expect(res.body.existingTrackId).toBe(ids.get('Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3'));
    expect([await countRows(ctx, 'tracks'), storedFiles(ctx)]).toEqual(before);
  });

  it.each([
    ['empty.flac', [400]],
    ['truncated.mp3', [400]],
    ['not-audio.mp3', [415]],
    ['png-named.ogg', [415]],
  ])('refuses bad/%s leaving neither a row nor a file', async (name, statuses) => {
    const before = [await countRows(ctx, 'tracks'), storedFiles(ctx)] as const;
    const res = await upload(admin, path.join(fixtures.dir, 'bad', name), { title: 'Bad' });
    expect(statuses).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect([await countRows(ctx, 'tracks'), storedFiles(ctx)]).toEqual(before);
  });
});

describe('POST /api/tracks fields, roles and limits', () => {
  const long = () => path.join(fixtures.dir, 'long/long-60s.mp3');

  beforeEach(async () => {
    const [rows] = await ctx.container.db.sequelize.query('SELECT id FROM tracks');
    for (const { id } of rows as { id: string }[]) await ctx.container.services.catalog.deleteTrack(userActor(admin.id, 'admin'), id).catch(() => undefined);
  });

  it('lets the metadata fields win over the tags', async () => {
    const artist = await makeArtist({ name: 'Override Artist' });
    const res = await upload(admin, long(), { title: 'Chosen Title', artistIds: artist.id, genres: 'Ambient,Drone', trackNumber: '7', discNumber: '2', releaseDate: '2020-02-29' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'Chosen Title', trackNumber: 7, discNumber: 2, releaseDate: '2020-02-29', durationMs: 60029 });
    expect(res.body.artists).toEqual([{ id: artist.id, name: 'Override Artist', role: 'main' }]);
    expect(res.body.genres.map((g: { name: string }) => g.name)).toEqual(['Ambient', 'Drone']);
  });

  it.each([
    [{ trackNumber: 'seven' }, 'body.trackNumber'],
    [{ discNumber: '0' }, 'body.discNumber'],
    [{ releaseDate: '2021-02-30' }, 'body.releaseDate'],
    [{ artistIds: 'not-a-uuid' }, 'body.artistIds'],
    [{ albumId: 'nope' }, 'body.albumId'],
    [{ title: ['a', 'b'] }, 'body.title'],
    [{ mood: 'happy' }, 'body.mood'],
  ])('refuses fields %j with 400 and writes nothing', async (fields, errPath) => {
    const before = [await countRows(ctx, 'tracks'), storedFiles(ctx)] as const;
    const res = await upload(admin, long(), fields as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(errPath);
    expect([await countRows(ctx, 'tracks'), storedFiles(ctx)]).toEqual(before);
  });

  it('needs the file part', async () => {
    const res = await upload(admin, null, { title: 'No file' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'body.file', message: 'is required' }]);
    const json = await ctx.http().post('/api/tracks').set(bearer(admin)).send({ title: 'json' });
    expect([400, 415]).toContain(json.status);
  });

  it('is for artists and admins: 401 without a token, 403 for a listener, nothing kept', async () => {
    const before = [await countRows(ctx, 'tracks'), storedFiles(ctx)] as const;
    // The answer comes before the body is read, and supertest then closes its server: the tiny
    // body goes in one write with the headers, so the client is never cut off mid-upload (EPIPE).
    const small = path.join(fixtures.dir, 'bad/not-audio.mp3');
    const boundary = 'rhythmo-test-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="not-audio.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n`),
      fs.readFileSync(small),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const send = (user: TestUser | null) => {
      const req = ctx.http().post('/api/tracks').set('Content-Type', `multipart/form-data; boundary=${boundary}`);
      return (user ? req.set(bearer(user)) : req).send(body);
    };
    expect((await send(null)).status).toBe(401);
    const res = await send(listener);
    expect(res.status).toBe(403);
    expect([await countRows(ctx, 'tracks'), storedFiles(ctx)]).toEqual(before);
  });

  it('lets an artist upload for the artists they manage, and not for others (404)', async () => {
    const artistUser = await ctx.user('artist');
    const mine = await makeArtist({ name: 'My Project', managerId: artistUser.id });
    const other = await makeArtist({ name: 'Somebody Else' });
    const ok = await upload(artistUser, long(), { artistIds: mine.id });
    expect(ok.status).toBe(201);
    expect(ok.body.artists[0].id).toBe(mine.id);
    await ctx.container.services.catalog.deleteTrack(userActor(admin.id, 'admin'), ok.body.id).catch(() => undefined);

    const before = [await countRows(ctx, 'tracks'), storedFiles(ctx)] as const;
    const res = await upload(artistUser, long(), { artistIds: other.id });
    expect(res.status).toBe(404);
    expect([await countRows(ctx, 'tracks'), storedFiles(ctx)]).toEqual(before);
  });
});

/** Declares a 3 MB multipart body but sends only its start, and reports the status the server answers with. */
function declareHugeUpload(c: TestContext, user: TestUser): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = c.app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      const req = http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/tracks',
        headers: { ...bearer(user), 'content-type': 'multipart/form-data; boundary=xyz', 'content-length': String(3 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        res.resume();
        req.destroy();
        server.close();
        resolve(res.statusCode!);
      });
      req.on('error', (err) => {
        server.close();
        reject(err);
      });
      req.write('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.mp3"\r\n\r\n');
    });
  });
}

describe('upload size limit', () => {
  let small: TestContext;
  let big: string;
  beforeAll(async () => {
    small = await createTestContext({ MAX_UPLOAD_MB: '1' });
    big = path.join(fixtures.dir, 'big.mp3');
    const mp3 = fs.readFileSync(path.join(fixtures.dir, 'long/long-60s.mp3'));
    fs.writeFileSync(big, Buffer.concat([mp3, mp3]));
  });
  afterAll(() => small.close());

  it('answers 413 past MAX_UPLOAD_MB and removes the partial temp file', async () => {
    const a = await small.user('admin');
    const res = await small.http().post('/api/tracks').set(bearer(a)).attach('file', big);
    expect(res.status).toBe(413);
    expect(await countRows(small, 'tracks')).toBe(0);
    expect(storedFiles(small)).toEqual([]);
    // Well past the limit, the declared length alone is enough to refuse before reading.
    const early = await declareHugeUpload(small, a);
    expect(early).toBe(413);
    expect(storedFiles(small)).toEqual([]);
    // Under the limit still works.
    expect((await small.http().post('/api/tracks').set(bearer(a)).attach('file', path.join(fixtures.dir, 'long/long-60s.mp3'))).status).toBe(201);
  });
});
