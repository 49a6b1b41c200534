import request from 'supertest';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { listen } from '../support/browser.js';
import { makeArtist, makeTrack } from '../support/fixtures.js';
import { countRows } from '../support/media.js';
import { createApp } from '../../src/http/app.js';
import { buildAdminPanel } from '../../src/admin/admin-panel.js';
import { SYSTEM } from '../../src/shared/actor.js';

let ctx: TestContext;
let server: Awaited<ReturnType<typeof listen>>;
let admin: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  server = await listen(createApp(ctx.container, { validateResponses: true, beforeBodyParsers: [await buildAdminPanel(ctx.container)] }));
  admin = await ctx.user('admin');
});
afterAll(async () => {
  await server?.close();
  await ctx?.close();
});

const FOREIGN = 'https://evil.example';
const api = (path: string) => `/admin/api/resources/${path}`;
const statusOf = async (id: string) => (await ctx.container.services.users.getForAdmin(SYSTEM, id)).status;

/** A signed-in admin's browser: the cookie goes with every request, whoever made the page. */
async function adminBrowser() {
  const agent = request.agent(server.url);
  const res = await agent.post('/admin/login').set('Origin', server.url).field('email', admin.email).field('password', admin.password);
  expect(res.status).toBe(302);
  return agent;
}

describe('state changes in the panel', () => {
  it('are not made by GET: ban, unban and password reset links change nothing', async () => {
    const agent = await adminBrowser();
    const active = await ctx.user('listener');
    const banned = await ctx.user('listener');
    await ctx.container.services.users.adminUpdate(SYSTEM, banned.id, { status: 'banned' });
    const mails = ctx.mailer.sent.length;
    for (const [id, action] of [[active.id, 'ban'], [banned.id, 'unban'], [active.id, 'sendPasswordReset']] as const) {
      const res = await agent.get(api(`users/records/${id}/${action}`));
      expect(res.body.notice?.type).not.toBe('success');
    }
    // A cross-site top-level navigation to the same URLs.
    await agent.get(api(`users/records/${active.id}/ban`)).set('Sec-Fetch-Site', 'cross-site').set('Sec-Fetch-Mode', 'navigate');
    expect(await statusOf(active.id)).toBe('active');
    expect(await statusOf(banned.id)).toBe('banned');
    expect(ctx.mailer.sent.length).toBe(mails);
  });

  it('are refused from another origin, or with no origin at all, and nothing changes', async () => {
    const agent = await adminBrowser();
    const target = await ctx.user('listener');
    const mine = await makeArtist({ name: 'Csrf Artist' });
    const track = await makeTrack({ title: 'Csrf Track', artistIds: [mine.id] });
    const tracks = await countRows(ctx, 'tracks');
    const attempts = [
      () => agent.post(api(`users/records/${target.id}/ban`)).set('Origin', FOREIGN),
      () => agent.post(api(`users/records/${target.id}/ban`)).set('Referer', `${FOREIGN}/page`),
      () => agent.post(api(`users/records/${target.id}/ban`)).set('Origin', server.url).set('Sec-Fetch-Site', 'same-site'),
      () => agent.post(api(`users/records/${target.id}/ban`)),
      () => agent.post(api(`users/records/${target.id}/ban`)).set('Origin', 'null'),
      () => agent.post(api(`users/records/${target.id}/edit`)).set('Origin', FOREIGN).type('form').send({ role: 'admin' }),
      () => agent.post(api(`tracks/records/${track.id}/delete`)).set('Origin', FOREIGN),
      () => agent.post(api('tracks/bulk/bulkDelete')).query({ recordIds: track.id }).set('Origin', FOREIGN),
      () => agent.post(api('announcements/actions/new')).set('Origin', FOREIGN).field('text', 'forged'),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/problem\+json|text\/plain|json/);
    }
    const user = await ctx.container.services.users.getForAdmin(SYSTEM, target.id);
    expect([user.status, user.role]).toEqual(['active', 'listener']);
    expect(await countRows(ctx, 'tracks')).toBe(tracks);
    expect(await countRows(ctx, 'announcements')).toBe(0);
  });

  it("are made by the panel's own POST, with its origin or its referrer", async () => {
    const agent = await adminBrowser();
    const target = await ctx.user('listener');
    const ban = await agent.post(api(`users/records/${target.id}/ban`)).set('Origin', server.url).set('Sec-Fetch-Site', 'same-origin');
    expect(ban.body.notice.type).toBe('success');
    expect(await statusOf(target.id)).toBe('banned');
    const unban = await agent.post(api(`users/records/${target.id}/unban`)).set('Referer', `${server.url}/admin/resources/users`);
    expect(unban.body.notice.type).toBe('success');
    expect(await statusOf(target.id)).toBe('active');
  });

  it('include signing in and out: a foreign sign-in makes no session, a foreign link signs nobody out', async () => {
    const forged = await request(server.url).post('/admin/login').set('Origin', FOREIGN).field('email', admin.email).field('password', admin.password);
    expect(forged.status).toBe(403);
    expect(forged.headers['set-cookie']).toBeUndefined();
    const agent = await adminBrowser();
    await agent.get('/admin/logout').set('Sec-Fetch-Site', 'cross-site');
    expect((await agent.get(api('users/actions/list'))).status).toBe(200);
    await agent.get('/admin/logout').set('Sec-Fetch-Site', 'same-origin');
    expect((await agent.get(api('users/actions/list'))).status).toBe(302);
  });
});
