import type { Response } from 'supertest';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { createThrowawayCluster, pgBinariesPresent, type ThrowawayCluster } from '../support/pg-cluster.js';
import { newId } from '../../src/shared/ids.js';

// The cluster is the test's own, whatever DATABASE_URL says, so one CI pass is enough: the
// PostgreSQL one. Without the server binaries there is nothing to kill.
const onPostgresPass = process.env.DATABASE_URL?.startsWith('postgres') ?? false;
const suite = onPostgresPass && pgBinariesPresent() ? describe : describe.skip;

const ACQUIRE_MS = 2000;
const STATEMENT_MS = 1500;
// A request waits at most for a pooled connection, then for one statement; the rest is slack
// for a loaded machine.
const BOUND_MS = ACQUIRE_MS + STATEMENT_MS + 1500;
const READY_BOUND_MS = 2000 + 500;

let cluster: ThrowawayCluster;
let ctx: TestContext;
let alice: TestUser;

beforeAll(async () => {
  if (!onPostgresPass || !pgBinariesPresent()) return;
  cluster = await createThrowawayCluster();
  ctx = await createTestContext({
    DATABASE_URL: cluster.url(),
    DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_MS),
    DB_CONNECT_TIMEOUT_MS: '1000',
    DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
  });
  alice = await ctx.user('listener');
}, 120_000);

afterAll(async () => {
  // Thaw before closing: a frozen server would hold the pool's goodbyes forever.
  cluster?.thaw();
  await ctx?.close().catch(() => undefined);
  await cluster?.destroy();
});

// Each test finds the server up, whatever the one before it left.
beforeEach(async () => {
  cluster?.thaw();
  await cluster?.start();
});

async function timed(send: () => PromiseLike<Response>): Promise<{ res: Response; ms: number }> {
  const started = Date.now();
  const res = await send();
  return { res, ms: Date.now() - started };
}

function expectUnavailable({ res, ms }: { res: Response; ms: number }, bound = BOUND_MS) {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 503, type: expect.stringMatching(/^application\/problem\+json/) });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
  expect(ms).toBeLessThan(bound);
}

const getMe = () => timed(() => ctx.http().get('/api/me').set(bearer(alice)).timeout(30_000));
const login = () => timed(() => ctx.http().post('/api/auth/login').send({ login: alice.username, password: alice.password }).timeout(30_000));
const createPlaylist = (name: string) => timed(() => ctx.http().post('/api/playlists').set(bearer(alice)).send({ name }).timeout(30_000));
const readyz = () => timed(() => ctx.http().get('/readyz').timeout(30_000));
const stream = () => timed(() => ctx.http().get(`/api/tracks/${newId()}/stream`).set(bearer(alice)).timeout(30_000));

async function expectHealthy() {
  expect((await readyz()).res.status).toBe(200);
  expect((await getMe()).res.status).toBe(200);
  expect((await login()).res.status).toBe(200);
}

async function playlistNames(): Promise<string[]> {
  const res = await ctx.http().get('/api/me/playlists').set(bearer(alice));
  expect(res.status).toBe(200);
  return (res.body.items as { name: string }[]).map((p) => p.name);
}

suite('the API while its PostgreSQL is down', () => {
  it('answers 503 with Retry-After, not 401 or 500, while the server is killed, and recovers when it is back', async () => {
    await expectHealthy();
    await cluster.kill();

    expectUnavailable(await getMe());
    expectUnavailable(await login());
    expectUnavailable(await createPlaylist('written while killed'));
    expectUnavailable(await stream());
    expectUnavailable(await readyz(), READY_BOUND_MS);

    await cluster.start();
    // The same app and pool: no restart.
    await expectHealthy();
    expect(await playlistNames()).not.toContain('written while killed');
  }, 120_000);

  it('answers 503 within the bound while the server is frozen, and recovers when it runs again', async () => {
    await expectHealthy();
    cluster.freeze();
    try {
      expectUnavailable(await readyz(), READY_BOUND_MS);
      expectUnavailable(await getMe());
      expectUnavailable(await login());
      expectUnavailable(await createPlaylist('written while frozen'));
      expectUnavailable(await stream());
    } finally {
      cluster.thaw();
    }
    await expectHealthy();
    expect(await playlistNames()).not.toContain('written while frozen');
  }, 120_000);
});
