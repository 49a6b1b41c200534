import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures, storedFiles } from '../support/media.js';
import { makeAlbum, makeArtist, makeTrack } from '../support/fixtures.js';
import { userActor } from '../../src/shared/actor.js';

let ctx: TestContext;
let fixtures: ReturnType<typeof copyAudioFixtures>;
let admin: TestUser;
let listener: TestUser;
let artistUser: TestUser;
let png: Buffer;
const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21, 0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b])]);

beforeAll(async () => {
  ctx = await createTestContext();
  fixtures = copyAudioFixtures();
  admin = await ctx.user('admin');
  listener = await ctx.user('listener');
  artistUser = await ctx.user('artist');
  png = fs.readFileSync(path.join(fixtures.dir, 'library/Кино Тишины/Северный ветер/cover.png'));
});
afterAll(async () => {
  await ctx.close();
  fixtures.remove();
});

const put = (url: string, user: TestUser | null, body: Buffer | string, type = 'image/png') => {
  const req = ctx.http().put(url).set('Content-Type', type);
  return (user ? req.set(bearer(user)) : req).send(body);
};
const get = (url: string, user: TestUser = listener) =>
  ctx
    .http()
    .get(url)
    .set(bearer(user))
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

describe('artist photos', () => {
  it('lets a managing artist upload, and anyone signed in read it with caching headers', async () => {
    const artist = await makeArtist({ managerId: artistUser.id });
    const url = `/api/artists/${artist.id}/photo`;
    expect((await get(url)).status).toBe(404);
    const res = await put(url, artistUser, png);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ url: expect.stringMatching(/^\/api\/images\/[0-9a-f]{64}\.png$/), mimeType: 'image/png', sizeBytes: png.length });
    const read = await get(url);
    expect(read.status).toBe(200);
    expect(read.headers['content-type']).toBe('image/png');
    expect(read.headers['cache-control']).toMatch(/no-cache/);
    expect(Buffer.compare(read.body, png)).toBe(0);
    const again = await ctx.http().get(`${url}?v=abc`).set(bearer(listener)).set('If-None-Match', read.headers.etag!);
    expect(again.status).toBe(304);
  });

  it('replaces the photo and deletes the old file once nothing uses it', async () => {
    const artist = await makeArtist({ managerId: artistUser.id });
    const url = `/api/artists/${artist.id}/photo`;
    await put(url, artistUser, png).expect(200);
    const before = storedFiles(ctx);
    const res = await put(url, admin, gif, 'image/gif');
    expect(res.body.mimeType).toBe('image/gif');
    expect(Buffer.compare((await get(url)).body, gif)).toBe(0);
    const after = storedFiles(ctx);
    expect(after.some((f) => f.endsWith('.gif'))).toBe(true);
    // The PNG is shared with the other artist of the previous test, so it stays.
    expect(after.filter((f) => f.endsWith('.png'))).toEqual(before.filter((f) => f.endsWith('.png')));
  });

  it('refuses listeners (403), other artists (404) and anonymous callers (401), keeping nothing', async () => {
    const artist = await makeArtist({ name: 'Not Yours' });
    const url = `/api/artists/${artist.id}/photo`;
    const before = storedFiles(ctx);
    expect((await put(url, null, gif, 'image/gif')).status).toBe(401);
    expect((await put(url, listener, gif, 'image/gif')).status).toBe(403);
    expect((await put(url, artistUser, gif, 'image/gif')).status).toBe(404);
    expect((await put(`/api/artists/00000000-0000-4000-8000-000000000000/photo`, admin, gif, 'image/gif')).status).toBe(404);
    expect(storedFiles(ctx)).toEqual(before);
  });

  it('decides the type from the bytes: 415 for anything else, 400 for nothing', async () => {
    const artist = await makeArtist({ managerId: artistUser.id });
    const url = `/api/artists/${artist.id}/photo`;
    const before = storedFiles(ctx);
    expect((await put(url, artistUser, 'this is not an image', 'image/png')).status).toBe(415);
    expect((await put(url, artistUser, fs.readFileSync(path.join(fixtures.dir, 'long/long-60s.mp3')), 'image/jpeg')).status).toBe(415);
    expect((await put(url, artistUser, png, 'text/plain')).status).toBe(415);
    expect((await put(url, artistUser, Buffer.alloc(0))).status).toBe(400);
    expect(storedFiles(ctx)).toEqual(before);
    // application/octet-stream is fine when the bytes are an image.
    expect((await put(url, artistUser, png, 'application/octet-stream')).status).toBe(200);
  });
});

describe('album and track covers', () => {
  it('falls back from a track to its album cover, until the track has its own', async () => {
    const artist = await makeArtist({ managerId: artistUser.id });
    const album = await makeAlbum({ artistIds: [artist.id] });
    const track = await makeTrack({ artistIds: [artist.id], albumId: album.id });
    const loose = await makeTrack({ artistIds: [artist.id] });
    expect((await get(`/api/tracks/${track.id}/cover`)).status).toBe(404);
    await put(`/api/albums/${album.id}/cover`, artistUser, png).expect(200);
    const fallback = await get(`/api/tracks/${track.id}/cover`);
    expect(fallback.status).toBe(200);
    expect(Buffer.compare(fallback.body, png)).toBe(0);
    await put(`/api/tracks/${track.id}/cover`, artistUser, gif, 'image/gif').expect(200);
    expect(Buffer.compare((await get(`/api/tracks/${track.id}/cover`)).body, gif)).toBe(0);
    expect(Buffer.compare((await get(`/api/albums/${album.id}/cover`)).body, png)).toBe(0);
    expect((await get(`/api/tracks/${loose.id}/cover`)).status).toBe(404);
    expect((await put(`/api/albums/${album.id}/cover`, listener, png)).status).toBe(403);
  });

  it('serves the embedded picture of an uploaded file as the track cover', async () => {
    const res = await ctx
      .http()
      .post('/api/tracks')
      .set(bearer(admin))
      .attach('file', path.join(fixtures.dir, 'library/Кино Тишины/Северный ветер/01 Северный ветер.flac'));
    expect(res.status).toBe(201);
    const cover = await get(res.body.coverUrl);
    expect(cover.status).toBe(200);
    expect(cover.headers['content-type']).toBe('image/png');
  });
});

describe('playlist covers', () => {
  it('lets the owner set a cover that whoever sees the playlist can read; others get 404', async () => {
    const playlists = ctx.container.services.playlists;
    const mine = await playlists.create(userActor(listener.id, 'listener'), { name: 'Mine', visibility: 'private' });
    const url = `/api/playlists/${mine.id}/cover`;
    expect((await get(url)).status).toBe(404);
    expect((await put(url, listener, png)).status).toBe(200);
    expect(Buffer.compare((await get(url)).body, png)).toBe(0);
    const stranger = await ctx.user('listener');
    expect((await put(url, stranger, gif, 'image/gif')).status).toBe(404);
    expect((await get(url, stranger)).status).toBe(404);
  });
});

describe('image URLs (GET /api/images/{name})', () => {
  const anonymous = (url: string) =>
    ctx
      .http()
      .get(url)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  it('serves the photoUrl of an artist without a header, cached for good, with 304 on its ETag', async () => {
    const artist = await makeArtist({ managerId: artistUser.id });
    const put1 = await put(`/api/artists/${artist.id}/photo`, artistUser, png).expect(200);
    const shown = await ctx.http().get(`/api/artists/${artist.id}`).set(bearer(listener));
    expect(shown.body.photoUrl).toBe(put1.body.url);
    expect(shown.body.photoUrl).toMatch(/^\/api\/images\/[0-9a-f]{64}\.png$/);
    const res = await anonymous(shown.body.photoUrl);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Buffer.compare(res.body, png)).toBe(0);
    expect((await ctx.http().get(shown.body.photoUrl).set('If-None-Match', res.headers.etag!)).status).toBe(304);
  });

  it('gives a new picture a new URL, and the old one is gone once nothing uses it', async () => {
    const artist = await makeArtist({ managerId: artistUser.id });
    const album = await makeAlbum({ artistIds: [artist.id] });
    const first = (await put(`/api/albums/${album.id}/cover`, artistUser, Buffer.concat([gif, Buffer.from([0])]), 'image/gif').expect(200)).body.url as string;
    const second = (await put(`/api/albums/${album.id}/cover`, artistUser, png).expect(200)).body.url as string;
    expect(second).not.toBe(first);
    expect((await ctx.http().get(`/api/albums/${album.id}`).set(bearer(listener))).body.coverUrl).toBe(second);
    expect((await anonymous(first)).status).toBe(404);
    expect((await anonymous(second)).status).toBe(200);
  });

  it('answers 400 for a name that is not an image hash and 404 for one that is not stored; audio is never served', async () => {
    for (const name of ['cover.png', `${'a'.repeat(64)}.mp3`, `${'A'.repeat(64)}.png`, '..%2F..%2Fetc%2Fpasswd']) {
      const res = await anonymous(`/api/images/${name}`);
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
    }
    expect((await anonymous(`/api/images/${'0'.repeat(64)}.png`)).status).toBe(404);
    const audio = storedFiles(ctx).find((f) => f.startsWith('audio/'))!;
    const sha = path.basename(audio).replace(/\..*$/, '');
    expect((await anonymous(`/api/images/${sha}.png`)).status).toBe(404);
  });

  it("hands a private playlist's cover URL to its owner only", async () => {
    const mine = await ctx.container.services.playlists.create(userActor(listener.id, 'listener'), { name: 'Secret', visibility: 'private' });
    await put(`/api/playlists/${mine.id}/cover`, listener, png).expect(200);
    const owner = await ctx.http().get(`/api/playlists/${mine.id}`).set(bearer(listener));
    expect(owner.body.coverUrl).toMatch(/^\/api\/images\//);
    const stranger = await ctx.user('listener');
    const other = await ctx.http().get(`/api/playlists/${mine.id}`).set(bearer(stranger));
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain('/api/images/');
  });
});

describe('image size limit', () => {
  let small: TestContext;
  beforeAll(async () => {
    small = await createTestContext({ MAX_IMAGE_MB: '1' });
  });
  afterAll(() => small.close());

  it('answers 413 past MAX_IMAGE_MB and keeps nothing', async () => {
    const a = await small.user('admin');
    const artist = await makeArtist();
    const big = Buffer.concat([png, Buffer.alloc(1024 * 1024)]);
    const res = await small.http().put(`/api/artists/${artist.id}/photo`).set(bearer(a)).set('Content-Type', 'image/png').send(big);
    expect(res.status).toBe(413);
    expect(storedFiles(small)).toEqual([]);
  });
});
