import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures, countRows, storedFiles } from '../support/media.js';
import { makeArtist } from '../support/fixtures.js';
import { itWithFfmpeg, longTitle, retag } from '../support/retag.js';

/**
 * Uploads of real libraries: compilations and featured artists credit artists the uploader does
 * not manage, and tags may be far longer than a form field.
 */
let ctx: TestContext;
let fixtures: ReturnType<typeof copyAudioFixtures>;
let admin: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  fixtures = copyAudioFixtures();
  admin = await ctx.user('admin');
});
afterAll(async () => {
  await ctx.close();
  fixtures.remove();
});

const nightDrive = (file: string) => path.join(fixtures.dir, 'library/Various Artists/Night Drive', file);
const upload = (user: TestUser, file: string, fields: Record<string, string> = {}, filename?: string) => {
  let req = ctx.http().post('/api/tracks').set(bearer(user));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  return req.attach('file', file, filename ? ({ filepath: filename } as { filename?: string }) : undefined);
};
const managersOf = async (name: string) => {
  const [rows] = await ctx.container.db.sequelize.query(
    'SELECT m.user_id AS "userId" FROM artist_managers m JOIN artists a ON a.id = m.artist_id WHERE a.name = ? ORDER BY m.user_id',
    { replacements: [name] },
  );
  return (rows as { userId: string }[]).map((r) => r.userId);
};
const snapshot = async () => [await countRows(ctx, 'tracks'), await countRows(ctx, 'artists'), await countRows(ctx, 'albums'), storedFiles(ctx)] as const;

describe('POST /api/tracks: credits are not management', () => {
  let echo: TestUser;
  let lumen: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    echo = await ctx.user('artist');
    lumen = await ctx.user('artist');
    stranger = await ctx.user('artist');
    await makeArtist({ name: 'Echo Harbor', managerId: echo.id });
    await makeArtist({ name: 'Gray Static', managerId: echo.id });
    await makeArtist({ name: 'Lumen', managerId: lumen.id });
  });

  it('an artist managing one track artist uploads a track of a "Various Artists" compilation', async () => {
    const res = await upload(echo, nightDrive('01.ogg'), {}, 'Various Artists/Night Drive/01.ogg');
    expect(res.status).toBe(201);
    expect(res.body.artists.map((a: { name: string }) => a.name)).toEqual(['Echo Harbor']);
    const album = await ctx.http().get(`/api/albums/${res.body.album.id}`).set(bearer(echo));
    expect(album.body).toMatchObject({ title: 'Night Drive', type: 'compilation' });
    expect(album.body.artists.map((a: { name: string }) => a.name)).toEqual(['Various Artists']);
    // Shared: nobody but admins manages it, so the uploader cannot rename the compilation.
    expect(await managersOf('Various Artists')).toEqual([]);
    const patch = await ctx.http().patch(`/api/albums/${res.body.album.id}`).set(bearer(echo)).send({ title: 'Mine Now' });
    expect(patch.status).toBe(404);
  });

  it('a track featuring an existing artist someone else manages credits that artist and leaves its managers alone', async () => {
    const res = await upload(echo, nightDrive('02.opus'), {}, 'Various Artists/Night Drive/02.opus');
    expect(res.status).toBe(201);
    expect(res.body.artists.map((a: { name: string; role: string }) => [a.name, a.role])).toEqual([['Gray Static', 'main'], ['Lumen', 'featured']]);
    expect(await managersOf('Lumen')).toEqual([lumen.id]);
    // The same compilation album as the first upload, not a second one.
    expect(await countRows(ctx, 'albums')).toBe(1);
  });

  it('another artist adds its own track to the same compilation', async () => {
    const res = await upload(lumen, nightDrive('04.wav'), {}, 'Various Artists/Night Drive/04.wav');
    expect(res.status).toBe(201);
    expect(res.body.album.title).toBe('Night Drive');
    expect(await countRows(ctx, 'albums')).toBe(1);
    expect(await managersOf('Various Artists')).toEqual([]);
  });

  it('refuses, naming the field and the reason, a track none of whose main artists the uploader manages; nothing is written', async () => {
    const before = await snapshot();
    const res = await upload(stranger, nightDrive('03.m4a'), {}, 'Various Artists/Night Drive/03.m4a');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ path: 'artists', message: expect.stringContaining('Echo Harbor') }]);
    expect(res.body.detail).toContain('artists');
    expect(await snapshot()).toEqual(before);
  });

  itWithFfmpeg('refuses an album credited to an artist the uploader does not manage (other than Various Artists)', async () => {
    const file = retag(nightDrive('01.ogg'), path.join(fixtures.dir, 'credits/their-album.ogg'), { title: 'Borrowed', artist: 'Echo Harbor', album: 'Lumen Live', album_artist: 'Lumen' });
    const before = await snapshot();
    const res = await upload(echo, file);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'album.artistNames', message: expect.stringContaining('Lumen') }]);
    expect(await snapshot()).toEqual(before);
  });

  it('an admin may upload anything and "Various Artists" stays unmanaged', async () => {
    const res = await upload(admin, nightDrive('03.m4a'), {}, 'Various Artists/Night Drive/03.m4a');
    expect(res.status).toBe(201);
    expect(await managersOf('Various Artists')).toEqual([]);
  });

  it('a listener still may not upload', async () => {
    const listener = await ctx.user('listener');
    // The bytes from memory, so the whole body is written before the early answer closes the
    // connection (a file path is read in chunks, and a write after that is an EPIPE).
    const res = await ctx.http().post('/api/tracks').set(bearer(listener)).attach('file', fs.readFileSync(nightDrive('01.ogg')), '01.ogg');
    expect(res.status).toBe(403);
  });
});

describe('POST /api/tracks: long tag values', () => {
  const dawn = () => path.join(fixtures.dir, 'library/Nova Lights/Aurora (2021)/01 - Dawn Chorus.mp3');
  const tagged = (name: string, tags: Record<string, string>) => retag(dawn(), path.join(fixtures.dir, 'long-tags', name), { artist: 'Long Tags Ensemble', ...tags });

  itWithFfmpeg('a 600-character title, artist and album from the tags upload intact', async () => {
    const title = longTitle(600);
    const artist = longTitle(600, 'Orchestra of the Age of Enlightenment and Choir ');
    const album = longTitle(600, 'Complete Symphonies, Overtures and Incidental Music ');
    const res = await upload(admin, tagged('600.mp3', { title, artist, album }));
    expect(res.status).toBe(201);
    expect(res.body.title).toBe(title);
    expect(res.body.artists[0].name).toBe(artist);
    expect(res.body.album.title).toBe(album);
  });

  itWithFfmpeg('a 1,500-character title from the tags is cut to 1,000 characters', async () => {
    const title = longTitle(1500);
    const res = await upload(admin, tagged('1500.mp3', { title }));
    expect(res.status).toBe(201);
    expect(res.body.title).toBe(title.slice(0, 1000).trim());
  });

  it('a title field of 1,000 characters is taken; 1,001 is a 400 naming the field, nothing written', async () => {
    const ok = await upload(admin, path.join(fixtures.dir, 'long/long-60s.mp3'), { title: longTitle(1000) });
    expect([ok.status, ok.body.errors ?? ok.body.detail]).toEqual([201, undefined]);
    expect(ok.body.title).toBe(longTitle(1000));
    const before = await snapshot();
    const res = await upload(admin, nightDrive('01.ogg'), { title: longTitle(1001) });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('body.title');
    expect(await snapshot()).toEqual(before);
  });
});
