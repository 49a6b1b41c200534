import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { makeAlbum, makeArtist, makeTrack } from '../support/fixtures.js';
import { newId } from '../../src/shared/ids.js';

let ctx: TestContext;
let alice: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  alice = await ctx.user('listener');
});
afterAll(() => ctx.close());

const follows = async () => {
  const [rows] = await ctx.container.db.sequelize.query('SELECT COUNT(*) AS n FROM artist_follows');
  return Number((rows as { n: number }[])[0]!.n);
};

describe('follows', () => {
  it('follows idempotently, lists followed artists newest first, unfollows idempotently', async () => {
    const me = await ctx.user('listener');
    const [a, b] = [await makeArtist({ name: 'Alpha' }), await makeArtist({ name: 'Beta' })];
    await ctx.http().put(`/api/artists/${a.id}/follow`).set(bearer(me)).expect(204);
    await new Promise((r) => setTimeout(r, 5));
    await ctx.http().put(`/api/artists/${b.id}/follow`).set(bearer(me)).expect(204);
    await ctx.http().put(`/api/artists/${a.id}/follow`).set(bearer(me)).expect(204);
    const list = await ctx.http().get('/api/me/following').set(bearer(me));
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { artist: { id: string } }) => i.artist.id)).toEqual([b.id, a.id]);
    expect(list.body.items[0]).toMatchObject({ followedAt: expect.any(String), artist: { name: 'Beta', following: true, followerCount: 1 } });
    const page = await ctx.http().get('/api/me/following?limit=1').set(bearer(me));
    const next = await ctx.http().get(`/api/me/following?limit=1&cursor=${page.body.nextCursor}`).set(bearer(me));
    expect(next.body.items.map((i: { artist: { id: string } }) => i.artist.id)).toEqual([a.id]);
    await ctx.http().delete(`/api/artists/${a.id}/follow`).set(bearer(me)).expect(204);
    await ctx.http().delete(`/api/artists/${a.id}/follow`).set(bearer(me)).expect(204);
    expect((await ctx.http().get('/api/me/following').set(bearer(me))).body.items.map((i: { artist: { id: string } }) => i.artist.id)).toEqual([b.id]);
  });

  it('answers 404 for an unknown artist, 400 for a malformed id and 401 without a token, writing nothing', async () => {
    const before = await follows();
    const a = await makeArtist();
    expect((await ctx.http().put(`/api/artists/${newId()}/follow`).set(bearer(alice))).status).toBe(404);
    expect((await ctx.http().delete(`/api/artists/${newId()}/follow`).set(bearer(alice))).status).toBe(404);
    expect((await ctx.http().put('/api/artists/xyz/follow').set(bearer(alice))).status).toBe(400);
    expect((await ctx.http().put(`/api/artists/${a.id}/follow`)).status).toBe(401);
    expect((await ctx.http().get('/api/me/following')).status).toBe(401);
    expect((await ctx.http().get('/api/me/feed')).status).toBe(401);
    expect(await follows()).toBe(before);
  });
});

describe('GET /api/me/feed', () => {
  it('shows albums and stand-alone tracks of followed artists, newest first, paged', async () => {
    const me = await ctx.user('listener');
    const followed = await makeArtist({ name: 'Followed' });
    const other = await makeArtist({ name: 'Other' });
    const at = (days: number) => new Date(Date.UTC(2025, 0, 1 + days));
    const album = await makeAlbum({ artistIds: [followed.id], createdAt: at(1) });
    await makeTrack({ artistIds: [followed.id], albumId: album.id, createdAt: at(1) });
    await makeTrack({ artistIds: [followed.id], albumId: album.id, createdAt: at(1) });
    const single = await makeTrack({ artistIds: [followed.id], createdAt: at(3) });
    const otherAlbum = await makeAlbum({ artistIds: [other.id], createdAt: at(2) });
    const featured = await makeTrack({ artistIds: [other.id, followed.id], albumId: otherAlbum.id, createdAt: at(4) });
    await makeTrack({ artistIds: [other.id], createdAt: at(5) });
    await ctx.http().put(`/api/artists/${followed.id}/follow`).set(bearer(me)).expect(204);

    const feed = await ctx.http().get('/api/me/feed').set(bearer(me));
    expect(feed.status).toBe(200);
    expect(feed.body.items.map((i: { type: string; album?: { id: string }; track?: { id: string } }) => [i.type, i.album?.id ?? i.track?.id])).toEqual([
      ['track', featured.id],
      ['track', single.id],
      ['album', album.id],
    ]);
    expect(feed.body.items[2]).toEqual({ type: 'album', publishedAt: at(1).toISOString(), album: expect.objectContaining({ id: album.id }) });

    const p1 = await ctx.http().get('/api/me/feed?limit=2').set(bearer(me));
    const p2 = await ctx.http().get(`/api/me/feed?limit=2&cursor=${p1.body.nextCursor}`).set(bearer(me));
    expect([...p1.body.items, ...p2.body.items]).toEqual(feed.body.items);
    expect(p2.body.nextCursor).toBeNull();

    // Nothing followed, nothing in the feed.
    expect((await ctx.http().get('/api/me/feed').set(bearer(alice))).body.items).toEqual([]);
  });
});
