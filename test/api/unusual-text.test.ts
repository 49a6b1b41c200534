import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { count } from '../support/catalog.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { InvalidError } from '../../src/shared/errors.js';

/**
 * Text no database keeps as sent: NUL (SQLite cuts SQL text there; PostgreSQL refuses it in
 * text) and half a UTF-16 surrogate pair (JSON can carry one as "\ud800"). Both are refused as
 * 400 naming the field, before anything is read or written.
 */
let ctx: TestContext;
let admin: TestUser;
let listener: TestUser;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.user('admin');
  listener = await ctx.user('listener');
});
afterAll(() => ctx.close());

const http = () => ctx.http();
const BAD = { nul: 'Bad\u0000Name', 'lone high surrogate': 'Bad\uD800Name', 'lone low surrogate': '\uDC00Bad' };

function expectRefused(res: { status: number; headers: Record<string, string>; body: { errors?: { path: string }[] } }, field: string) {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.errors?.map((e) => e.path)).toContain(field);
}

describe.each(Object.entries(BAD))('a string with a %s', (_kind, bad) => {
  it('as the login is 400, and nobody is signed in', async () => {
    const res = await http().post('/api/auth/login').send({ login: bad, password: 'whatever-password' });
    expectRefused(res, 'body.login');
    expect(res.body.accessToken).toBeUndefined();
  });

  it('as a registration username is 400, and no account is made', async () => {
    const before = await count(ctx, 'users');
    expectRefused(await http().post('/api/auth/register').send({ email: 'odd@example.com', username: bad, password: 'Long-enough-password-1' }), 'body.username');
    expect(await count(ctx, 'users')).toBe(before);
  });

  it('as an artist name is 400, nested genre names too, and nothing is stored', async () => {
    const before = [await count(ctx, 'artists'), await count(ctx, 'genres')];
    expectRefused(await http().post('/api/artists').set(bearer(admin)).send({ name: bad }), 'body.name');
    expectRefused(await http().post('/api/artists').set(bearer(admin)).send({ name: 'Fine Name', genres: ['Rock', bad] }), 'body.genres.1');
    expect([await count(ctx, 'artists'), await count(ctx, 'genres')]).toEqual(before);
  });

  it('reaching the catalog service from another door is refused as invalid', async () => {
    await expect(ctx.container.services.catalog.createArtist(SYSTEM, { name: bad })).rejects.toBeInstanceOf(InvalidError);
    await expect(ctx.container.services.catalog.createGenre(SYSTEM, { name: bad })).rejects.toBeInstanceOf(InvalidError);
    await expect(ctx.container.services.catalog.search(SYSTEM, { q: bad })).rejects.toBeInstanceOf(InvalidError);
  });
});

// A URL is UTF-8 text, so half a surrogate pair cannot travel in one; NUL can, as %00.
describe('NUL in the URL', () => {
  it('as a search query is 400', async () => {
    expectRefused(await http().get('/api/search').query({ q: BAD.nul }).set(bearer(listener)), 'query.q');
    expectRefused(await http().get('/api/search?q=a%00b&type=artist').set(bearer(listener)), 'query.q');
  });

  it('in the path is 400', async () => {
    expectRefused(await http().get('/api/artists/%00').set(bearer(listener)), 'path');
  });
});

describe('text that only looks unusual', () => {
  it('keeps paired surrogates (emoji), other scripts and escapes like "\\0" as they are', async () => {
    const name = 'Émoji 🎸 Группа \\0';
    const res = await http().post('/api/artists').set(bearer(admin)).send({ name }).expect(201);
    expect(res.body.name).toBe(name);
    const found = await http().get('/api/search').query({ q: '🎸 Группа' }).set(bearer(listener));
    expect(found.status).toBe(200);
  });

  it('is checked before credentials: without a token, or as a listener, it is 400 and nothing is written', async () => {
    const before = await count(ctx, 'artists');
    expectRefused(await http().post('/api/artists').send({ name: BAD.nul }), 'body.name');
    expectRefused(await http().post('/api/artists').set(bearer(listener)).send({ name: BAD.nul }), 'body.name');
    expect(await count(ctx, 'artists')).toBe(before);
  });
});
