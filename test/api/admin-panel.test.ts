import request from 'supertest';
import type { Express } from 'express';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { listen } from '../support/browser.js';
import { makeArtist, makeTrack } from '../support/fixtures.js';
import { createApp } from '../../src/http/app.js';
import { buildAdminPanel } from '../../src/admin/admin-panel.js';
import { SYSTEM } from '../../src/shared/actor.js';

let ctx: TestContext;
let app: Express;
let server: Awaited<ReturnType<typeof listen>>;
let admin: TestUser, artist: TestUser, otherArtist: TestUser, listener: TestUser;
let mine: { id: string }, theirs: { id: string };
let myTrack: { id: string }, theirTrack: { id: string };

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.container, { validateResponses: true, beforeBodyParsers: [await buildAdminPanel(ctx.container)] });
  server = await listen(app);
  [admin, artist, otherArtist, listener] = await Promise.all([ctx.user('admin'), ctx.user('artist'), ctx.user('artist'), ctx.user('listener')]);
  mine = await makeArtist({ name: 'Panel Mine', managerId: artist.id });
  theirs = await makeArtist({ name: 'Panel Theirs', managerId: otherArtist.id });
  myTrack = await makeTrack({ title: 'My Song', artistIds: [mine.id] });
  theirTrack = await makeTrack({ title: 'Their Song', artistIds: [theirs.id] });
});
afterAll(async () => {
  await server?.close();
  await ctx.close();
});

/** A browser on the panel's pages: its requests carry the panel's own origin. */
async function signIn(user: { email: string; password: string }) {
  const agent = request.agent(server.url).set('Origin', server.url);
  const res = await agent.post('/admin/login').field('email', user.email).field('password', user.password);
  return { agent, res };
}

const api = (path: string) => `/admin/api/resources/${path}`;

/** AdminJS answers a refused action with 200 and an error notice (or 403/404), never with data. */
function refused(res: request.Response, kind: RegExp) {
  if (res.status === 200) {
    expect(res.body.notice).toMatchObject({ type: 'error' });
    expect(res.body.notice.message).toMatch(kind);
    expect(res.body.records ?? []).toEqual([]);
    expect(res.body.record?.params ?? {}).toEqual({});
  } else {
    expect([403, 404]).toContain(res.status);
  }
}

describe('panel sign-in', () => {
  it('signs an admin in with a database session and a HttpOnly, SameSite cookie; the panel has its own CSP', async () => {
    const { agent, res } = await signIn(admin);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/rhythmo\.admin=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/admin/);
    const [rows] = await ctx.container.db.sequelize.query('SELECT data FROM admin_sessions');
    expect((rows as { data: string }[]).some((r) => r.data.includes(admin.id))).toBe(true);
    const page = await agent.get('/admin');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self' 'unsafe-inline'/);
    const apiCsp = (await request(app).get('/healthz')).headers['content-security-policy'];
    expect(apiCsp).toMatch(/default-src 'none'/);
  });

  it('refuses listeners, banned accounts and wrong passwords; no session is made', async () => {
    const before = await sessionCount();
    for (const creds of [listener, { email: admin.email, password: 'wrong password here' }]) {
      const { agent, res } = await signIn(creds);
      expect(res.status).not.toBe(302);
      expect((await agent.get(api('tracks/actions/list'))).status).toBe(302);
    }
    const banned = await ctx.user('artist');
    await ctx.container.services.users.adminUpdate(SYSTEM, banned.id, { status: 'banned' });
    const { res } = await signIn(banned);
    expect(res.status).not.toBe(302);
    expect(res.text).toMatch(/banned/);
    expect(await sessionCount()).toBe(before);
  });

  it('ends a panel session as soon as the account is banned', async () => {
    const victim = await ctx.user('artist');
    const { agent } = await signIn(victim);
    expect((await agent.get(api('tracks/actions/list'))).status).toBe(200);
    await ctx.container.services.users.adminUpdate(SYSTEM, victim.id, { status: 'banned' });
    const after = await agent.get(api('tracks/actions/list'));
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe('/admin/login');
  });
});

async function sessionCount() {
  const [rows] = await ctx.container.db.sequelize.query('SELECT COUNT(*) AS n FROM admin_sessions');
  return Number((rows as { n: number }[])[0]!.n);
}

describe('users in the panel', () => {
  it('never shows the password hash, in lists or records', async () => {
    const { agent } = await signIn(admin);
    const list = await agent.get(api('users/actions/list'));
    expect(list.status).toBe(200);
    expect(list.body.records.length).toBeGreaterThan(0);
    const show = await agent.get(api(`users/records/${listener.id}/show`));
    expect(show.status).toBe(200);
    expect(show.body.record.params.email).toBe(listener.email);
    for (const text of [list.text, show.text]) {
      expect(text).not.toMatch(/passwordHash|password_hash|\$argon2/);
    }
    // Filtering or sorting on it is not possible either.
    const sorted = await agent.get(api('users/actions/list')).query({ sortBy: 'passwordHash', 'filters.passwordHash': 'a' });
    expect(sorted.text).not.toMatch(/\$argon2/);
  });

  it('changes a role through the users service, which keeps the last admin', async () => {
    const { agent } = await signIn(admin);
    const target = await ctx.user('listener');
    const res = await agent.post(api(`users/records/${target.id}/edit`)).field('role', 'artist').field('status', 'active');
    expect(res.status).toBe(200);
    expect(res.body.notice.type).toBe('success');
    expect((await ctx.container.services.users.getForAdmin(SYSTEM, target.id)).role).toBe('artist');
    const self = await agent.post(api(`users/records/${admin.id}/edit`)).field('role', 'listener');
    expect(self.body.notice.type).toBe('error');
    expect(self.body.notice.message).toMatch(/last admin/);
    expect((await ctx.container.services.users.getForAdmin(SYSTEM, admin.id)).role).toBe('admin');
  });

  it('bans, unbans and mails a password reset through actions', async () => {
    const { agent } = await signIn(admin);
    const target = await ctx.user('listener');
    expect((await agent.post(api(`users/records/${target.id}/ban`))).body.notice.type).toBe('success');
    expect((await ctx.container.services.users.getForAdmin(SYSTEM, target.id)).status).toBe('banned');
    expect((await agent.post(api(`users/records/${target.id}/unban`))).body.notice.type).toBe('success');
    expect((await ctx.container.services.users.getForAdmin(SYSTEM, target.id)).status).toBe('active');
    const sent = ctx.mailer.sent.length;
    expect((await agent.post(api(`users/records/${target.id}/sendPasswordReset`))).body.notice.type).toBe('success');
    expect(ctx.mailer.sent.length).toBe(sent + 1);
    expect(ctx.mailer.sent.at(-1)!.to).toBe(target.email);
  });

  it('is closed to artists', async () => {
    const { agent } = await signIn(artist);
    refused(await agent.get(api('users/actions/list')), /forbidden/i);
    refused(await agent.get(api(`users/records/${listener.id}/show`)), /forbidden|cannot be found/i);
    refused(await agent.post(api(`users/records/${artist.id}/edit`)).field('role', 'admin'), /forbidden|cannot be found/i);
    expect((await ctx.container.services.users.getForAdmin(SYSTEM, artist.id)).role).toBe('artist');
    refused(await agent.get(api('announcements/actions/list')), /forbidden/i);
    refused(await agent.post(api('announcements/actions/new')).field('text', 'sneaky'), /forbidden/i);
  });
});

describe('artists in the panel', () => {
  it('list only their own artists and tracks', async () => {
    const { agent } = await signIn(artist);
    const tracks = await agent.get(api('tracks/actions/list'));
    expect(tracks.body.records.map((r: { params: { title: string } }) => r.params.title)).toEqual(['My Song']);
    expect(tracks.body.meta.total).toBe(1);
    const artists = await agent.get(api('artists/actions/list'));
    expect(artists.body.records.map((r: { params: { name: string } }) => r.params.name)).toEqual(['Panel Mine']);
    const search = await agent.get(api('artists/actions/search/Panel'));
    expect(search.body.records.map((r: { title: string }) => r.title)).toEqual(['Panel Mine']);
  });

  it("cannot reach someone else's records by URL or change them", async () => {
    const { agent } = await signIn(artist);
    refused(await agent.get(api(`tracks/records/${theirTrack.id}/show`)), /cannot be found/);
    refused(await agent.post(api(`tracks/records/${theirTrack.id}/edit`)).field('title', 'Hijacked'), /cannot be found/);
    refused(await agent.post(api(`artists/records/${theirs.id}/delete`)), /cannot be found/);
    refused(await agent.post(api('tracks/bulk/bulkDelete')).query({ recordIds: theirTrack.id }), /found|selected/);
    const ids = await ctx.container.db.sequelize.query('SELECT id FROM tracks');
    expect((ids[0] as { id: string }[]).map((r) => r.id)).toEqual(expect.arrayContaining([theirTrack.id, myTrack.id]));
    const [rows] = await ctx.container.db.sequelize.query('SELECT title FROM tracks WHERE id = ?', { replacements: [theirTrack.id] });
    expect((rows as { title: string }[])[0]!.title).toBe('Their Song');
    expect((await agent.get(api(`tracks/records/${myTrack.id}/show`))).status).toBe(200);
  });

  it('edit their own tracks through the catalog service, with its validation', async () => {
    const { agent } = await signIn(artist);
    const ok = await agent.post(api(`tracks/records/${myTrack.id}/edit`)).field('title', 'My Song (Remastered)').field('trackNumber', '2');
    expect(ok.body.notice.type).toBe('success');
    expect((await ctx.container.services.catalog.getTrack(SYSTEM, myTrack.id)).title).toBe('My Song (Remastered)');
    const bad = await agent.post(api(`tracks/records/${myTrack.id}/edit`)).field('title', '   ');
    expect(bad.body.notice.type).toBe('error');
    expect((await ctx.container.services.catalog.getTrack(SYSTEM, myTrack.id)).title).toBe('My Song (Remastered)');
  });

  it("see a track's credits in order and keep them when saving other fields; a changed list passes the credit rules", async () => {
    const shared = await makeTrack({ title: 'Shared Song', artistIds: [mine.id, theirs.id] });
    const credits = async () => (await ctx.container.services.catalog.getTrack(SYSTEM, shared.id)).artists.map((a) => [a.id, a.role]);
    const { agent } = await signIn(artist);
    const shown = await agent.get(api(`tracks/records/${shared.id}/show`));
    expect(shown.body.record.params).toMatchObject({ 'artistIds.0': mine.id, 'artistIds.1': theirs.id, artists: 'Panel Mine, Panel Theirs' });

    // The form sends back the credits it showed, one of them an artist this account does not manage.
    const kept = await agent.post(api(`tracks/records/${shared.id}/edit`)).field('title', 'Shared Song (Live)').field('artistIds.0', mine.id).field('artistIds.1', theirs.id);
    expect(kept.body.notice.type).toBe('success');
    expect((await ctx.container.services.catalog.getTrack(SYSTEM, shared.id)).title).toBe('Shared Song (Live)');
    expect(await credits()).toEqual([[mine.id, 'main'], [theirs.id, 'featured']]);

    const swapped = await agent.post(api(`tracks/records/${shared.id}/edit`)).field('title', 'Shared Song (Swapped)').field('artistIds.0', theirs.id).field('artistIds.1', mine.id);
    expect(swapped.body.notice.type).toBe('error');
    expect((await ctx.container.services.catalog.getTrack(SYSTEM, shared.id)).title).toBe('Shared Song (Live)');
    expect(await credits()).toEqual([[mine.id, 'main'], [theirs.id, 'featured']]);

    const dropped = await agent.post(api(`tracks/records/${shared.id}/edit`)).field('title', 'Shared Song (Solo)').field('artistIds.0', mine.id);
    expect(dropped.body.notice.type).toBe('success');
    expect(await credits()).toEqual([[mine.id, 'main']]);
  });

  it('create an artist they then manage (the catalog rule)', async () => {
    const { agent } = await signIn(otherArtist);
    const res = await agent.post(api('artists/actions/new')).field('name', 'Brand New Act').field('bio', '');
    expect(res.body.notice.type).toBe('success');
    const id = res.body.record.params.id as string;
    expect(await ctx.container.services.catalog.canManageArtist({ kind: 'user', id: otherArtist.id, role: 'artist' }, id)).toBe(true);
  });

  it('get a dashboard of their own artist; admins get the platform', async () => {
    const mineDash = await (await signIn(artist)).agent.get('/admin/api/dashboard');
    expect(mineDash.body.scope).toBe('Panel Mine');
    expect(mineDash.body.stats.series.length).toBeGreaterThanOrEqual(30);
    const other = await (await signIn(artist)).agent.get('/admin/api/dashboard').query({ artistId: theirs.id });
    expect(other.body.scope).toBe('Panel Mine');
    const platform = await (await signIn(admin)).agent.get('/admin/api/dashboard');
    expect(platform.body.scope).toBe('Platform');
  });
});

describe('announcements in the panel', () => {
  it('are posted through the service, so live streams hear them', async () => {
    const heard: string[] = [];
    const stop = ctx.container.services.announcements.subscribe((a) => heard.push(a.text));
    const { agent } = await signIn(admin);
    const res = await agent.post(api('announcements/actions/new')).field('text', 'From the panel');
    stop();
    expect(res.body.notice.type).toBe('success');
    expect(heard).toEqual(['From the panel']);
    const empty = await agent.post(api('announcements/actions/new')).field('text', '  ');
    expect(empty.body.notice.type).toBe('error');
  });
});

describe('background jobs in the panel', () => {
  it('queue a recommendation run by POST only, one at a time, and list it with its status', async () => {
    const { agent } = await signIn(admin);
    const action = api('job_runs/actions/queueRecommendationRun');
    // Opening the action's page (GET) queues nothing.
    expect((await agent.get(action)).status).toBe(200);
    expect((await ctx.container.services.jobs.recommendationRuns(SYSTEM, {})).items).toEqual([]);
    const queued = await agent.post(action).send({});
    expect(queued.body.notice).toMatchObject({ type: 'success' });
    const [run] = (await ctx.container.services.jobs.recommendationRuns(SYSTEM, {})).items;
    expect(run).toMatchObject({ status: 'queued', requestedBy: admin.id });
    expect(queued.body.redirectUrl).toContain(run!.id);
    const again = await agent.post(action).send({});
    expect(again.body.notice).toMatchObject({ type: 'info', message: expect.stringMatching(/already queued/) });
    expect((await ctx.container.services.jobs.recommendationRuns(SYSTEM, {})).items).toHaveLength(1);
    const list = await agent.get(api('job_runs/actions/list'));
    expect(list.body.records.map((r: { params: Record<string, unknown> }) => [r.params.kind, r.params.status])).toEqual([['recommendations.run', 'queued']]);
    expect(list.body.records[0].params.data).toBeUndefined();

    const { agent: artistAgent } = await signIn(artist);
    refused(await artistAgent.post(action).send({}), /forbidden/i);
    refused(await artistAgent.get(api('job_runs/actions/list')), /forbidden/i);
    expect((await ctx.container.services.jobs.recommendationRuns(SYSTEM, {})).items).toHaveLength(1);
  });
});

describe('sign-in rate limit', () => {
  it('refuses further attempts on an account after too many failures', async () => {
    const limited = await createTestContext({ RATE_LIMIT_AUTH_PER_WINDOW: '3' });
    try {
      const limitedServer = await listen(createApp(limited.container, { beforeBodyParsers: [await buildAdminPanel(limited.container)] }));
      const login = () => request(limitedServer.url).post('/admin/login').set('Origin', limitedServer.url);
      const creds = { email: 'ratelimited@example.com', username: 'ratelimited', password: 'a long enough password 1', role: 'admin' as const };
      await limited.container.services.users.create(SYSTEM, creds);
      for (let i = 0; i < 3; i++) await login().field('email', creds.email).field('password', 'wrong password!!');
      const blocked = await login().field('email', creds.email).field('password', creds.password);
      await limitedServer.close();
      expect(blocked.status).not.toBe(302);
      expect(blocked.text).toMatch(/Too many attempts/);
    } finally {
      await limited.close();
    }
  });
});
