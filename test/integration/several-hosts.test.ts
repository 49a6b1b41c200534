import http from 'node:http';
import path from 'node:path';
import { PgRateLimiter, accountKey, addressKey } from '../../src/modules/auth/index.js';
import { RateLimitedError } from '../../src/shared/errors.js';
import { openEventStream } from '../support/event-stream.js';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures } from '../support/media.js';
import { runCli } from '../support/cli.js';

// Two app instances on one PostgreSQL database, as two API hosts behind a load balancer: what
// one does reaches the other through the database (LISTEN/NOTIFY and shared tables), not through
// a cluster primary. On SQLite there is one host only, and nothing here applies.

const onPostgres = !!process.env.DATABASE_URL && !process.env.DATABASE_URL.startsWith('sqlite');
const describePg = onPostgres ? describe : describe.skip;

let a: TestContext;
let b: TestContext;
let admin: TestUser;
const servers: http.Server[] = [];
const ports = new Map<TestContext, number>();

async function serve(host: TestContext) {
  const server = http.createServer(host.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  ports.set(host, (server.address() as { port: number }).port);
}

async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** An open announcements stream on one host, collecting its data lines. */
async function openStream(host: TestContext, token: string) {
  const stream = openEventStream(`http://127.0.0.1:${ports.get(host)!}/api/announcements/stream`, { Authorization: `Bearer ${token}` });
  await stream.opened;
  return stream;
}

beforeAll(async () => {
  if (!onPostgres) return;
  // Both hosts with the same, low account budget (the test context raises it for other tests).
  const env = { RATE_LIMIT_ACCOUNT_PER_WINDOW: '4', RATE_LIMIT_ADDRESS_PER_WINDOW: '1000' };
  a = await createTestContext(env);
  // One media folder for both, as both hosts would read one object store.
  b = await createTestContext({ ...env, DATA_DIR: a.config.dataDir });
  await Promise.all([a.container.listen(), b.container.listen(), serve(a), serve(b)]);
  admin = await a.user('admin');
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await a?.close();
  await b?.close();
});

describePg('several hosts on one PostgreSQL', () => {
  it('an announcement posted through A reaches a stream open on B', async () => {
    const s = await openStream(b, admin.token);
    const posted = await a.http().post('/api/admin/announcements').set(bearer(admin)).send({ text: 'Posted on A' });
    expect(posted.status).toBe(201);
    await waitFor(() => s.data.some((d) => d.includes('Posted on A')), 'the announcement on B');
    expect(s.data.filter((d) => d.includes('Posted on A'))).toHaveLength(1);
    s.close();
  });

  it('what was posted while B could not hear is read from the table once B hears again', async () => {
    const s = await openStream(b, admin.token);
    expect(b.container.notifications?.isListening).toBe(true);
    // Every listening connection of this database is cut, as a restart of PostgreSQL or a network fault would.
    await a.container.db.sequelize.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN rhythmo_events'",
    );
    await waitFor(() => !b.container.notifications!.isListening, 'B to notice');
    const posted = await a.http().post('/api/admin/announcements').set(bearer(admin)).send({ text: 'Posted during the gap' });
    expect(posted.status).toBe(201);
    await waitFor(() => s.data.some((d) => d.includes('Posted during the gap')), 'the missed announcement on B', 15_000);
    expect(s.data.filter((d) => d.includes('Posted during the gap'))).toHaveLength(1);
    await waitFor(() => a.container.notifications!.isListening, 'A to hear again', 15_000);
    s.close();
  });

  it('a logout on A closes the stream of that session on B at once', async () => {
    b.container.services.auth.sessions.recheckMs = 60_000;
    const u = await a.user('listener');
    const s = await openStream(b, u.token);
    expect((await a.http().post('/api/auth/logout').send({ refreshToken: u.refreshToken })).status).toBe(204);
    await waitFor(() => s.ended(), 'the stream on B to close', 3000);
  });

  it('failed logins split across A and B reach the account limit together; successes spend nothing', async () => {
    const u = await a.user('listener');
    const login = (host: TestContext, password: string) => host.http().post('/api/auth/login').send({ login: u.username, password });
    // Only failures count: more successful logins than the budget, on both hosts, all get through.
    for (let i = 0; i < 3; i++) {
      expect((await login(a, u.password)).status).toBe(200);
      expect((await login(b, u.password)).status).toBe(200);
    }
    // Four failures, two on each host: the budget of four is used up on both.
    for (const host of [a, b, a, b]) expect((await login(host, 'wrong password!!')).status).toBe(401);
    const limited = await login(b, 'wrong password!!');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The right password waits for the window too, on either host.
    expect((await login(a, u.password)).status).toBe(429);
    expect((await login(b, u.password)).status).toBe(429);
  });

  it('counts atomically: attempts at the same moment on both hosts are all counted', async () => {
    const limits = { accountPerWindow: 1000, addressPerWindow: 1000, windowMs: 60_000 };
    const onA = new PgRateLimiter(a.container.db.sequelize, limits);
    const onB = new PgRateLimiter(b.container.db.sequelize, limits);
    const key = accountKey('login', 'concurrent');
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? onA : onB).hit([key])));
    const [[row]] = (await a.container.db.sequelize.query("SELECT count FROM auth_attempts WHERE key = 'login:account:concurrent'")) as [{ count: number }[], unknown];
    expect(Number(row.count)).toBe(40);
  });

  it('keeps check() from counting, settles a success, and starts a new window and prunes the old one when it ends', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const limits = { accountPerWindow: 2, addressPerWindow: 3, windowMs: 60_000 };
    const onA = new PgRateLimiter(a.container.db.sequelize, limits, () => now);
    const onB = new PgRateLimiter(b.container.db.sequelize, limits, () => now);
    const account = accountKey('login', 'clocked');
    const address = addressKey('login', '198.51.100.4');
    for (let i = 0; i < 5; i++) await onB.check([account, address]);
    await onA.hit([account, address]);
    await onB.hit([account, address]);
    // The account's two are used up: a check refuses now, on either host, and counts nothing.
    await expect(onA.check([account])).rejects.toBeInstanceOf(RateLimitedError);
    await expect(onB.check([account])).rejects.toMatchObject({ retryAfterSeconds: 60 });
    // A success forgets the account's failures and gives the address its attempt back.
    await onB.succeeded([account, address]);
    await onA.check([account, address]);
    await onA.hit([address]);
    await onA.hit([address]);
    await expect(onB.hit([address])).rejects.toBeInstanceOf(RateLimitedError);
    // A minute later the window has ended: a new one starts, and the ended rows are pruned.
    now += 60_000;
    await onB.hit([address]);
    await onB.check([address]);
    await onA.hit([account]);
    now += 60_000;
    expect(await onA.prune()).toBeGreaterThanOrEqual(2);
    const [left] = await a.container.db.sequelize.query("SELECT key FROM auth_attempts WHERE key LIKE '%clocked%' OR key LIKE '%198.51.100.4%'");
    expect(left).toEqual([]);
  });

  it('a ban on A stops the user on B at once: the bearer token, and a signed stream URL whose account check B remembered', async () => {
    const fixtures = copyAudioFixtures();
    try {
      const boss = await a.user('admin');
      const listener = await a.user('listener');
      const upload = await a.http().post('/api/tracks').set(bearer(boss)).attach('file', path.join(fixtures.dir, 'library/Various Artists/Night Drive/04.wav'));
      expect(upload.status).toBe(201);
      const id = upload.body.id as string;
      const url = ((await b.http().post(`/api/tracks/${id}/stream-url`).set(bearer(listener))).body as { url: string }).url;
      // B streams and remembers the account check of the signed URL (for 15 s on its own).
      expect((await b.http().get(url).set('Range', 'bytes=0-9')).status).toBe(206);
      expect((await b.http().get(`/api/tracks/${id}/stream`).set(bearer(listener)).set('Range', 'bytes=0-9')).status).toBe(206);
      expect((await a.http().patch(`/api/admin/users/${listener.id}`).set(bearer(boss)).send({ status: 'banned' })).status).toBe(200);
      expect((await b.http().get('/api/me').set(bearer(listener))).status).toBe(401);
      expect((await b.http().get(`/api/tracks/${id}/stream`).set(bearer(listener)).set('Range', 'bytes=0-9')).status).toBe(401);
      await waitFor(async () => (await b.http().get(url).set('Range', 'bytes=0-9')).status === 401, 'the signed URL refused on B', 2000);

      // A track deleted on A stops streaming on B, whose look-up of it was remembered.
      const other = await a.user('listener');
      expect((await b.http().get(`/api/tracks/${id}/stream`).set(bearer(other)).set('Range', 'bytes=0-9')).status).toBe(206);
      expect((await a.http().delete(`/api/tracks/${id}`).set(bearer(boss))).status).toBe(204);
      expect((await b.http().get(`/api/tracks/${id}/stream`).set(bearer(other)).set('Range', 'bytes=0-9')).status).toBe(404);
    } finally {
      fixtures.remove();
    }
  });

  it('a role change on A reaches B at once: its requests see the new role, and B forgets the account check it remembered', async () => {
    const boss = await a.user('admin');
    const demoted = await a.user('admin');
    const media = b.container.services.media;
    const original = media.forgetUser.bind(media);
    const forgotten: string[] = [];
    media.forgetUser = (userId) => {
      forgotten.push(userId);
      original(userId);
    };
    try {
      expect((await b.http().get('/api/admin/users').set(bearer(demoted))).status).toBe(200);
      expect((await a.http().patch(`/api/admin/users/${demoted.id}`).set(bearer(boss)).send({ role: 'listener' })).status).toBe(200);
      expect((await b.http().get('/api/admin/users').set(bearer(demoted))).status).toBe(403);
      await waitFor(() => forgotten.includes(demoted.id), 'B to forget the demoted account', 2000);
      // The same token goes on working for what a listener may do: a role change ends no session.
      expect((await b.http().get('/api/me').set(bearer(demoted))).status).toBe(200);
    } finally {
      media.forgetUser = original;
    }
  });

  it('a host that cannot hear the others forgets what it remembered when it hears again', async () => {
    const media = b.container.services.media;
    const original = media.forgetAll.bind(media);
    let forgot = 0;
    media.forgetAll = () => {
      forgot += 1;
      original();
    };
    try {
      await a.container.db.sequelize.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN rhythmo_events'",
      );
      await waitFor(() => forgot > 0, 'B to forget its caches', 15_000);
    } finally {
      media.forgetAll = original;
    }
  });

  it('`rhythmo users ban` run on yet another machine closes the streams on A and B at once', async () => {
    a.container.services.auth.sessions.recheckMs = 60_000;
    const u = await a.user('listener');
    const streams = [await openStream(a, u.token), await openStream(b, u.token)];
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATA_DIR: a.config.dataDir, DATABASE_URL: a.config.database.url!, JWT_SECRET: 'cli-test-secret-that-is-long-enough-0123456789' };
    const banned = await runCli(['users', 'ban', u.username], env);
    expect([banned.code, banned.stderr]).toEqual([0, '']);
    await waitFor(() => streams.every((s) => s.ended()), 'both streams to close', 3000);
  });
});
