import { createTestContext, type TestContext } from '../support/context.js';
import { SequelizeJobRunRepository, kindSpecs, openQueue, type JobHandlers, type JobQueue, type JobRunRecord } from '../../src/modules/jobs/index.js';
import { createLogger } from '../../src/shared/logger.js';
import { systemClock } from '../../src/shared/clock.js';
import { newId } from '../../src/shared/ids.js';

let ctx: TestContext;
let repo: SequelizeJobRunRepository;
const logger = createLogger('silent');
// Retries a second apart (pg-boss counts whole seconds), so the retry tests take a few seconds.
const specs = {
  ...kindSpecs(2),
  'recommendations.run': { maxAttempts: 2, retryDelaySeconds: 1, singleton: true, expireSeconds: 60 },
  'mail.send': { maxAttempts: 3, retryDelaySeconds: 1, singleton: false, expireSeconds: 60 },
};
const queues: JobQueue[] = [];

function queue(graceMs?: number): JobQueue {
  const q = openQueue({ dialect: ctx.container.db.dialect, url: ctx.config.database.url, repo, clock: systemClock, logger, specs, pollMs: 200, graceMs, inProcess: { heartbeatMs: 500 } });
  queues.push(q);
  return q;
}

const idle = async () => null;
function handlers(over: Partial<JobHandlers>): JobHandlers {
  return { 'recommendations.run': idle, 'imports.scan': idle, 'transcode.warm': idle, 'mail.send': idle, ...over };
}

async function until(id: string, done: (r: JobRunRecord) => boolean, ms = 20_000): Promise<JobRunRecord> {
  const end = Date.now() + ms;
  for (;;) {
    const run = await repo.find(id);
    if (run && done(run)) return run;
    if (Date.now() > end) throw new Error(`job ${id} still ${run?.status} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const finished = (r: JobRunRecord) => ['succeeded', 'failed', 'interrupted'].includes(r.status);

beforeAll(async () => {
  ctx = await createTestContext();
  repo = new SequelizeJobRunRepository(ctx.container.db);
});
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop()));
});
afterAll(() => ctx.close());

describe(`background jobs (${process.env.DATABASE_URL?.startsWith('postgres') ? 'pg-boss' : 'in process'})`, () => {
  it('runs a queued job once and records its progress and result', async () => {
    const q = queue();
    let calls = 0;
    await q.work(
      handlers({
        'transcode.warm': async (data, job) => {
          calls++;
          job.progress({ done: 1, total: 2 });
          return { echoed: data.trackIds };
        },
      }),
      { schedules: {} },
    );
    const { run, created } = await q.enqueue('transcode.warm', { trackIds: ['a', 'b'] });
    expect(created).toBe(true);
    expect(run.status).toBe('queued');
    const done = await until(run.id, finished);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, result: { echoed: ['a', 'b'] }, progress: { done: 1, total: 2 }, error: null });
    expect(done.finishedAt).not.toBeNull();
    expect(calls).toBe(1);
  }, 30_000);

  const onPostgres = process.env.DATABASE_URL?.startsWith('postgres');
  (onPostgres ? it : it.skip)('starts on several hosts at once on a database without pg-boss yet, and each job runs once', async () => {
    // Hosts that install pg-boss's schema and create its queues at the same moment deadlocked.
    await ctx.container.db.sequelize.query('DROP SCHEMA IF EXISTS pgboss CASCADE');
    const ran: string[] = [];
    const hosts = [queue(), queue(), queue()];
    await Promise.all(hosts.map((q, i) => q.work(handlers({ 'transcode.warm': async (data) => { ran.push(`${i}:${String(data.n)}`); return null; } }), { schedules: {} })));
    const runs = await Promise.all([1, 2, 3, 4].map((n) => hosts[n % 3].enqueue('transcode.warm', { n })));
    for (const { run } of runs) expect(await until(run.id, finished)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(ran.map((r) => r.split(':')[1]).sort()).toEqual(['1', '2', '3', '4']);
  }, 30_000);

  it('queues one recommendation run however many ask at once, and a new one after it ends', async () => {
    const q = queue();
    const other = queue();
    const [a, b, c] = await Promise.all([q.enqueue('recommendations.run', {}), other.enqueue('recommendations.run', {}), q.enqueue('recommendations.run', { top: 5 })]);
    const created = [a, b, c].filter((e) => e.created);
    expect(created).toHaveLength(1);
    expect(new Set([a.run.id, b.run.id, c.run.id]).size).toBe(1);
    let runs = 0;
    const h = handlers({
      'recommendations.run': async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 300));
        return { ok: true };
      },
    });
    await Promise.all([q.work(h, { schedules: {} }), other.work(h, { schedules: {} })]);
    await until(a.run.id, finished);
    expect(runs).toBe(1);
    const next = await q.enqueue('recommendations.run', {});
    expect(next.created).toBe(true);
    expect(next.run.id).not.toBe(a.run.id);
    await until(next.run.id, finished);
    expect(runs).toBe(2);
  }, 30_000);

  it('retries a failing mail with backoff until it goes out, and gives up after the last attempt', async () => {
    const q = queue();
    const tries = new Map<string, number[]>();
    await q.work(
      handlers({
        'mail.send': async (data) => {
          const to = String(data.to);
          tries.set(to, [...(tries.get(to) ?? []), Date.now()]);
          if (to === 'never@example.com' || tries.get(to)!.length < 3) throw new Error('421 try again later');
          return null;
        },
      }),
      { schedules: {} },
    );
    const ok = await q.enqueue('mail.send', { to: 'later@example.com', subject: 'Reset', text: 'https://x/reset#secret' });
    const never = await q.enqueue('mail.send', { to: 'never@example.com', subject: 'Reset', text: 'https://x/reset#secret' });
    const sent = await until(ok.run.id, finished);
    expect(sent).toMatchObject({ status: 'succeeded', attempts: 3 });
    const [t1, t2, t3] = tries.get('later@example.com')!;
    expect(t2! - t1!).toBeGreaterThanOrEqual(900);
    // the delay doubles
    expect(t3! - t2!).toBeGreaterThanOrEqual(1800);
    const failed = await until(never.run.id, finished);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, error: '421 try again later' });
    // The link is not kept once the mail is settled.
    expect(sent.data).toEqual({ to: 'later@example.com' });
    expect(failed.data).toEqual({ to: 'never@example.com' });
  }, 40_000);

  it('keeps a queued job across a restart: the next process runs it', async () => {
    const first = queue();
    const { run } = await first.enqueue('imports.scan', { paths: ['/nowhere'] });
    await first.stop();
    const second = queue();
    let seen: unknown;
    await second.work(
      handlers({
        'imports.scan': async (data) => {
          seen = data.paths;
          return { scanned: true };
        },
      }),
      { schedules: {} },
    );
    expect(await until(run.id, finished)).toMatchObject({ status: 'succeeded', result: { scanned: true } });
    expect(seen).toEqual(['/nowhere']);
  }, 30_000);

  it('runs a job again when the worker running it stops before it ends', async () => {
    const first = queue(300);
    let started = false;
    await first.work(
      handlers({
        'recommendations.run': async () => {
          started = true;
          return new Promise(() => undefined);
        },
      }),
      { schedules: {} },
    );
    const { run } = await first.enqueue('recommendations.run', {});
    await until(run.id, () => started);
    await first.stop();
    expect(await repo.find(run.id)).toMatchObject({ status: 'queued', attempts: 1, error: expect.stringMatching(/stopped/) });
    const second = queue();
    let ran = 0;
    await second.work(handlers({ 'recommendations.run': async () => ({ ran: ++ran }) }), { schedules: {} });
    expect(await until(run.id, finished)).toMatchObject({ status: 'succeeded', attempts: 2, result: { ran: 1 } });
  }, 30_000);

  it('queues a scheduled kind when its cron fires (in process), or hands the schedule to pg-boss', async () => {
    const q = queue();
    if (ctx.container.db.dialect === 'postgres') {
      // pg-boss fires schedules on the minute: the test checks that it holds the schedule, and drops it.
      const schedules = async () => ((await ctx.container.db.sequelize.query('SELECT name, cron FROM pgboss.schedule')) as [{ name: string; cron: string }[], unknown])[0];
      await q.work(handlers({}), { schedules: { 'recommendations.run': '0 3 * * *' } });
      expect(await schedules()).toEqual([{ name: 'recommendations.run.schedule', cron: '0 3 * * *' }]);
      await q.stop();
      await queue().work(handlers({}), { schedules: {} });
      expect(await schedules()).toEqual([]);
      return;
    }
    let scans = 0;
    await q.work(handlers({ 'imports.scan': async () => ({ scan: ++scans }) }), { schedules: { 'imports.scan': '* * * * * *' } });
    const deadline = Date.now() + 5000;
    while (scans < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(scans).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('at the next start, queues again a job whose process died, or marks it interrupted when it had no attempt left', async () => {
    if (ctx.container.db.dialect === 'postgres') return; // pg-boss expires and retries its own jobs
    const long = new Date(Date.now() - 60_000);
    const once = newId();
    const twice = newId();
    await repo.insert({ id: once, kind: 'recommendations.run', singletonKey: 'recommendations.run', data: {}, maxAttempts: 1, requestedBy: null, runAfter: long });
    await repo.insert({ id: twice, kind: 'imports.scan', singletonKey: 'imports.scan', data: {}, maxAttempts: 2, requestedBy: null, runAfter: long });
    await repo.claim('recommendations.run', long);
    await repo.claim('imports.scan', long);
    const q = queue();
    await q.work(handlers({ 'imports.scan': async () => ({ scanned: true }) }), { schedules: {} });
    expect(await repo.find(once)).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/stopped/) });
    expect((await q.enqueue('recommendations.run', {})).created).toBe(true);
    expect(await until(twice, finished)).toMatchObject({ status: 'succeeded', attempts: 2, result: { scanned: true } });
  }, 30_000);
});
