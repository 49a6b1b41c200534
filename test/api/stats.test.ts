import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { makeArtist, makeTrack } from '../support/fixtures.js';
import { newId } from '../../src/shared/ids.js';

let ctx: TestContext;
let admin: TestUser, manager: TestUser, otherArtist: TestUser, listener: TestUser;
let u1: TestUser, u2: TestUser, u3: TestUser;
let artistA: { id: string }, artistB: { id: string };
let t1: { id: string }, t2: { id: string }, t3: { id: string };

const at = (iso: string) => new Date(iso);

async function play(user: TestUser, track: { id: string }, startedAt: string, msPlayed: number, completed: boolean) {
  await ctx.container.db.sequelize.query(
    'INSERT INTO plays (id, user_id, track_id, started_at, ms_played, completed, source, client_play_id, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)',
    { replacements: [newId(), user.id, track.id, at(startedAt), msPlayed, completed, newId(), new Date()] },
  );
}

async function follow(user: TestUser, artist: { id: string }, createdAt: string) {
  await ctx.container.db.sequelize.query('INSERT INTO artist_follows (user_id, artist_id, created_at) VALUES (?, ?, ?)', { replacements: [user.id, artist.id, at(createdAt)] });
}

async function ratings(track: { id: string }, count: number, sum: number) {
  await ctx.container.db.sequelize.query('UPDATE tracks SET rating_count = ?, rating_sum = ? WHERE id = ?', { replacements: [count, sum, track.id] });
}

/**
 * A small hand-checked world. Artist A (managed by `manager`) is on t1 and t2 (t2 features B);
 * B alone is on t3. The March 2024 plays of A are numbered 1-5 in the comments.
 */
beforeAll(async () => {
  ctx = await createTestContext();
  [admin, manager, otherArtist, listener, u1, u2, u3] = await Promise.all([
    ctx.user('admin'), ctx.user('artist'), ctx.user('artist'), ctx.user('listener'), ctx.user('listener'), ctx.user('listener'), ctx.user('listener'),
  ]);
  artistA = await makeArtist({ name: 'Stats A', managerId: manager.id });
  artistB = await makeArtist({ name: 'Stats B', managerId: otherArtist.id });
  t1 = await makeTrack({ title: 'One', artistIds: [artistA.id] });
  t2 = await makeTrack({ title: 'Two', artistIds: [artistA.id, artistB.id] });
  t3 = await makeTrack({ title: 'Three', artistIds: [artistB.id] });
  await play(u1, t1, '2024-03-04T10:00:00Z', 180_000, true); // 1 (a Monday)
  await play(u1, t1, '2024-03-04T23:59:59Z', 60_000, false); // 2
  await play(u2, t1, '2024-03-05T00:00:00Z', 180_000, true); // 3
  await play(u2, t2, '2024-03-10T12:00:00Z', 100_000, false); // 4 (a Sunday)
  await play(u3, t2, '2024-03-11T08:00:00Z', 200_000, true); // 5 (next Monday)
  await play(u3, t3, '2024-03-06T10:00:00Z', 150_000, true); // B only
  await play(u1, t1, '2024-02-28T10:00:00Z', 180_000, true); // before the range
  await play(u1, t2, '2024-04-01T00:00:00Z', 180_000, true); // at `to`, which is exclusive
  await follow(u1, artistA, '2024-03-04T09:00:00Z');
  await follow(u2, artistA, '2024-02-01T09:00:00Z');
  await follow(u2, artistB, '2024-03-20T09:00:00Z');
  await follow(u3, artistB, '2024-03-21T09:00:00Z');
  await ratings(t1, 2, 9);
  await ratings(t2, 1, 3);
  await ratings(t3, 1, 1);
});
afterAll(() => ctx.close());

const march = { from: '2024-03-01', to: '2024-04-01' };
const day = (iso: string) => `${iso}T00:00:00.000Z`;

describe('GET /api/artists/{artistId}/stats', () => {
  it('adds up plays, listeners, time, completion, followers and ratings by day', async () => {
    const res = await ctx.http().get(`/api/artists/${artistA.id}/stats`).query({ ...march, interval: 'day' }).set(bearer(manager));
    expect(res.status).toBe(200);
    expect(res.body.from).toBe('2024-03-01T00:00:00.000Z');
    expect(res.body.to).toBe('2024-04-01T00:00:00.000Z');
    expect(res.body.totals).toEqual({
      plays: 5, uniqueListeners: 3, msPlayed: 720_000, completedPlays: 3, completionRate: 0.6,
      followers: 2, averageRating: 4, ratingCount: 3,
    });
    expect(res.body.series).toHaveLength(31);
    expect(res.body.series[0]).toEqual({ start: day('2024-03-01'), plays: 0, uniqueListeners: 0, msPlayed: 0, newFollowers: 0 });
    const nonEmpty = res.body.series.filter((b: { plays: number; newFollowers: number }) => b.plays > 0 || b.newFollowers > 0);
    expect(nonEmpty).toEqual([
      { start: day('2024-03-04'), plays: 2, uniqueListeners: 1, msPlayed: 240_000, newFollowers: 1 },
      { start: day('2024-03-05'), plays: 1, uniqueListeners: 1, msPlayed: 180_000, newFollowers: 0 },
      { start: day('2024-03-10'), plays: 1, uniqueListeners: 1, msPlayed: 100_000, newFollowers: 0 },
      { start: day('2024-03-11'), plays: 1, uniqueListeners: 1, msPlayed: 200_000, newFollowers: 0 },
    ]);
    expect(res.body.topTracks).toEqual([
      { trackId: t1.id, title: 'One', plays: 3, uniqueListeners: 2, msPlayed: 420_000 },
      { trackId: t2.id, title: 'Two', plays: 2, uniqueListeners: 2, msPlayed: 300_000 },
    ]);
  });

  it('buckets by week starting on Monday, from the week holding `from`', async () => {
    const res = await ctx.http().get(`/api/artists/${artistA.id}/stats`).query({ ...march, interval: 'week' }).set(bearer(manager));
    expect(res.status).toBe(200);
    expect(res.body.series.map((b: { start: string; plays: number; uniqueListeners: number }) => [b.start.slice(0, 10), b.plays, b.uniqueListeners])).toEqual([
      ['2024-02-26', 0, 0], // play 7 (Feb 28) is in this week but before `from`
      ['2024-03-04', 4, 2],
      ['2024-03-11', 1, 1],
      ['2024-03-18', 0, 0],
      ['2024-03-25', 0, 0],
    ]);
  });

  it('buckets by month and takes date-times', async () => {
    const res = await ctx.http().get(`/api/artists/${artistA.id}/stats`).query({ from: '2024-02-01T00:00:00Z', to: '2024-04-01T00:00:00.001Z', interval: 'month' }).set(bearer(admin));
    expect(res.status).toBe(200);
    expect(res.body.series.map((b: { start: string; plays: number }) => [b.start.slice(0, 10), b.plays])).toEqual([
      ['2024-02-01', 1],
      ['2024-03-01', 5],
      ['2024-04-01', 1],
    ]);
    expect(res.body.totals.plays).toBe(7);
    expect(res.body.totals.uniqueListeners).toBe(3);
  });

  it('answers an empty range with zeros and null rates', async () => {
    const res = await ctx.http().get(`/api/artists/${artistA.id}/stats`).query({ from: '2023-01-01', to: '2023-01-03' }).set(bearer(manager));
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ plays: 0, uniqueListeners: 0, msPlayed: 0, completionRate: null, followers: 2, averageRating: 4 });
    expect(res.body.series).toHaveLength(2);
    expect(res.body.topTracks).toEqual([]);
  });

  it('is 404 for an artist account that does not manage the artist, for listeners and for unknown ids; 401 without a token', async () => {
    expect((await ctx.http().get(`/api/artists/${artistA.id}/stats`).query(march).set(bearer(otherArtist))).status).toBe(404);
    expect((await ctx.http().get(`/api/artists/${artistA.id}/stats`).query(march).set(bearer(listener))).status).toBe(404);
    expect((await ctx.http().get(`/api/artists/${newId()}/stats`).query(march).set(bearer(admin))).status).toBe(404);
    expect((await ctx.http().get(`/api/artists/${artistB.id}/stats`).query(march).set(bearer(manager))).status).toBe(404);
    expect((await ctx.http().get(`/api/artists/${artistA.id}/stats`).query(march)).status).toBe(401);
  });

  it.each([
    [{ interval: 'hour' }, 'interval'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2024-02-30x' }, 'from'],
    [{ from: '2024-04-01', to: '2024-03-01' }, 'from'],
    [{ from: '2020-01-01', to: '2024-01-02', interval: 'day' }, 'to'],
  ])('rejects %j with 400', async (query, path) => {
    const res = await ctx.http().get(`/api/artists/${artistA.id}/stats`).query(query).set(bearer(manager));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path).join(' ')).toContain(path);
  });

  it('allows four years by week, and rejects a malformed id', async () => {
    expect((await ctx.http().get(`/api/artists/${artistA.id}/stats`).query({ from: '2020-01-01', to: '2024-01-02', interval: 'week' }).set(bearer(manager))).status).toBe(200);
    expect((await ctx.http().get('/api/artists/not-a-uuid/stats').set(bearer(admin))).status).toBe(400);
  });
});

describe('GET /api/tracks/{trackId}/stats', () => {
  it('covers one track; followers are the distinct followers of its artists', async () => {
    const res = await ctx.http().get(`/api/tracks/${t2.id}/stats`).query(march).set(bearer(manager));
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({
      plays: 2, uniqueListeners: 2, msPlayed: 300_000, completedPlays: 1, completionRate: 0.5,
      followers: 3, averageRating: 3, ratingCount: 1,
    });
    expect(res.body.topTracks).toEqual([{ trackId: t2.id, title: 'Two', plays: 2, uniqueListeners: 2, msPlayed: 300_000 }]);
    // B's manager manages a featured artist of t2, so may see it too.
    expect((await ctx.http().get(`/api/tracks/${t2.id}/stats`).query(march).set(bearer(otherArtist))).status).toBe(200);
  });

  it('is 404 for tracks of artists one does not manage, and for listeners', async () => {
    expect((await ctx.http().get(`/api/tracks/${t3.id}/stats`).query(march).set(bearer(manager))).status).toBe(404);
    expect((await ctx.http().get(`/api/tracks/${t1.id}/stats`).query(march).set(bearer(listener))).status).toBe(404);
    expect((await ctx.http().get(`/api/tracks/${t1.id}/stats`).query(march).set(bearer(admin))).status).toBe(200);
  });
});

describe('GET /api/admin/stats', () => {
  it('gives admins the platform totals and series', async () => {
    const res = await ctx.http().get('/api/admin/stats').query({ ...march, interval: 'month' }).set(bearer(admin));
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({
      plays: 6, uniqueListeners: 3, msPlayed: 870_000, completedPlays: 4, completionRate: 0.6667,
      followers: 4, averageRating: 3.25, ratingCount: 4,
    });
    expect(res.body.series).toEqual([{ start: day('2024-03-01'), plays: 6, uniqueListeners: 3, msPlayed: 870_000, newFollowers: 3 }]);
    expect(res.body.topTracks.map((t: { title: string }) => t.title)).toEqual(['One', 'Two', 'Three']);
  });

  it('is 403 for artists and listeners, 401 without a token', async () => {
    expect((await ctx.http().get('/api/admin/stats').set(bearer(manager))).status).toBe(403);
    expect((await ctx.http().get('/api/admin/stats').set(bearer(listener))).status).toBe(403);
    expect((await ctx.http().get('/api/admin/stats')).status).toBe(401);
  });
});
