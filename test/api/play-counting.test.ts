import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { addTrack, count } from '../support/catalog.js';
import { newId } from '../../src/shared/ids.js';

/**
 * Every play is stored; only those that pass the scrobble rule count in statistics, play
 * counts and recommendations. Tracks here last 200 s, so a play counts from 100 s on.
 */
let ctx: TestContext;
let admin: TestUser;
let listener: TestUser;
let albumId: string;
let counted: string;
let skipped: string;
let short: string;

const send = (user: TestUser, plays: Record<string, unknown>[]) => ctx.http().post('/api/me/plays').set(bearer(user)).send({ plays });
const play = (trackId: string, msPlayed: number) => ({ clientPlayId: newId(), trackId, startedAt: new Date(Date.now() - 3_600_000).toISOString(), msPlayed });

async function queries(path: string): Promise<number> {
  let n = 0;
  const seq = ctx.container.db.sequelize;
  seq.addHook('beforeQuery', 'count', () => void n++);
  try {
    await ctx.http().get(path).set(bearer(listener)).expect(200);
  } finally {
    seq.removeHook('beforeQuery', 'count');
  }
  return n;
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.user('admin');
  listener = await ctx.user('listener');
  const album = { title: 'Counting Songs', artistNames: ['Tally'] };
  const track = async (title: string, durationMs = 200_000) => (await addTrack(ctx, { title, artistNames: [{ name: 'Tally', role: 'main' }], album, audio: { durationMs } })).id;
  counted = await track('Counted');
  skipped = await track('Skipped');
  short = await track('Jingle', 20_000);
  albumId = (await ctx.http().get(`/api/tracks/${counted}`).set(bearer(listener)).expect(200)).body.album.id;
});
afterAll(() => ctx.close());

describe('which plays count', () => {
  it('stores a 0 ms play but counts it nowhere; a play past half the track counts', async () => {
    await send(listener, [play(skipped, 0), play(skipped, 99_999), play(counted, 100_000), play(counted, 200_000), play(short, 10_000), play(short, 9_999)]).expect(202);
    const history = await ctx.http().get('/api/me/history?limit=50').set(bearer(listener)).expect(200);
    expect(history.body.items).toHaveLength(6);
    expect(history.body.items.filter((i: { msPlayed: number }) => i.msPlayed === 0)).toHaveLength(1);

    const stats = async (trackId: string) => (await ctx.http().get(`/api/tracks/${trackId}/stats`).set(bearer(admin)).expect(200)).body.totals;
    expect(await stats(skipped)).toMatchObject({ plays: 0, uniqueListeners: 0 });
    expect(await stats(counted)).toMatchObject({ plays: 2, uniqueListeners: 1 });
    expect(await stats(short)).toMatchObject({ plays: 1 });
    const platform = (await ctx.http().get('/api/admin/stats').set(bearer(admin)).expect(200)).body;
    expect(platform.totals.plays).toBe(3);
    expect(platform.topTracks.map((t: { trackId: string }) => t.trackId)).not.toContain(skipped);
  });

  it('shows play counts on tracks, albums and album lists in a fixed number of queries', async () => {
    const track = async (id: string) => (await ctx.http().get(`/api/tracks/${id}`).set(bearer(listener)).expect(200)).body.playCount;
    expect([await track(counted), await track(skipped), await track(short)]).toEqual([2, 0, 1]);
    const album = (await ctx.http().get(`/api/albums/${albumId}`).set(bearer(listener)).expect(200)).body;
    expect(album).toMatchObject({ playCount: 3, trackCount: 3, durationMs: 420_000 });
    const list = (await ctx.http().get('/api/albums').set(bearer(listener)).expect(200)).body.items;
    expect(list.find((a: { id: string }) => a.id === albumId)).toMatchObject({ playCount: 3, trackCount: 3, durationMs: 420_000 });
    const tracks = (await ctx.http().get('/api/tracks?limit=50').set(bearer(listener)).expect(200)).body.items;
    expect(Object.fromEntries(tracks.map((t: { id: string; playCount: number }) => [t.id, t.playCount]))).toMatchObject({ [counted]: 2, [skipped]: 0, [short]: 1 });
    expect(await queries('/api/tracks?limit=1')).toBe(await queries('/api/tracks?limit=50'));
    expect(await queries('/api/albums?limit=1')).toBe(await queries('/api/albums?limit=50'));
  });

  it('feeds only counted plays to recommendations: many skips do not make a track popular', async () => {
    const skipper = await ctx.user('listener');
    await send(skipper, Array.from({ length: 5 }, () => play(skipped, 0))).expect(202);
    const newcomer = await ctx.user('listener');
    const recs = (await ctx.http().get('/api/me/recommendations?limit=1').set(bearer(newcomer)).expect(200)).body.items;
    expect(recs[0].track.id).toBe(counted);
  });

  it('refuses bad input with 400 and writes nothing; anonymous callers get 401', async () => {
    const before = await count(ctx, 'plays');
    for (const bad of [play(counted, -1), play(counted, 1.5), play(counted, 999_999), { ...play(counted, 1000), trackId: newId() }]) {
      expect((await send(listener, [play(counted, 150_000), bad])).status).toBe(400);
    }
    expect((await ctx.http().post('/api/me/plays').send({ plays: [play(counted, 150_000)] })).status).toBe(401);
    expect(await count(ctx, 'plays')).toBe(before);
    expect((await ctx.http().get(`/api/tracks/${counted}/stats`).set(bearer(listener))).status).toBe(404);
  });
});

describe('a stricter rule from the configuration', () => {
  it('counts by PLAY_COUNT_* settings', async () => {
    const strict = await createTestContext({ PLAY_COUNT_FRACTION: '0.9', PLAY_COUNT_MAX_SECONDS: '600', PLAY_COUNT_MIN_SECONDS: '30' });
    try {
      const user = await strict.user('listener');
      const id = (await addTrack(strict, { title: 'Strict', artistNames: [{ name: 'Rule', role: 'main' }], audio: { durationMs: 200_000 } })).id;
      await strict.http().post('/api/me/plays').set(bearer(user)).send({ plays: [play(id, 150_000), play(id, 180_000)] }).expect(202);
      expect((await strict.http().get(`/api/tracks/${id}`).set(bearer(user)).expect(200)).body.playCount).toBe(1);
    } finally {
      await strict.close();
    }
  });
});
