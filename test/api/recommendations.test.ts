import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { makeGenre, makeTrack, makeArtist } from '../support/fixtures.js';
import { addPlays, addRating, twoClusterCatalog } from '../support/recommendations.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { newId } from '../../src/shared/ids.js';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof twoClusterCatalog>>;
let jazzFan: TestUser;
let newcomer: TestUser;
let picky: TestUser;

const get = (path: string, user?: TestUser) => {
  const req = ctx.http().get(path);
  return user ? req.set(bearer(user)) : req;
};

beforeAll(async () => {
  ctx = await createTestContext();
  world = await twoClusterCatalog();
  const c = ctx.container;
  for (let n = 0; n < 4; n++) {
    const j = await ctx.user('listener');
    await addPlays(c, j.id, world.J, { times: 2 });
    await addPlays(c, j.id, world.P, { times: 3 });
    const r = await ctx.user('listener');
    await addPlays(c, r.id, world.R, { times: 2 });
    await addPlays(c, r.id, world.P, { times: 3 });
  }
  jazzFan = await ctx.user('listener');
  await addPlays(c, jazzFan.id, world.J.slice(0, 2), { times: 2 });
  picky = await ctx.user('listener');
  await addRating(c, picky.id, world.P[0]!, 1);
  newcomer = await ctx.user('artist');
});
afterAll(() => ctx.close());

describe('before any run', () => {
  it('recommends popular tracks, most played first, with a reason', async () => {
    const res = await get('/api/me/recommendations?limit=3', newcomer);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items[0].track.id).toBe(world.P[0]);
    expect(res.body.items[0].reason).toBe('Popular in Pop');
    expect(typeof res.body.generatedAt).toBe('string');
  });

  it('leaves out tracks the user rated low', async () => {
    const res = await get('/api/me/recommendations?limit=100', picky);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { track: { id: string } }) => i.track.id)).not.toContain(world.P[0]);
  });

  it('falls back to tracks of the same genre for similar tracks', async () => {
    const res = await get(`/api/tracks/${world.J[0]}/similar?limit=5`, jazzFan);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((i: { track: { id: string } }) => i.track.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id: string) => world.J.includes(id) && id !== world.J[0])).toBe(true);
    expect(res.body.items.every((i: { score: number }) => i.score === 0)).toBe(true);
  });

  it('has no mixes yet', async () => {
    const res = await get('/api/me/mixes', jazzFan);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [] });
  });
});

describe('after a run', () => {
  let runFinished: Date;
  beforeAll(async () => {
    await ctx.container.services.recommendations.run(SYSTEM, { model: 'hybrid', top: 10 });
    runFinished = new Date();
  });

  it('serves the stored recommendations, paged by rank', async () => {
    const first = await get('/api/me/recommendations?limit=4', jazzFan);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(4);
    expect(first.body.items[0].reason).toMatch(/^Because you played J[12]$/);
    expect(world.J).toContain(first.body.items[0].track.id);
    expect(new Date(first.body.generatedAt).getTime()).toBeLessThanOrEqual(runFinished.getTime());
    const scores = first.body.items.map((i: { score: number }) => i.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const second = await get(`/api/me/recommendations?limit=4&cursor=${first.body.nextCursor}`, jazzFan);
    expect(second.status).toBe(200);
    const ids = [...first.body.items, ...second.body.items].map((i: { track: { id: string } }) => i.track.id);
    expect(new Set(ids).size).toBe(8);
    const rest = await get(`/api/me/recommendations?limit=100&cursor=${second.body.nextCursor}`, jazzFan);
    expect(rest.body.items).toHaveLength(2);
    expect(rest.body.nextCursor).toBeNull();
    const all = await get('/api/me/recommendations?limit=100', jazzFan);
    expect(all.body.items.map((i: { track: { id: string } }) => i.track.id)).toEqual([...ids, ...rest.body.items.map((i: { track: { id: string } }) => i.track.id)]);
  });

  it('reads a page in a fixed number of queries, however long the page', async () => {
    const count = async (limit: number) => {
      let n = 0;
      const seq = ctx.container.db.sequelize;
      const hook = () => void n++;
      seq.addHook('beforeQuery', 'count', hook);
      try {
        expect((await get(`/api/me/recommendations?limit=${limit}`, jazzFan)).status).toBe(200);
      } finally {
        seq.removeHook('beforeQuery', 'count');
      }
      return n;
    };
    expect(await count(10)).toBe(await count(3));
  });

  it('lists the caller\'s generated playlists', async () => {
    const res = await get('/api/me/mixes', jazzFan);
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { name: string }) => p.name)).toContain('Discover Weekly');
    for (const p of res.body.items) {
      expect(p).toMatchObject({ kind: 'generated', visibility: 'private', owner: { id: jazzFan.id } });
      expect(p.trackCount).toBeGreaterThan(0);
    }
    const mix = res.body.items[0];
    const entries = await get(`/api/playlists/${mix.id}/tracks?limit=100`, jazzFan);
    expect(entries.status).toBe(200);
    expect(entries.body.items.map((e: { position: number }) => e.position)).toEqual(Array.from({ length: mix.trackCount }, (_, i) => i));
    expect((await get(`/api/playlists/${mix.id}/tracks`, newcomer)).status).toBe(404);
    const other = await get('/api/me/mixes', newcomer);
    expect(other.body.items.every((p: { owner: { id: string } }) => p.owner.id === newcomer.id)).toBe(true);
  });

  it('serves similar tracks from the run, most similar first', async () => {
    const res = await get(`/api/tracks/${world.J[0]}/similar?limit=3`, jazzFan);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items[0].score).toBeGreaterThan(0);
    expect(world.J).toContain(res.body.items[0].track.id);
  });

  it('covers a track added after the run with the genre fallback', async () => {
    const artist = await makeArtist();
    const fresh = await makeTrack({ artistIds: [artist.id], genreIds: [world.genres.rock.id] });
    const res = await get(`/api/tracks/${fresh.id}/similar`, jazzFan);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((i: { track: { id: string } }) => world.R.includes(i.track.id) || i.track.id !== fresh.id)).toBe(true);
  });

  it('a user created after the run still gets popular tracks', async () => {
    const late = await ctx.user('listener');
    const res = await get('/api/me/recommendations', late);
    expect(res.status).toBe(200);
    expect(res.body.items[0].track.id).toBe(world.P[0]);
  });
});

describe('bad input and access', () => {
  it.each(['/api/me/recommendations', '/api/me/mixes', `/api/tracks/${newId()}/similar`])('%s needs a token', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it.each(['limit=0', 'limit=101', 'limit=abc', 'cursor=%%%'])('rejects %s', async (query) => {
    const res = await get(`/api/me/recommendations?${query}`, jazzFan);
    expect(res.status).toBe(400);
  });

  it('answers 404 for an unknown track and 400 for a malformed id', async () => {
    expect((await get(`/api/tracks/${newId()}/similar`, jazzFan)).status).toBe(404);
    expect((await get('/api/tracks/not-a-uuid/similar', jazzFan)).status).toBe(400);
  });

  it('rejects a genre-less world without crashing: a track with no genre gets an empty list', async () => {
    const artist = await makeArtist();
    const lone = await makeTrack({ artistIds: [artist.id] });
    await makeGenre();
    const res = await get(`/api/tracks/${lone.id}/similar`, jazzFan);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });
});
