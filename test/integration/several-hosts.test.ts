import http from 'node:http';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';

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
  const data: string[] = [];
  let ended = false;
  const port = ports.get(host)!;
  const req = http.get(`http://127.0.0.1:${port}/api/announcements/stream`, { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` } });
  await new Promise<void>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      res.setEncoding('utf8');
      res.on('end', () => (ended = true));
      res.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.startsWith('data: ')) data.push(line.slice(6));
      });
      resolve();
    });
  });
  return { data, ended: () => ended, close: () => req.destroy() };
}

beforeAll(async () => {
  if (!onPostgres) return;
  a = await createTestContext();
  b = await createTestContext();
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
});
