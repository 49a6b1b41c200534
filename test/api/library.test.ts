import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { makeAlbum, makeArtist, makeTrack } from '../support/fixtures.js';
import { newId } from '../../src/shared/ids.js';
import { inParallel } from '../support/limited.js';

let ctx: TestContext;
let alice: TestUser;
let bob: TestUser;
let artistId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  [alice, bob] = await Promise.all([ctx.user('listener'), ctx.user('listener')]);
  artistId = (await makeArtist()).id;
});
afterAll(() => ctx.close());

const count = async (sql: string, replacements: Record<string, unknown> = {}) => {
  const [rows] = await ctx.container.db.sequelize.query(sql, { replacements });
  return Number((rows as { n: number }[])[0]!.n);
};
const trackCounters = async (id: string) => {
  const [rows] = await ctx.container.db.sequelize.query('SELECT rating_count, rating_sum FROM tracks WHERE id = :id', { replacements: { id } });
  const r = (rows as { rating_count: number; rating_sum: number }[])[0]!;
  return { count: Number(r.rating_count), sum: Number(r.rating_sum) };
};

describe('liked tracks', () => {
  it('likes idempotently, lists newest first with the track payload, unlikes idempotently', async () => {
    const [t1, t2, t3] = [await makeTrack({ artistIds: [artistId] }), await makeTrack({ artistIds: [artistId] }), await makeTrack({ artistIds: [artistId] })];
    for (const t of [t1, t2, t3]) {
      expect((await ctx.http().put(`/api/me/liked-tracks/${t.id}`).set(bearer(alice))).status).toBe(204);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect((await ctx.http().put(`/api/me/liked-tracks/${t1.id}`).set(bearer(alice))).status).toBe(204);
    expect(await count('SELECT COUNT(*) AS n FROM liked_tracks WHERE user_id = :u', { u: alice.id })).toBe(3);

    const page1 = await ctx.http().get('/api/me/liked-tracks?limit=2').set(bearer(alice));
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([t3.id, t2.id]);
    expect(page1.body.items[0]).toMatchObject({ likedAt: expect.any(String), track: { id: t3.id, liked: true } });
    const page2 = await ctx.http().get(`/api/me/liked-tracks?limit=2&cursor=${page1.body.nextCursor}`).set(bearer(alice));
    expect(page2.body.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([t1.id]);
    expect(page2.body.nextCursor).toBeNull();

    // Bob's library is his own.
    expect((await ctx.http().get('/api/me/liked-tracks').set(bearer(bob))).body.items).toEqual([]);

    expect((await ctx.http().delete(`/api/me/liked-tracks/${t2.id}`).set(bearer(alice))).status).toBe(204);
    expect((await ctx.http().delete(`/api/me/liked-tracks/${t2.id}`).set(bearer(alice))).status).toBe(204);
    const after = await ctx.http().get('/api/me/liked-tracks').set(bearer(alice));
    expect(after.body.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([t3.id, t1.id]);
  });

  it('answers 404 for an unknown track, 400 for a malformed id, 401 without a token, and writes nothing', async () => {
    const before = await count('SELECT COUNT(*) AS n FROM liked_tracks');
    expect((await ctx.http().put(`/api/me/liked-tracks/${newId()}`).set(bearer(alice))).status).toBe(404);
    expect((await ctx.http().delete(`/api/me/liked-tracks/${newId()}`).set(bearer(alice))).status).toBe(404);
    expect((await ctx.http().put('/api/me/liked-tracks/nope').set(bearer(alice))).status).toBe(400);
    expect((await ctx.http().get('/api/me/liked-tracks?limit=500').set(bearer(alice))).status).toBe(400);
    const t = await makeTrack({ artistIds: [artistId] });
    expect((await ctx.http().put(`/api/me/liked-tracks/${t.id}`)).status).toBe(401);
    expect((await ctx.http().delete(`/api/me/liked-tracks/${t.id}`)).status).toBe(401);
    expect((await ctx.http().get('/api/me/liked-tracks')).status).toBe(401);
    expect(await count('SELECT COUNT(*) AS n FROM liked_tracks')).toBe(before);
  });
});

describe('saved albums', () => {
  it('saves idempotently, lists newest first with the album summary, unsaves', async () => {
    const a1 = await makeAlbum({ artistIds: [artistId] });
    const a2 = await makeAlbum({ artistIds: [artistId] });
    await ctx.http().put(`/api/me/saved-albums/${a1.id}`).set(bearer(alice)).expect(204);
    await new Promise((r) => setTimeout(r, 5));
    await ctx.http().put(`/api/me/saved-albums/${a2.id}`).set(bearer(alice)).expect(204);
    await ctx.http().put(`/api/me/saved-albums/${a2.id}`).set(bearer(alice)).expect(204);
    const list = await ctx.http().get('/api/me/saved-albums').set(bearer(alice));
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { album: { id: string } }) => i.album.id)).toEqual([a2.id, a1.id]);
    expect(list.body.items[0]).toMatchObject({ savedAt: expect.any(String), album: { id: a2.id, saved: true } });
    await ctx.http().delete(`/api/me/saved-albums/${a2.id}`).set(bearer(alice)).expect(204);
    await ctx.http().delete(`/api/me/saved-albums/${a2.id}`).set(bearer(alice)).expect(204);
    expect((await ctx.http().get('/api/me/saved-albums').set(bearer(alice))).body.items.map((i: { album: { id: string } }) => i.album.id)).toEqual([a1.id]);
  });

  it('answers 404 for an unknown album and 401 without a token', async () => {
    const before = await count('SELECT COUNT(*) AS n FROM saved_albums');
    expect((await ctx.http().put(`/api/me/saved-albums/${newId()}`).set(bearer(alice))).status).toBe(404);
    expect((await ctx.http().delete(`/api/me/saved-albums/${newId()}`).set(bearer(alice))).status).toBe(404);
    expect((await ctx.http().get('/api/me/saved-albums')).status).toBe(401);
    expect((await ctx.http().put(`/api/me/saved-albums/${newId()}`)).status).toBe(401);
    expect(await count('SELECT COUNT(*) AS n FROM saved_albums')).toBe(before);
  });
});

describe('ratings', () => {
  it('sets, changes and removes a score, keeping the track counters without recounting', async () => {
    const t = await makeTrack({ artistIds: [artistId] });
    let res = await ctx.http().put(`/api/tracks/${t.id}/rating`).set(bearer(alice)).send({ score: 4 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ average: 4, count: 1, mine: 4 });
    res = await ctx.http().put(`/api/tracks/${t.id}/rating`).set(bearer(bob)).send({ score: 1 });
    expect(res.body).toEqual({ average: 2.5, count: 2, mine: 1 });
    res = await ctx.http().put(`/api/tracks/${t.id}/rating`).set(bearer(alice)).send({ score: 5 });
    expect(res.body).toEqual({ average: 3, count: 2, mine: 5 });
    expect(await trackCounters(t.id)).toEqual({ count: 2, sum: 6 });
    const track = await ctx.http().get(`/api/tracks/${t.id}`).set(bearer(alice));
    expect(track.body.rating).toEqual({ average: 3, count: 2, mine: 5 });

    expect((await ctx.http().delete(`/api/tracks/${t.id}/rating`).set(bearer(bob))).status).toBe(204);
    expect((await ctx.http().delete(`/api/tracks/${t.id}/rating`).set(bearer(bob))).status).toBe(204);
    expect(await trackCounters(t.id)).toEqual({ count: 1, sum: 5 });
    expect(await count('SELECT COUNT(*) AS n FROM ratings WHERE track_id = :t', { t: t.id })).toBe(1);
  });

  it.each([[{ score: 0 }], [{ score: 6 }], [{ score: 2.5 }], [{ score: '3' }], [{}], [{ score: 3, userId: newId() }]])('rejects %j with 400 and writes nothing', async (body) => {
    const t = await makeTrack({ artistIds: [artistId] });
    const res = await ctx.http().put(`/api/tracks/${t.id}/rating`).set(bearer(alice)).send(body);
    expect(res.status).toBe(400);
    expect(await trackCounters(t.id)).toEqual({ count: 0, sum: 0 });
    expect(await count('SELECT COUNT(*) AS n FROM ratings WHERE track_id = :t', { t: t.id })).toBe(0);
  });

  it('answers 404 for an unknown track and 401 without a token', async () => {
    expect((await ctx.http().put(`/api/tracks/${newId()}/rating`).set(bearer(alice)).send({ score: 3 })).status).toBe(404);
    expect((await ctx.http().delete(`/api/tracks/${newId()}/rating`).set(bearer(alice))).status).toBe(404);
    const t = await makeTrack({ artistIds: [artistId] });
    expect((await ctx.http().put(`/api/tracks/${t.id}/rating`).send({ score: 3 })).status).toBe(401);
    expect((await ctx.http().delete(`/api/tracks/${t.id}/rating`)).status).toBe(401);
    expect(await trackCounters(t.id)).toEqual({ count: 0, sum: 0 });
  });

  it('keeps the counters exact when many listeners rate one track at once', async () => {
    const t = await makeTrack({ artistIds: [artistId] });
    const raters = await Promise.all(Array.from({ length: 8 }, () => ctx.user('listener')));
    const scores = raters.map((_, i) => (i % 5) + 1);
    const { dialect } = ctx.container.db;
    const first = await inParallel(raters.map((u, i) => () => ctx.http().put(`/api/tracks/${t.id}/rating`).set(bearer(u)).send({ score: scores[i] })), dialect);
    expect(first.every((r) => r.status === 200)).toBe(true);
    // and everyone changes their mind at once, some twice
    const second = await inParallel([
      ...raters.map((u) => () => ctx.http().put(`/api/tracks/${t.id}/rating`).set(bearer(u)).send({ score: 3 })),
      ...raters.slice(0, 3).map((u) => () => ctx.http().delete(`/api/tracks/${t.id}/rating`).set(bearer(u))),
    ], dialect);
    expect(second.every((r) => [200, 204].includes(r.status))).toBe(true);
    const [rows] = await ctx.container.db.sequelize.query('SELECT COUNT(*) AS n, COALESCE(SUM(score), 0) AS s FROM ratings WHERE track_id = :t', { replacements: { t: t.id } });
    const truth = (rows as { n: number; s: number }[])[0]!;
    expect(await trackCounters(t.id)).toEqual({ count: Number(truth.n), sum: Number(truth.s) });
  });
});
