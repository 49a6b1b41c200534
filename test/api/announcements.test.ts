import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SequelizeAuthRepository } from '../../src/modules/auth/index.js';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';

let ctx: TestContext;
let server: http.Server;
let base: string;
let admin: TestUser, listener: TestUser, artist: TestUser;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.container.services.announcements.heartbeatMs = 100;
  ctx.container.services.auth.sessions.recheckMs = 100;
  server = http.createServer(ctx.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  [admin, listener, artist] = await Promise.all([ctx.user('admin'), ctx.user('listener'), ctx.user('artist')]);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

interface SseEvent {
  id?: string;
  data?: string;
}

/** A minimal EventSource: parses events and comments off a live response. */
function openStream(path: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters: (() => void)[] = [];
  let status = 0;
  let contentType = '';
  let ended = false;
  let buffer = '';
  const req = http.get(`${base}${path}`, { headers: { Accept: 'text/event-stream', ...headers } });
  const ready = new Promise<void>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      status = res.statusCode ?? 0;
      contentType = String(res.headers['content-type']);
      res.setEncoding('utf8');
      res.on('end', () => {
        ended = true;
        waiters.splice(0).forEach((w) => w());
      });
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line);
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('data: ')) event.data = line.slice(6);
          }
          if (event.data !== undefined) events.push(event);
          waiters.splice(0).forEach((w) => w());
        }
      });
      resolve();
    });
  });
  const waitFor = async (predicate: () => boolean, what: string) => {
    const deadline = Date.now() + 5000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return {
    ready,
    events,
    comments,
    waitFor,
    get status() {
      return status;
    },
    get contentType() {
      return contentType;
    },
    /** The server ended the response. */
    get ended() {
      return ended;
    },
    close: () => req.destroy(),
  };
}

const post = (user: TestUser, text: string) => ctx.http().post('/api/admin/announcements').set(bearer(user)).send({ text });

describe('POST /api/admin/announcements', () => {
  it('lets admins post; the text is trimmed and seq increases', async () => {
    const a = await post(admin, '  Maintenance tonight at 22:00 UTC  ');
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ text: 'Maintenance tonight at 22:00 UTC', authorId: admin.id });
    const b = await post(admin, 'Done');
    expect(b.body.seq).toBe(a.body.seq + 1);
  });

  it('is 403 for artists and listeners, 401 without a token, 400 for bad text; nothing is written', async () => {
    const before = (await ctx.http().get('/api/announcements').set(bearer(listener))).body.items.length;
    expect((await post(listener, 'hi')).status).toBe(403);
    expect((await post(artist, 'hi')).status).toBe(403);
    expect((await ctx.http().post('/api/admin/announcements').send({ text: 'hi' })).status).toBe(401);
    expect((await post(admin, '   ')).status).toBe(400);
    expect((await post(admin, 'x'.repeat(2001))).status).toBe(400);
    expect((await ctx.http().post('/api/admin/announcements').set(bearer(admin)).send({ text: 'hi', extra: 1 })).status).toBe(400);
    expect((await ctx.http().get('/api/announcements').set(bearer(listener))).body.items.length).toBe(before);
  });
});

describe('GET /api/announcements', () => {
  it('lists newest first, paged', async () => {
    await post(admin, 'page-1');
    await post(admin, 'page-2');
    await post(admin, 'page-3');
    const first = await ctx.http().get('/api/announcements').query({ limit: 2 }).set(bearer(listener));
    expect(first.status).toBe(200);
    expect(first.body.items.map((a: { text: string }) => a.text)).toEqual(['page-3', 'page-2']);
    const second = await ctx.http().get('/api/announcements').query({ limit: 2, cursor: first.body.nextCursor }).set(bearer(listener));
    expect(second.body.items[0].text).toBe('page-1');
    expect(second.body.items[0].seq).toBeLessThan(first.body.items[1].seq);
  });

  it('needs a signed-in user and a valid cursor', async () => {
    expect((await ctx.http().get('/api/announcements')).status).toBe(401);
    expect((await ctx.http().get('/api/announcements').query({ cursor: 'garbage' }).set(bearer(listener))).status).toBe(400);
    expect((await ctx.http().get('/api/announcements').query({ limit: 101 }).set(bearer(listener))).status).toBe(400);
  });
});

describe('GET /api/announcements/stream', () => {
  it('pushes a new announcement to every subscribed client, with heartbeats', async () => {
    const one = openStream('/api/announcements/stream', bearer(listener));
    const two = openStream(`/api/announcements/stream?access_token=${encodeURIComponent(artist.token)}`);
    await Promise.all([one.ready, two.ready]);
    expect(one.status).toBe(200);
    expect(one.contentType).toMatch(/^text\/event-stream/);
    expect(two.status).toBe(200);
    const posted = await post(admin, 'Live news');
    for (const s of [one, two]) {
      await s.waitFor(() => s.events.length > 0, 'the event');
      expect(s.events[0]!.id).toBe(String(posted.body.seq));
      expect(JSON.parse(s.events[0]!.data!)).toEqual(posted.body);
    }
    await one.waitFor(() => one.comments.includes(': heartbeat'), 'a heartbeat');
    one.close();
    two.close();
  });

  it('replays what a reconnecting client missed after Last-Event-ID, then continues live', async () => {
    const seen = (await post(admin, 'seen')).body.seq as number;
    await post(admin, 'missed-1');
    await post(admin, 'missed-2');
    const s = openStream('/api/announcements/stream', { ...bearer(listener), 'Last-Event-ID': String(seen) });
    await s.ready;
    await s.waitFor(() => s.events.length >= 2, 'the missed events');
    await post(admin, 'after');
    await s.waitFor(() => s.events.length >= 3, 'the live event');
    expect(s.events.map((e) => JSON.parse(e.data!).text)).toEqual(['missed-1', 'missed-2', 'after']);
    expect(s.events.map((e) => Number(e.id))).toEqual([seen + 1, seen + 2, seen + 3]);
    s.close();
  });

  it('refuses requests without a valid token, and a malformed Last-Event-ID', async () => {
    const none = openStream('/api/announcements/stream');
    await none.ready;
    expect(none.status).toBe(401);
    none.close();
    const bad = openStream('/api/announcements/stream?access_token=not-a-jwt');
    await bad.ready;
    expect(bad.status).toBe(401);
    bad.close();
    const garbled = openStream('/api/announcements/stream', { ...bearer(listener), 'Last-Event-ID': 'abc' });
    await garbled.ready;
    expect(garbled.status).toBe(400);
    garbled.close();
  });

  it('does not accept the query token on other endpoints', async () => {
    expect((await ctx.http().get('/api/announcements').query({ access_token: listener.token })).status).toBe(401);
  });
});

describe('GET /api/announcements/stream when the session ends', () => {
  const login = async (u: TestUser) => (await ctx.http().post('/api/auth/login').send({ login: u.username, password: u.password }).expect(200)).body as { accessToken: string; refreshToken: string };

  it('a logout closes the streams of that session, and only those', async () => {
    const u = await ctx.user();
    const other = await login(u);
    const mine = openStream('/api/announcements/stream', bearer(u));
    const theirs = openStream(`/api/announcements/stream?access_token=${encodeURIComponent(other.accessToken)}`);
    await Promise.all([mine.ready, theirs.ready]);
    expect([mine.status, theirs.status]).toEqual([200, 200]);
    await ctx.http().post('/api/auth/logout').send({ refreshToken: u.refreshToken }).expect(204);
    await mine.waitFor(() => mine.ended, 'the stream to close');
    await post(admin, 'still here');
    await theirs.waitFor(() => theirs.events.some((e) => JSON.parse(e.data!).text === 'still here'), 'the event on the other session');
    expect(theirs.ended).toBe(false);
    theirs.close();
  });

  it('a ban closes every stream of the account', async () => {
    const u = await ctx.user();
    const other = await login(u);
    const streams = [openStream('/api/announcements/stream', bearer(u)), openStream('/api/announcements/stream', { Authorization: `Bearer ${other.accessToken}` })];
    const bystander = openStream('/api/announcements/stream', bearer(listener));
    await Promise.all([...streams, bystander].map((s) => s.ready));
    await ctx.http().patch(`/api/admin/users/${u.id}`).set(bearer(admin)).send({ status: 'banned' }).expect(200);
    for (const s of streams) await s.waitFor(() => s.ended, 'the stream to close');
    expect(bystander.ended).toBe(false);
    bystander.close();
  });

  it('a session ended by another process (the CLI, another host) closes its stream at the next recheck', async () => {
    const u = await ctx.user();
    const s = openStream('/api/announcements/stream', bearer(u));
    await s.ready;
    // Straight to the database: no event reaches this process, as from `rhythmo users ban`.
    await new SequelizeAuthRepository(ctx.container.db).revokeUserTokens(u.id, new Date());
    await s.waitFor(() => s.ended, 'the stream to close');
  });
});
