import { createTestContext, bearer, type TestContext } from '../support/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('GET/PATCH /api/me', () => {
  it('returns and updates the signed-in user', async () => {
    const u = await ctx.user();
    const me = await ctx.http().get('/api/me').set(bearer(u));
    expect(me.status).toBe(200);
    expect(Object.keys(me.body).sort()).toEqual(['createdAt', 'displayName', 'email', 'emailVerified', 'id', 'role', 'username']);
    const res = await ctx.http().patch('/api/me').set(bearer(u)).send({ displayName: 'New Name' });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('New Name');
  });

  it('a new email waits for its link; the account keeps its verified address until then', async () => {
    const u = await ctx.user();
    const res = await ctx.http().patch('/api/me').set(bearer(u)).send({ email: `changed-${u.username}@example.com` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: u.email, emailVerified: true, pendingEmail: `changed-${u.username}@example.com` });
  });

  it.each([
    [{ role: 'admin' }, 'body.role'],
    [{ id: '00000000-0000-0000-0000-000000000000' }, 'body.id'],
    [{ displayName: '' }, 'body.displayName'],
    [{ email: 'nope' }, 'body.email'],
    [{}, 'body'],
  ])('rejects %j and changes nothing', async (body, path) => {
    const u = await ctx.user();
    const res = await ctx.http().patch('/api/me').set(bearer(u)).send(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain(path);
    const me = await ctx.http().get('/api/me').set(bearer(u));
    expect(me.body.role).toBe('listener');
    expect(me.body.displayName).toBe(u.username);
  });

  it('refuses a username someone else has', async () => {
    const a = await ctx.user();
    const b = await ctx.user();
    expect((await ctx.http().patch('/api/me').set(bearer(b)).send({ username: a.username.toUpperCase() })).status).toBe(409);
  });

  it('needs a token', async () => {
    expect((await ctx.http().get('/api/me')).status).toBe(401);
    expect((await ctx.http().patch('/api/me').send({ displayName: 'x' })).status).toBe(401);
  });
});

describe('admin users', () => {
  it('lists with filters and pages with a cursor', async () => {
    const admin = await ctx.user('admin');
    for (let i = 0; i < 3; i++) await ctx.user('artist');
    const first = await ctx.http().get('/api/admin/users?role=artist&limit=2').set(bearer(admin));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items.every((u: { role: string }) => u.role === 'artist')).toBe(true);
    expect(first.body.items[0]).not.toHaveProperty('passwordHash');
    const second = await ctx.http().get(`/api/admin/users?role=artist&limit=2&cursor=${first.body.nextCursor}`).set(bearer(admin));
    expect(second.status).toBe(200);
    const ids = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    const q = await ctx.http().get(`/api/admin/users?q=${admin.username}`).set(bearer(admin));
    expect(q.body.items.map((u: { id: string }) => u.id)).toEqual([admin.id]);
  });

  it('rejects bad filters and cursors', async () => {
    const admin = await ctx.user('admin');
    expect((await ctx.http().get('/api/admin/users?role=king').set(bearer(admin))).status).toBe(400);
    expect((await ctx.http().get('/api/admin/users?limit=1000').set(bearer(admin))).status).toBe(400);
    expect((await ctx.http().get('/api/admin/users?cursor=garbage!').set(bearer(admin))).status).toBe(400);
    expect((await ctx.http().get('/api/admin/users?unknown=1').set(bearer(admin))).status).toBe(400);
  });

  it('changes role and status', async () => {
    const admin = await ctx.user('admin');
    const u = await ctx.user();
    const res = await ctx.http().patch(`/api/admin/users/${u.id}`).set(bearer(admin)).send({ role: 'artist' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: u.id, role: 'artist', status: 'active' });
  });

  it('validates the patch and writes nothing on bad input', async () => {
    const admin = await ctx.user('admin');
    const u = await ctx.user();
    for (const body of [{ role: 'owner' }, { status: 'gone' }, { email: 'x@example.com' }, {}]) {
      expect((await ctx.http().patch(`/api/admin/users/${u.id}`).set(bearer(admin)).send(body)).status).toBe(400);
    }
    expect((await ctx.http().patch('/api/admin/users/not-a-uuid').set(bearer(admin)).send({ role: 'artist' })).status).toBe(400);
    expect((await ctx.http().patch('/api/admin/users/00000000-0000-4000-8000-000000000000').set(bearer(admin)).send({ role: 'artist' })).status).toBe(404);
    const me = await ctx.http().get('/api/me').set(bearer(u));
    expect(me.body.role).toBe('listener');
  });

  it('is for admins only', async () => {
    const listener = await ctx.user();
    const artist = await ctx.user('artist');
    for (const u of [listener, artist]) {
      expect((await ctx.http().get('/api/admin/users').set(bearer(u))).status).toBe(403);
      expect((await ctx.http().patch(`/api/admin/users/${listener.id}`).set(bearer(u)).send({ role: 'admin' })).status).toBe(403);
    }
    expect((await ctx.http().get('/api/admin/users')).status).toBe(401);
    expect((await ctx.http().get('/api/me').set(bearer(listener))).body.role).toBe('listener');
  });

  it('will not demote or ban the last admin', async () => {
    await ctx.truncate();
    const admin = await ctx.user('admin');
    expect((await ctx.http().patch(`/api/admin/users/${admin.id}`).set(bearer(admin)).send({ role: 'listener' })).status).toBe(409);
    expect((await ctx.http().patch(`/api/admin/users/${admin.id}`).set(bearer(admin)).send({ status: 'banned' })).status).toBe(409);
  });
});
