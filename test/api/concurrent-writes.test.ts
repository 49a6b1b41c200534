import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures } from '../support/media.js';
import { actorOfUser, count } from '../support/catalog.js';

/**
 * Requests that create the same artist, album or genre at the same moment, as a browser's
 * folder upload or a double-clicked form sends them. On PostgreSQL they really run side by
 * side; on SQLite writers queue, so the same tests hold the answers alike on both.
 */
let ctx: TestContext;
let fixtures: ReturnType<typeof copyAudioFixtures>;
let admin: TestUser;
let artist: TestUser;
beforeAll(async () => {
  ctx = await createTestContext();
  fixtures = copyAudioFixtures();
  admin = await ctx.user('admin');
  artist = await ctx.user('artist');
});
afterAll(async () => {
  await ctx.close();
  fixtures.remove();
});

const http = () => ctx.http();
const statuses = (responses: { status: number }[]) => responses.map((r) => r.status).sort();

/** Copies of one untagged fixture, each with bytes of its own (so no two are the same audio). */
function untaggedCopies(n: number, tag: string): string[] {
  const source = fs.readFileSync(path.join(fixtures.dir, 'library/Untagged Artist/Loose Album/05 - Found Sound.mp3'));
  return Array.from({ length: n }, (_, i) => {
    const file = path.join(fixtures.dir, `${tag}-${i + 1}.mp3`);
    fs.writeFileSync(file, Buffer.concat([source, Buffer.from(`${tag}-${i + 1}`.padEnd(32, '.'))]));
    return file;
  });
}

describe('one new album uploaded as a folder, all files at once', () => {
  it.each([
    ['an artist account', () => artist, 'Brand New Band', 'First Light'],
    ['an admin', () => admin, 'Other New Band', 'Second Light'],
  ])('by %s: every file is 201, with one artist, one album and one genre', async (_who, uploader, band, album) => {
    const files = untaggedCopies(6, album.replace(' ', ''));
    const responses = await Promise.all(
      files.map((file, i) =>
        http()
          .post('/api/tracks')
          .set(bearer(uploader()))
          .field('genres', `${album} Genre`)
          .attach('file', file, { filepath: `${band}/${album}/0${i + 1} - Song ${i + 1}.mp3` } as { filename?: string }),
      ),
    );
    expect(responses.map((r) => [r.status, r.body.detail])).toEqual(files.map(() => [201, undefined]));
    const albumIds = new Set(responses.map((r) => r.body.album.id));
    expect(albumIds.size).toBe(1);
    const [albums] = await ctx.container.db.sequelize.query('SELECT id FROM albums WHERE title = :album', { replacements: { album } });
    expect(albums).toEqual([{ id: [...albumIds][0] }]);
    const [artists] = await ctx.container.db.sequelize.query('SELECT id FROM artists WHERE name = :band', { replacements: { band } });
    expect(artists).toHaveLength(1);
    expect(new Set(responses.map((r) => r.body.artists[0].id))).toEqual(new Set([(artists as { id: string }[])[0]!.id]));
    expect(new Set(responses.map((r) => r.body.genres.map((g: { id: string }) => g.id).join()))).toHaveProperty('size', 1);
    if (uploader() === artist) expect(await ctx.container.services.catalog.managedArtistIds(actorOfUser(artist))).toContain((artists as { id: string }[])[0]!.id);
  });

  it('answers one file sent four times at once with one 201 and 409s naming that track', async () => {
    const [file] = untaggedCopies(1, 'Twice');
    const before = await count(ctx, 'tracks');
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => http().post('/api/tracks').set(bearer(admin)).attach('file', file!, { filepath: 'Twice Band/Twice/01 - Again.mp3' } as { filename?: string })),
    );
    expect(statuses(responses)).toEqual([201, 409, 409, 409]);
    const created = responses.find((r) => r.status === 201)!.body;
    for (const r of responses.filter((x) => x.status === 409)) expect(r.body.existingTrackId).toBe(created.id);
    expect(await count(ctx, 'tracks')).toBe(before + 1);
  });
});

describe('POST /api/artists with one name, eight at once', () => {
  it('creates one artist: one 201, the others 409 naming it', async () => {
    const before = await count(ctx, 'artists');
    const responses = await Promise.all(Array.from({ length: 8 }, () => http().post('/api/artists').set(bearer(admin)).send({ name: 'Crowded Room', genres: ['Crowd Genre'] })));
    expect(statuses(responses)).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const created = responses.find((r) => r.status === 201)!.body;
    for (const r of responses.filter((x) => x.status === 409)) {
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body.existingArtistId).toBe(created.id);
    }
    expect(await count(ctx, 'artists')).toBe(before + 1);
  });

  it('gives names that share a slug a slug each', async () => {
    const names = ['Twin Peaks', 'Twin-Peaks', 'Twin_Peaks', 'Twin.Peaks', 'Twin/Peaks', 'twin  PEAKS'];
    const responses = await Promise.all(names.map((name) => http().post('/api/artists').set(bearer(admin)).send({ name })));
    expect(statuses(responses)).toEqual([201, 201, 201, 201, 201, 409]);
    expect(new Set(responses.filter((r) => r.status === 201).map((r) => r.body.slug)).size).toBe(5);
  });
});

describe('POST /api/genres with one name at once, and names that look like ids', () => {
  it('creates one genre: one 201, the others 409', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, () => http().post('/api/genres').set(bearer(admin)).send({ name: 'Rush Hour' })));
    expect(statuses(responses)).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const [rows] = await ctx.container.db.sequelize.query("SELECT id FROM genres WHERE slug = 'rush-hour'");
    expect(rows).toHaveLength(1);
  });

  it('answers a second genre named like an id with 409, on create and on rename', async () => {
    const name = '0b7a4c1e-8f2d-4e6a-9c3b-5d1e2f3a4b5c';
    const first = await http().post('/api/genres').set(bearer(admin)).send({ name }).expect(201);
    expect(first.body.slug).toBe(name);
    const again = await http().post('/api/genres').set(bearer(admin)).send({ name: name.toUpperCase() });
    expect(again.status).toBe(409);
    const other = await http().post('/api/genres').set(bearer(admin)).send({ name: 'Plain Genre' }).expect(201);
    expect((await http().patch(`/api/genres/${other.body.id}`).set(bearer(admin)).send({ name })).status).toBe(409);
    const [rows] = await ctx.container.db.sequelize.query('SELECT name FROM genres WHERE id = :id', { replacements: { id: other.body.id } });
    expect(rows).toEqual([{ name: 'Plain Genre' }]);
  });
});

describe('POST /api/admin/announcements, twenty at once', () => {
  it('posts every one, each with a sequence number of its own', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => http().post('/api/admin/announcements').set(bearer(admin)).send({ text: `Notice ${i + 1}` })),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 201));
    const seqs = responses.map((r) => Number(r.body.seq)).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(20);
    expect(seqs[19]! - seqs[0]!).toBe(19);
  });
});
