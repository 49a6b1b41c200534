import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { addTrack, actorOfUser, count } from '../support/catalog.js';
import { newId } from '../../src/shared/ids.js';

let ctx: TestContext;
let admin: TestUser;
let artist: TestUser;
let other: TestUser;
let listener: TestUser;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.user('admin');
  artist = await ctx.user('artist');
  other = await ctx.user('artist');
  listener = await ctx.user('listener');
});
afterAll(() => ctx.close());

const http = () => ctx.http();

describe('POST /api/artists', () => {
  it('creates a profile the artist account then manages, with genres by name', async () => {
    const res = await http().post('/api/artists').set(bearer(artist)).send({ name: 'Night Owls', bio: 'From the woods.', genres: ['Indie Folk', 'indie folk'] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Night Owls', slug: 'night-owls', bio: 'From the woods.', photoUrl: null, followerCount: 0, following: false });
    expect(res.body.genres).toEqual([{ id: expect.any(String), name: 'Indie Folk', slug: 'indie-folk' }]);
    expect(await ctx.container.services.catalog.managedArtistIds(actorOfUser(artist))).toContain(res.body.id);
  });

  it('refuses a name already taken (case-insensitively) with 409, a listener with 403, bad input with 400', async () => {
    const before = await count(ctx, 'artists');
    expect((await http().post('/api/artists').set(bearer(other)).send({ name: 'NIGHT OWLS' })).status).toBe(409);
    expect((await http().post('/api/artists').set(bearer(listener)).send({ name: 'Listener Act' })).status).toBe(403);
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(1001) }, { name: 'X', slug: 'x' }, { name: 'X', genres: 'rock' }, { name: '   ' }]) {
      expect([body, (await http().post('/api/artists').set(bearer(artist)).send(body)).status]).toEqual([body, 400]);
    }
    expect((await http().post('/api/artists').send({ name: 'Anon' })).status).toBe(401);
    expect(await count(ctx, 'artists')).toBe(before);
  });

  it('gives Cyrillic names a Cyrillic slug and numbers clashing slugs', async () => {
    const a = await http().post('/api/artists').set(bearer(admin)).send({ name: 'Северный Ветер' }).expect(201);
    expect(a.body.slug).toBe('северный-ветер');
    const b = await http().post('/api/artists').set(bearer(admin)).send({ name: 'Night-Owls' }).expect(201);
    expect(b.body.slug).toBe('night-owls-2');
  });
});

describe('GET /api/artists and /api/artists/{id}', () => {
  it('lists by name with cursors, filters by genre, counts followers and marks following', async () => {
    for (const name of ['Alpha Act', 'Beta Act', 'Gamma Act']) await http().post('/api/artists').set(bearer(admin)).send({ name, genres: name === 'Beta Act' ? ['Listed Genre'] : [] }).expect(201);
    const page1 = await http().get('/api/artists').query({ limit: 2 }).set(bearer(listener)).expect(200);
    expect(page1.body.items.map((a: { name: string }) => a.name)).toEqual(['Alpha Act', 'Beta Act']);
    const page2 = await http().get('/api/artists').query({ limit: 2, cursor: page1.body.nextCursor }).set(bearer(listener)).expect(200);
    expect(page2.body.items[0].name).toBe('Gamma Act');
    const byGenre = await http().get('/api/artists').query({ genre: 'listed-genre' }).set(bearer(listener)).expect(200);
    expect(byGenre.body.items.map((a: { name: string }) => a.name)).toEqual(['Beta Act']);
    const beta = byGenre.body.items[0];
    await ctx.container.db.sequelize.query('INSERT INTO artist_follows (user_id, artist_id, created_at) VALUES (?, ?, ?), (?, ?, ?)', {
      replacements: [listener.id, beta.id, new Date(), other.id, beta.id, new Date()],
    });
    const one = await http().get(`/api/artists/${beta.id}`).set(bearer(listener)).expect(200);
    expect(one.body).toMatchObject({ followerCount: 2, following: true });
    const newest = await http().get('/api/artists').query({ sort: '-createdAt', limit: 1 }).set(bearer(listener)).expect(200);
    expect(newest.body.items[0].name).toBe('Gamma Act');
    expect((await http().get(`/api/artists/${newId()}`).set(bearer(listener))).status).toBe(404);
    expect((await http().get('/api/artists').query({ sort: 'popularity' }).set(bearer(listener))).status).toBe(400);
  });

  it("lists an artist's albums and tracks", async () => {
    const t = await addTrack(ctx, { title: 'Owl Song', artistNames: [{ name: 'Night Owls', role: 'main' }], album: { title: 'Owl Album', artistNames: ['Night Owls'] } }, actorOfUser(artist));
    const id = t.artists[0]!.id;
    const albums = await http().get(`/api/artists/${id}/albums`).set(bearer(listener)).expect(200);
    expect(albums.body.items.map((a: { title: string }) => a.title)).toEqual(['Owl Album']);
    const tracks = await http().get(`/api/artists/${id}/tracks`).set(bearer(listener)).expect(200);
    expect(tracks.body.items.map((x: { title: string }) => x.title)).toEqual(['Owl Song']);
    expect((await http().get(`/api/artists/${newId()}/tracks`).set(bearer(listener))).status).toBe(404);
  });
});

describe('PATCH /api/artists/{id}', () => {
  it('lets the manager edit; others get 404, listeners 403', async () => {
    const a = (await http().post('/api/artists').set(bearer(artist)).send({ name: 'Editable' }).expect(201)).body;
    const res = await http().patch(`/api/artists/${a.id}`).set(bearer(artist)).send({ bio: 'New bio', genres: ['Shoegaze'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ bio: 'New bio', genres: [{ name: 'Shoegaze' }] });
    expect((await http().patch(`/api/artists/${a.id}`).set(bearer(other)).send({ bio: 'Mine now' })).status).toBe(404);
    expect((await http().patch(`/api/artists/${a.id}`).set(bearer(listener)).send({ bio: 'Mine now' })).status).toBe(403);
    expect((await http().patch(`/api/artists/${a.id}`).set(bearer(artist)).send({})).status).toBe(400);
    expect((await http().patch(`/api/artists/${a.id}`).set(bearer(artist)).send({ name: 'night owls' })).status).toBe(409);
    expect((await http().get(`/api/artists/${a.id}`).set(bearer(listener))).body.bio).toBe('New bio');
  });
});

describe('artist managers', () => {
  it('lets an admin assign and remove managers; nobody else', async () => {
    const a = (await http().post('/api/artists').set(bearer(admin)).send({ name: 'Label Act' }).expect(201)).body;
    expect((await http().patch(`/api/artists/${a.id}`).set(bearer(other)).send({ bio: 'x' })).status).toBe(404);
    expect((await http().put(`/api/artists/${a.id}/managers/${other.id}`).set(bearer(artist))).status).toBe(403);
    expect((await http().put(`/api/artists/${a.id}/managers/${other.id}`).set(bearer(admin))).status).toBe(204);
    expect((await http().put(`/api/artists/${a.id}/managers/${other.id}`).set(bearer(admin))).status).toBe(204);
    expect((await http().patch(`/api/artists/${a.id}`).set(bearer(other)).send({ bio: 'Managed' })).status).toBe(200);
    expect((await http().put(`/api/artists/${a.id}/managers/${listener.id}`).set(bearer(admin))).status).toBe(409);
    expect((await http().put(`/api/artists/${a.id}/managers/${newId()}`).set(bearer(admin))).status).toBe(404);
    expect((await http().put(`/api/artists/${newId()}/managers/${other.id}`).set(bearer(admin))).status).toBe(404);
    expect((await http().delete(`/api/artists/${a.id}/managers/${other.id}`).set(bearer(admin))).status).toBe(204);
    expect((await http().delete(`/api/artists/${a.id}/managers/${other.id}`).set(bearer(admin))).status).toBe(404);
    expect((await http().patch(`/api/artists/${a.id}`).set(bearer(other)).send({ bio: 'Gone' })).status).toBe(404);
  });
});

describe('DELETE /api/artists/{id}', () => {
  it('refuses while the artist has albums or tracks, and cascades on request', async () => {
    const solo = await addTrack(ctx, { title: 'Solo Cut', artistNames: [{ name: 'Doomed', role: 'main' }], album: { title: 'Doomed LP', artistNames: ['Doomed'] } }, actorOfUser(artist));
    const shared = await addTrack(ctx, { title: 'Shared Cut', artistNames: [{ name: 'Survivor', role: 'main' }, { name: 'Doomed', role: 'featured' }] }, actorOfUser(artist));
    const doomed = solo.artists[0]!.id;
    expect((await http().delete(`/api/artists/${doomed}`).set(bearer(other))).status).toBe(404);
    expect((await http().delete(`/api/artists/${doomed}`).set(bearer(listener))).status).toBe(403);
    const refused = await http().delete(`/api/artists/${doomed}`).set(bearer(artist));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ albums: 1, tracks: 2 });
    expect((await http().get(`/api/artists/${doomed}`).set(bearer(artist))).status).toBe(200);

    expect((await http().delete(`/api/artists/${doomed}`).query({ cascade: true }).set(bearer(artist))).status).toBe(204);
    expect((await http().get(`/api/artists/${doomed}`).set(bearer(artist))).status).toBe(404);
    expect((await http().get(`/api/tracks/${solo.id}`).set(bearer(artist))).status).toBe(404);
    expect((await http().get(`/api/albums/${solo.album!.id}`).set(bearer(artist))).status).toBe(404);
    const kept = await http().get(`/api/tracks/${shared.id}`).set(bearer(artist)).expect(200);
    expect(kept.body.artists.map((a: { name: string }) => a.name)).toEqual(['Survivor']);
  });

  it('deletes an artist without credits straight away', async () => {
    const a = (await http().post('/api/artists').set(bearer(artist)).send({ name: 'Short Lived' }).expect(201)).body;
    expect((await http().delete(`/api/artists/${a.id}`).set(bearer(artist))).status).toBe(204);
    expect((await http().delete(`/api/artists/${a.id}`).set(bearer(admin))).status).toBe(404);
  });
});
