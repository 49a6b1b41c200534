import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { countRows } from '../support/media.js';

// Found by the fuzzer: the response validator keys its cache by the request's Content-Type and
// reads it as a URI, so a stray '%' there (even on a GET) was a 500.

let ctx: TestContext;
let user: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  user = await ctx.user('listener');
});
afterAll(() => ctx.close());

describe('Content-Type at the edge', () => {
  it('ignores the Content-Type of a request that has no body', async () => {
    const res = await ctx.http().get('/api/me').set(bearer(user)).set('Content-Type', '{"a":"%zz"}');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(user.id);
  });

  it('accepts a JSON body whose Content-Type has parameters nothing reads', async () => {
    const res = await ctx.http().post('/api/playlists').set(bearer(user)).set('Content-Type', 'application/json; x=%zz').send(JSON.stringify({ name: 'Mix' }));
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Mix');
  });

  it.each([['application/%zz'], ['json'], ['application/json; charset']])('refuses a body described as %j with a 4xx problem, writing nothing', async (type) => {
    const before = await countRows(ctx, 'playlists');
    const res = await ctx.http().post('/api/playlists').set(bearer(user)).set('Content-Type', type).send(JSON.stringify({ name: 'Mix' }));
    expect([400, 415]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await countRows(ctx, 'playlists')).toBe(before);
  });

  it('still refuses anonymous callers first', async () => {
    expect((await ctx.http().get('/api/me').set('Content-Type', 'a/%zz')).status).toBe(401);
  });
});
