import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { addTrack, actorOfUser, count } from '../support/catalog.js';
import { newId } from '../../src/shared/ids.js';

let ctx: TestContext;
let admin: TestUser;
let artist: TestUser;
let other: TestUser;
let listener: TestUser;
let mineId: string;
let theirsId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.user('admin');
  artist = await ctx.user('artist');
  other = await ctx.user('artist');
  listener = await ctx.user('listener');
  mineId = (await ctx.http().post('/api/artists').set(bearer(artist)).send({ name: 'Album Maker' }).expect(201)).body.id;
  theirsId = (await ctx.http().post('/api/artists').set(bearer(other)).send({ name: 'Other Maker' }).expect(201)).body.id;
});
afterAll(() => ctx.close());

const http = () => ctx.http();

describe('albums', () => {
  it('creates, reads with artists and ordered tracks, lists and edits', async () => {
    const res = await http().post('/api/albums').set(bearer(artist)).send({ title: 'First Light', type: 'ep', releaseDate: '2024-03-01', artistIds: [mineId] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'First Light', type: 'ep', releaseDate: '2024-03-01', artists: [{ id: mineId, name: 'Album Maker' }], saved: false, trackCount: 0, tracks: [] });
    const albumId = res.body.id;
    for (const n of [2, 1]) await addTrack(ctx, { title: `Cut ${n}`, artistIds: [mineId], albumId, trackNumber: n, audio: { durationMs: 1000 * n } }, actorOfUser(artist));
    await ctx.container.db.sequelize.query('INSERT INTO saved_albums (user_id, album_id, created_at) VALUES (?, ?, ?)', { replacements: [listener.id, albumId, new Date()] });
    const got = await http().get(`/api/albums/${albumId}`).set(bearer(listener)).expect(200);
    expect(got.body).toMatchObject({ saved: true, trackCount: 2, durationMs: 3000 });
    expect(got.body.tracks.map((t: { title: string }) => t.title)).toEqual(['Cut 1', 'Cut 2']);
    const list = await http().get('/api/albums').query({ artistId: mineId }).set(bearer(listener)).expect(200);
    expect(list.body.items).toEqual([{ id: albumId, title: 'First Light', type: 'ep', releaseDate: '2024-03-01', coverUrl: null, artists: [{ id: mineId, name: 'Album Maker' }], saved: true, trackCount: 2, durationMs: 3000, playCount: 0 }]);
    const edited = await http().patch(`/api/albums/${albumId}`).set(bearer(artist)).send({ title: 'First Light (Deluxe)', type: 'album', releaseDate: null });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'First Light (Deluxe)', type: 'album', releaseDate: null });
  });

  it('keeps artists to their own artists: 404 for others, 403 for listeners, 400 for bad input', async () => {
    const before = await count(ctx, 'albums');
    expect((await http().post('/api/albums').set(bearer(artist)).send({ title: 'Stolen', artistIds: [theirsId] })).status).toBe(404);
    expect((await http().post('/api/albums').set(bearer(listener)).send({ title: 'Nope', artistIds: [mineId] })).status).toBe(403);
    for (const body of [{ title: 'No artists', artistIds: [] }, { title: '', artistIds: [mineId] }, { title: 'T', type: 'mixtape', artistIds: [mineId] }, { title: 'T', releaseDate: '2024-13-01', artistIds: [mineId] }, { title: 'T', artistIds: [mineId, mineId] }]) {
      expect([body, (await http().post('/api/albums').set(bearer(artist)).send(body)).status]).toEqual([body, 400]);
    }
    expect(await count(ctx, 'albums')).toBe(before);
    const theirs = (await http().post('/api/albums').set(bearer(other)).send({ title: 'Theirs', artistIds: [theirsId] }).expect(201)).body;
    expect((await http().patch(`/api/albums/${theirs.id}`).set(bearer(artist)).send({ title: 'Hijacked' })).status).toBe(404);
    expect((await http().delete(`/api/albums/${theirs.id}`).set(bearer(artist))).status).toBe(404);
    expect((await http().patch(`/api/albums/${theirs.id}`).set(bearer(listener)).send({ title: 'Hijacked' })).status).toBe(403);
    expect((await http().get(`/api/albums/${theirs.id}`).set(bearer(artist))).body.title).toBe('Theirs');
    expect((await http().get(`/api/albums/${newId()}`).set(bearer(artist))).status).toBe(404);
    expect((await http().patch(`/api/albums/${theirs.id}`).set(bearer(admin)).send({ artistIds: [theirsId, mineId] })).status).toBe(200);
  });

  it('refuses to delete an album with tracks unless cascading, then removes files after the commit', async () => {
    const album = (await http().post('/api/albums').set(bearer(artist)).send({ title: 'Doomed Album', artistIds: [mineId] }).expect(201)).body;
    const t = await addTrack(ctx, { title: 'Doomed Track', artistIds: [mineId], albumId: album.id }, actorOfUser(artist));
    const conflict = await http().delete(`/api/albums/${album.id}`).set(bearer(artist));
    expect(conflict.status).toBe(409);
    expect(conflict.body.tracks).toBe(1);
    const deleted: string[] = [];
    const storage = ctx.container.storage as unknown as { delete(keys: string[]): Promise<void> };
    const original = storage.delete.bind(storage);
    storage.delete = async (keys) => { deleted.push(...keys); };
    try {
      expect((await http().delete(`/api/albums/${album.id}`).query({ cascade: 'true' }).set(bearer(artist))).status).toBe(204);
    } finally {
      storage.delete = original;
    }
    expect((await http().get(`/api/tracks/${t.id}`).set(bearer(artist))).status).toBe(404);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatch(/^audio\//);
    const empty = (await http().post('/api/albums').set(bearer(artist)).send({ title: 'Empty', artistIds: [mineId] }).expect(201)).body;
    expect((await http().delete(`/api/albums/${empty.id}`).set(bearer(artist))).status).toBe(204);
  });

  it('pages albums with cursors and validates sorts', async () => {
    for (const title of ['Pager A', 'Pager B', 'Pager C']) await http().post('/api/albums').set(bearer(admin)).send({ title, artistIds: [theirsId] }).expect(201);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await http().get('/api/albums').query({ limit: 2, sort: 'title', ...(cursor ? { cursor } : {}) }).set(bearer(listener)).expect(200);
      all.push(...res.body.items.map((a) => a.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(await count(ctx, 'albums'));
    expect((await http().get('/api/albums').query({ sort: 'plays' }).set(bearer(listener))).status).toBe(400);
  });
});

describe('genres', () => {
  it('lists genres by name with cursors; admins manage them', async () => {
    expect((await http().post('/api/genres').set(bearer(artist)).send({ name: 'Artist Genre' })).status).toBe(403);
    const g = await http().post('/api/genres').set(bearer(admin)).send({ name: 'Zydeco' });
    expect(g.status).toBe(201);
    expect(g.body).toEqual({ id: expect.any(String), name: 'Zydeco', slug: 'zydeco' });
    expect((await http().post('/api/genres').set(bearer(admin)).send({ name: 'zydeco' })).status).toBe(409);
    expect((await http().post('/api/genres').set(bearer(admin)).send({ name: '' })).status).toBe(400);
    const renamed = await http().patch(`/api/genres/${g.body.id}`).set(bearer(admin)).send({ name: 'Zydeco Blues' }).expect(200);
    expect(renamed.body.slug).toBe('zydeco-blues');
    await http().post('/api/genres').set(bearer(admin)).send({ name: 'Acid Jazz' }).expect(201);
    const page = await http().get('/api/genres').query({ limit: 1 }).set(bearer(listener)).expect(200);
    expect(page.body.items[0].name).toBe('Acid Jazz');
    expect(page.body.nextCursor).toEqual(expect.any(String));
    await addTrack(ctx, { title: 'Bayou', artistIds: [mineId], genres: ['Zydeco Blues'] });
    expect((await http().delete(`/api/genres/${g.body.id}`).set(bearer(admin))).status).toBe(409);
    expect((await http().delete(`/api/genres/${g.body.id}`).query({ cascade: true }).set(bearer(admin))).status).toBe(204);
    expect((await http().delete(`/api/genres/${g.body.id}`).set(bearer(admin))).status).toBe(404);
  });
});
