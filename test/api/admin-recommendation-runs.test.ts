import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { addPlays, twoClusterCatalog } from '../support/recommendations.js';

let ctx: TestContext;
let admin: TestUser, listener: TestUser, artist: TestUser;
const PATH = '/api/admin/recommendation-runs';
const jobRows = async () => Number(((await ctx.container.db.sequelize.query('SELECT COUNT(*) AS n FROM job_runs'))[0] as { n: number }[])[0]!.n);

beforeAll(async () => {
  ctx = await createTestContext({ JOBS_POLL_MS: '200' });
  [admin, listener, artist] = await Promise.all([ctx.user('admin'), ctx.user('listener'), ctx.user('artist')]);
  const { J } = await twoClusterCatalog();
  for (let n = 0; n < 3; n++) await addPlays(ctx.container, (await ctx.user('listener')).id, J.slice(0, 4), { times: 2 });
});
afterAll(() => ctx.close());

async function settled(id: string) {
  for (let i = 0; i < 200; i++) {
    const res = await ctx.http().get(`${PATH}/${id}`).set(bearer(admin));
    if (!['queued', 'running'].includes(res.body.status)) return res;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${id} did not finish`);
}

describe('admin recommendation runs', () => {
  it('refuses bad input and other roles, writing nothing', async () => {
    const bad = [{ model: 'nope' }, { top: 0 }, { top: 1001 }, { top: 'ten' }, { extra: true }];
    for (const body of bad) expect((await ctx.http().post(PATH).set(bearer(admin)).send(body)).status).toBe(400);
    expect((await ctx.http().post(PATH).send({})).status).toBe(401);
    for (const u of [listener, artist]) {
      expect((await ctx.http().post(PATH).set(bearer(u)).send({})).status).toBe(403);
      expect((await ctx.http().get(PATH).set(bearer(u))).status).toBe(403);
    }
    expect((await ctx.http().get(`${PATH}/not-a-uuid`).set(bearer(admin))).status).toBe(400);
    expect((await ctx.http().get(`${PATH}/00000000-0000-4000-8000-000000000000`).set(bearer(admin))).status).toBe(404);
    expect(await jobRows()).toBe(0);
  });

  it('queues a run (202 and Location), refuses a second while it waits (409 naming it), and shows its result once run', async () => {
    const posted = await ctx.http().post(PATH).set(bearer(admin)).send({ model: 'knn', top: 10 });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ status: 'queued', model: 'knn', top: 10, requestedBy: admin.id, attempts: 0, result: null });
    expect(posted.headers.location).toBe(`${PATH}/${posted.body.id}`);

    const again = await ctx.http().post(PATH).set(bearer(admin)).send({});
    expect(again.status).toBe(409);
    expect(again.body.existingRunId).toBe(posted.body.id);

    // No process ran jobs so far: the run waits in the queue until one does.
    await ctx.container.runJobs();
    const done = await settled(posted.body.id);
    expect(done.body).toMatchObject({ status: 'succeeded', attempts: 1, error: null });
    expect(done.body.result).toMatchObject({ model: 'knn', status: 'succeeded', counts: { users: expect.any(Number) } });
    expect(done.body.progress).toMatchObject({ phase: expect.any(String) });

    const list = await ctx.http().get(PATH).set(bearer(admin)).query({ limit: 1 });
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([posted.body.id]);

    // The stored run is the one the job made.
    const last = await ctx.container.services.recommendations.lastRun({ kind: 'system' });
    expect(last!.id).toBe(done.body.result.id);

    const next = await ctx.http().post(PATH).set(bearer(admin)).send({});
    expect(next.status).toBe(202);
    await settled(next.body.id);
    const page1 = await ctx.http().get(PATH).set(bearer(admin)).query({ limit: 1 });
    expect(page1.body.items[0].id).toBe(next.body.id);
    const page2 = await ctx.http().get(PATH).set(bearer(admin)).query({ limit: 1, cursor: page1.body.nextCursor });
    expect(page2.body.items.map((r: { id: string }) => r.id)).toEqual([posted.body.id]);
    expect(page2.body.nextCursor).toBeNull();
  }, 60_000);
});
