import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { addPlays, twoClusterCatalog } from '../support/recommendations.js';
import { SYSTEM } from '../../src/shared/actor.js';

/** A low rating acts on what the listener reads next, not at the next batch run. */
let ctx: TestContext;
let world: Awaited<ReturnType<typeof twoClusterCatalog>>;
let fan: TestUser;
let other: TestUser;

const get = (path: string, user: TestUser) => ctx.http().get(path).set(bearer(user));
const ids = (items: { track: { id: string } }[]) => items.map((i) => i.track.id);
const rate = (user: TestUser, trackId: string, score: unknown) => ctx.http().put(`/api/tracks/${trackId}/rating`).set(bearer(user)).send({ score });

async function mixTrackIds(user: TestUser): Promise<string[][]> {
  const mixes = (await get('/api/me/mixes', user).expect(200)).body.items as { id: string }[];
  const out: string[][] = [];
  for (const m of mixes) out.push(ids((await get(`/api/playlists/${m.id}/tracks?limit=100`, user).expect(200)).body.items));
  return out;
}

beforeAll(async () => {
  ctx = await createTestContext();
  world = await twoClusterCatalog();
  const c = ctx.container;
  for (let n = 0; n < 4; n++) {
    const j = await ctx.user('listener');
    await addPlays(c, j.id, world.J, { times: 2 });
    await addPlays(c, j.id, world.P, { times: 3 });
  }
  fan = await ctx.user('listener');
  other = await ctx.user('listener');
  await addPlays(c, fan.id, world.J.slice(0, 2), { times: 2 });
  await addPlays(c, other.id, world.J.slice(0, 2), { times: 2 });
  await c.services.recommendations.run(SYSTEM, { model: 'hybrid', top: 10 });
});
afterAll(() => ctx.close());

describe('a low rating hides a track at once', () => {
  it('rating the #1 recommendation 1 removes it from recommendations and mixes, for the rater only', async () => {
    const before = ids((await get('/api/me/recommendations?limit=100', fan).expect(200)).body.items);
    const top = before[0]!;
    expect((await mixTrackIds(fan)).flat()).toContain(top);
    await rate(fan, top, 1).expect(200);
    const after = await get('/api/me/recommendations?limit=100', fan).expect(200);
    expect(ids(after.body.items)).toEqual(before.filter((id) => id !== top));
    for (const list of await mixTrackIds(fan)) expect(list).not.toContain(top);
    expect(ids((await get('/api/me/recommendations?limit=100', other).expect(200)).body.items)).toContain(top);
  });

  it('keeps paging by rank stable around a hidden track', async () => {
    const all = ids((await get('/api/me/recommendations?limit=100', fan).expect(200)).body.items);
    await rate(fan, all[1]!, 2).expect(200);
    const first = await get('/api/me/recommendations?limit=2', fan).expect(200);
    const second = await get(`/api/me/recommendations?limit=100&cursor=${first.body.nextCursor}`, fan).expect(200);
    expect([...ids(first.body.items), ...ids(second.body.items)]).toEqual(all.filter((_, i) => i !== 1));
  });

  it('a rating of 3 or more hides nothing; removing the rating brings the track back', async () => {
    const all = ids((await get('/api/me/recommendations?limit=100', fan).expect(200)).body.items);
    await rate(fan, all[0]!, 3).expect(200);
    expect(ids((await get('/api/me/recommendations?limit=100', fan).expect(200)).body.items)).toEqual(all);
    const hidden = (await get('/api/me/recommendations?limit=100', fan).expect(200)).body.items.length;
    await rate(fan, all[0]!, 1).expect(200);
    expect((await get('/api/me/recommendations?limit=100', fan).expect(200)).body.items).toHaveLength(hidden - 1);
    await ctx.http().delete(`/api/tracks/${all[0]}/rating`).set(bearer(fan)).expect(204);
    expect(ids((await get('/api/me/recommendations?limit=100', fan).expect(200)).body.items)).toEqual(all);
  });

  it('a bad score is refused and hides nothing; anonymous callers get 401', async () => {
    const all = ids((await get('/api/me/recommendations?limit=100', other).expect(200)).body.items);
    for (const score of [0, 6, 'x', null]) expect((await rate(other, all[0]!, score)).status).toBe(400);
    expect(ids((await get('/api/me/recommendations?limit=100', other).expect(200)).body.items)).toEqual(all);
    expect((await ctx.http().get('/api/me/recommendations')).status).toBe(401);
  });
});
