import request from 'supertest';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { listen } from '../support/browser.js';
import { createApp } from '../../src/http/app.js';
import { buildAdminPanel } from '../../src/admin/admin-panel.js';
import { userActor } from '../../src/shared/actor.js';

let ctx: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let admin: TestUser, artist: TestUser;
const PAGE = '/admin/api/pages/apiKeys';

beforeAll(async () => {
  ctx = await createTestContext();
  server = await listen(createApp(ctx.container, { validateResponses: true, beforeBodyParsers: [await buildAdminPanel(ctx.container)] }));
  [admin, artist] = await Promise.all([ctx.user('admin', 'keysadmin'), ctx.user('artist', 'keysartist')]);
});
afterAll(async () => {
  await server?.close();
  await ctx.close();
});

/** A browser on the panel's pages: its requests carry the panel's own origin. */
async function signIn(user: { email: string; password: string }) {
  const agent = request.agent(server.url).set('Origin', server.url);
  expect((await agent.post('/admin/login').field('email', user.email).field('password', user.password)).status).toBe(302);
  return agent;
}

const keysOf = (user: TestUser) => ctx.container.services.apiKeys.list(userActor(user.id, user.role as 'admin' | 'artist'));

describe('the API keys page of the panel', () => {
  it('lists only the signed-in user’s keys, by name, never the key itself', async () => {
    const mine = await ctx.container.services.apiKeys.create(userActor(artist.id, 'artist'), { name: 'Tablet' });
    await ctx.container.services.apiKeys.create(userActor(admin.id, 'admin'), { name: 'Admin laptop' });
    const agent = await signIn(artist);
    const res = await agent.get(PAGE);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      serverUrl: ctx.container.config.publicUrl,
      username: 'keysartist',
      keys: [{ id: mine.id, name: 'Tablet', createdAt: expect.any(String), lastUsedAt: null }],
    });
    expect(JSON.stringify(res.body)).not.toContain(mine.key);
    await agent.post(PAGE).send({ action: 'delete', id: mine.id });
  });

  it('creates a key and answers it once, with the list', async () => {
    const agent = await signIn(admin);
    const res = await agent.post(PAGE).send({ action: 'create', name: '  Phone  ' });
    expect(res.status).toBe(200);
    expect(res.body.error).toBeUndefined();
    expect(res.body.created).toEqual({ id: expect.any(String), name: 'Phone', key: expect.any(String) });
    expect(res.body.keys.map((k: { name: string }) => k.name)).toContain('Phone');
    expect((await agent.get(PAGE)).body.created).toBeUndefined();
  });

  it('refuses a name that is empty or too long, and writes nothing', async () => {
    const agent = await signIn(artist);
    const before = await keysOf(artist);
    for (const name of ['', '   ', 'x'.repeat(101)]) {
      const res = await agent.post(PAGE).send({ action: 'create', name });
      expect(res.body.error).toMatch(/Invalid API key name: name must be 1-100 characters/);
      expect(res.body.created).toBeUndefined();
    }
    expect(await agent.post(PAGE).send({ action: 'rename', id: 'x' }).then((r) => r.body.error)).toMatch(/Unknown action/);
    expect(await keysOf(artist)).toEqual(before);
  });

  it("cannot delete another user's key: it is not found, and stays", async () => {
    const theirs = await ctx.container.services.apiKeys.create(userActor(admin.id, 'admin'), { name: 'Not yours' });
    const agent = await signIn(artist);
    const res = await agent.post(PAGE).send({ action: 'delete', id: theirs.id });
    expect(res.body.error).toBe('API key not found');
    expect((await keysOf(admin)).map((k) => k.id)).toContain(theirs.id);
  });

  it('takes no change from another site or without a sign-in', async () => {
    const agent = await signIn(artist);
    const before = await keysOf(artist);
    const foreign = await agent.post(PAGE).set('Origin', 'https://evil.example').send({ action: 'create', name: 'Forged' });
    expect(foreign.status).toBe(403);
    const crossSite = await agent.post(PAGE).set('Sec-Fetch-Site', 'cross-site').send({ action: 'create', name: 'Forged' });
    expect(crossSite.status).toBe(403);
    const anonymous = await request(server.url).post(PAGE).set('Origin', server.url).send({ action: 'create', name: 'Forged' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toMatch(/\/admin\/login$/);
    expect(await keysOf(artist)).toEqual(before);
    const read = await request(server.url).get(PAGE);
    expect(read.status).toBe(302);
    expect(read.headers.location).toMatch(/\/admin\/login$/);
  });
});
