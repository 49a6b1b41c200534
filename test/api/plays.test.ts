import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { makeArtist, makeTrack } from '../support/fixtures.js';
import { newId } from '../../src/shared/ids.js';

let ctx: TestContext;
let alice: TestUser;
let track: { id: string; durationMs: number };
let short: { id: string; durationMs: number };

beforeAll(async () => {
  ctx = await createTestContext();
  alice = await ctx.user('listener');
  const artist = await makeArtist();
  track = await makeTrack({ artistIds: [artist.id], durationMs: 200_000 });
  short = await makeTrack({ artistIds: [artist.id], durationMs: 30_000 });
});
afterAll(() => ctx.close());

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const playsOf = async (userId: string) => {
  const [rows] = await ctx.container.db.sequelize.query('SELECT client_play_id, ms_played, completed, source FROM plays WHERE user_id = :userId ORDER BY client_play_id', { replacements: { userId } });
  return (rows as { client_play_id: string; ms_played: number; completed: number | boolean; source: string | null }[]).map((r) => ({ ...r, completed: Boolean(r.completed) }));
};
const post = (user: TestUser, plays: unknown[]) => ctx.http().post('/api/me/plays').set(bearer(user)).send({ plays });

describe('POST /api/me/plays', () => {
  it('stores a batch once, counts duplicates on resend and derives completed', async () => {
    const me = await ctx.user('listener');
    const batch = [
      { clientPlayId: 'p-1', trackId: track.id, startedAt: minutesAgo(30), msPlayed: 200_000, source: 'playlist' },
      { clientPlayId: 'p-2', trackId: track.id, startedAt: minutesAgo(20), msPlayed: 179_000 },
      { clientPlayId: 'p-3', trackId: track.id, startedAt: minutesAgo(10), msPlayed: 180_000 },
      { clientPlayId: 'p-4', trackId: short.id, startedAt: minutesAgo(5), msPlayed: 25_000 },
      { clientPlayId: 'p-5', trackId: short.id, startedAt: minutesAgo(4), msPlayed: 24_999 },
    ];
    const first = await post(me, batch);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: 5, duplicates: 0 });
    const again = await post(me, batch);
    expect(again.body).toEqual({ accepted: 0, duplicates: 5 });
    const overlap = await post(me, [batch[0], { ...batch[1], clientPlayId: 'p-6' }, { ...batch[1], clientPlayId: 'p-6' }]);
    expect(overlap.body).toEqual({ accepted: 1, duplicates: 2 });
    expect((await playsOf(me.id)).map((p) => [p.client_play_id, p.completed, p.source])).toEqual([
      ['p-1', true, 'playlist'],
      ['p-2', false, null],
      ['p-3', true, null],
      ['p-4', true, null],
      ['p-5', false, null],
      ['p-6', false, null],
    ]);
    // The same clientPlayId from another user is another play.
    expect((await post(alice, [batch[0]])).body).toEqual({ accepted: 1, duplicates: 0 });
  });

  it.each([
    ['an unknown track', (p: Record<string, unknown>) => ({ ...p, trackId: newId() }), 'plays[1].trackId'],
    ['msPlayed longer than the track', (p: Record<string, unknown>) => ({ ...p, msPlayed: 211_000 }), 'plays[1].msPlayed'],
    ['a start in the future', (p: Record<string, unknown>) => ({ ...p, startedAt: new Date(Date.now() + 3_600_000).toISOString() }), 'plays[1].startedAt'],
    ['a start before 2000', (p: Record<string, unknown>) => ({ ...p, startedAt: '1999-12-31T23:00:00Z' }), 'plays[1].startedAt'],
    ['a negative msPlayed', (p: Record<string, unknown>) => ({ ...p, msPlayed: -1 }), 'body.plays.1.msPlayed'],
    ['a malformed track id', (p: Record<string, unknown>) => ({ ...p, trackId: 'abc' }), 'body.plays.1.trackId'],
    ['a bad clientPlayId', (p: Record<string, unknown>) => ({ ...p, clientPlayId: 'has space' }), 'body.plays.1.clientPlayId'],
    ['an extra field', (p: Record<string, unknown>) => ({ ...p, completed: true }), 'body.plays.1.completed'],
  ])('rejects a batch with %s (400 naming the play) and stores none of it', async (_name, spoil, path) => {
    const me = await ctx.user('listener');
    const good = { clientPlayId: 'ok-0', trackId: track.id, startedAt: minutesAgo(3), msPlayed: 1000 };
    const res = await post(me, [good, spoil({ ...good, clientPlayId: 'bad-1' })]);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await playsOf(me.id)).toEqual([]);
  });

  it('refuses an empty batch and one over 500', async () => {
    const me = await ctx.user('listener');
    expect((await post(me, [])).status).toBe(400);
    const many = Array.from({ length: 501 }, (_, i) => ({ clientPlayId: `m-${i}`, trackId: track.id, startedAt: minutesAgo(1), msPlayed: 1 }));
    expect((await post(me, many)).status).toBe(400);
    expect((await post(me, many.slice(0, 500))).body).toEqual({ accepted: 500, duplicates: 0 });
  });

  it('answers 401 without a token', async () => {
    const res = await ctx.http().post('/api/me/plays').send({ plays: [{ clientPlayId: 'x', trackId: track.id, startedAt: minutesAgo(1), msPlayed: 1 }] });
    expect(res.status).toBe(401);
    expect((await ctx.http().get('/api/me/history')).status).toBe(401);
  });
});

describe('GET /api/me/history', () => {
  it('lists my plays newest first with the track, paged', async () => {
    const me = await ctx.user('listener');
    await post(me, [
      { clientPlayId: 'h-1', trackId: track.id, startedAt: minutesAgo(50), msPlayed: 10_000 },
      { clientPlayId: 'h-2', trackId: short.id, startedAt: minutesAgo(40), msPlayed: 30_000, source: 'album' },
      { clientPlayId: 'h-3', trackId: track.id, startedAt: minutesAgo(30), msPlayed: 190_000 },
    ]).expect(202);
    const all = await ctx.http().get('/api/me/history').set(bearer(me));
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: { clientPlayId: string }) => i.clientPlayId)).toEqual(['h-3', 'h-2', 'h-1']);
    expect(all.body.items[1]).toMatchObject({ msPlayed: 30_000, completed: true, source: 'album', track: { id: short.id } });
    const p1 = await ctx.http().get('/api/me/history?limit=2').set(bearer(me));
    const p2 = await ctx.http().get(`/api/me/history?limit=2&cursor=${p1.body.nextCursor}`).set(bearer(me));
    expect([...p1.body.items, ...p2.body.items]).toEqual(all.body.items);
    expect(p2.body.nextCursor).toBeNull();
    // Someone else's history is not mine.
    const other = await ctx.user('listener');
    expect((await ctx.http().get('/api/me/history').set(bearer(other))).body.items).toEqual([]);
  });
});
