import { cliDatabase, runCli, type CliDatabase } from '../support/cli.js';

let db: CliDatabase;
beforeAll(async () => {
  db = await cliDatabase('rec');
});
afterAll(() => db.drop());

describe('rhythmo recommend', () => {
  it('synth writes a reproducible synthetic world', async () => {
    const res = await runCli(['recommend', 'synth', '--users', '150', '--tracks', '120', '--plays', '4000', '--seed', '5', '--json', '--no-progress'], db.env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const counts = JSON.parse(res.stdout);
    expect(counts).toMatchObject({ users: 150, tracks: 120, plays: 4000 });
    const again = await runCli(['recommend', 'synth', '--users', '10', '--tracks', '10', '--plays', '10', '--seed', '5'], db.env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/seed 5 already exists/);
  }, 120_000);

  it('run prints progress and a summary, and records the run', async () => {
    const res = await runCli(['recommend', 'run', '--model', 'hybrid', '--top', '20'], db.env);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/read 150\/150/);
    expect(res.stderr).toMatch(/score/);
    expect(res.stdout).toMatch(/succeeded/);
    expect(res.stdout).toMatch(/recommendations\s+3000/);
    const c = await db.open();
    const run = await c.services.recommendations.lastRun({ kind: 'system' });
    expect(run).toMatchObject({ status: 'succeeded', algorithm: 'hybrid' });
    expect(run!.counts).toMatchObject({ users: 150, recommendations: 3000 });
    expect(Object.keys(run!.timings!)).toEqual(expect.arrayContaining(['readMs', 'knnMs', 'alsMs', 'scoreMs', 'writeMs', 'totalMs']));
  }, 120_000);

  it('run --dry-run reports what the run makes, and writes nothing', async () => {
    const c = await db.open();
    const count = async () => Number(((await c.db.sequelize.query('SELECT COUNT(*) AS n FROM recommendation_lists'))[0] as { n: number }[])[0]!.n);
    const before = await count();
    // The run of the test above, on the same data with the same options.
    const real = await c.services.recommendations.lastRun({ kind: 'system' });
    const res = await runCli(['recommend', 'run', '--model', 'hybrid', '--top', '20', '--dry-run', '--json', '--no-progress'], db.env);
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary).toMatchObject({ dryRun: true, counts: { users: 150 } });
    expect(summary.counts.similarities).toBeGreaterThan(0);
    expect(summary.counts).toEqual(real!.counts);
    expect(await count()).toBe(before);
  }, 120_000);

  it('run for one user by username only touches that user', async () => {
    const c = await db.open();
    const runs = async () =>
      new Map(((await c.db.sequelize.query('SELECT user_id, run_id FROM recommendation_lists'))[0] as { user_id: string; run_id: string }[]).map((r) => [r.user_id, r.run_id]));
    const before = await runs();
    const res = await runCli(['recommend', 'run', '--model', 'knn', '--user', 'synth5u3', '--json', '--no-progress'], db.env);
    expect(res.code).toBe(0);
    const summary = JSON.parse(res.stdout);
    expect(summary.counts).toMatchObject({ users: 1, recommendations: 100, similarities: 0 });
    const after = await runs();
    const me = ((await c.db.sequelize.query("SELECT id FROM users WHERE username = 'synth5u3'"))[0] as { id: string }[])[0]!.id;
    expect([...after].filter(([u, run]) => before.get(u) !== run)).toEqual([[me, summary.id]]);
    expect(after.size).toBe(before.size);
  }, 120_000);

  it('eval prints every model next to the popularity baseline', async () => {
    const res = await runCli(['recommend', 'eval', '--json', '--no-progress'], db.env);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report.k).toBe(20);
    expect(report.models.map((m: { model: string }) => m.model)).toEqual(['popular', 'knn', 'als', 'hybrid']);
    const table = await runCli(['recommend', 'eval', '--no-progress'], db.env);
    expect(table.stdout).toMatch(/MODEL\s+RECALL@20\s+NDCG@20\s+COVERAGE/);
  }, 120_000);

  it('refuses bad usage with exit code 2 and writes nothing', async () => {
    const bogus = await runCli(['recommend', 'run', '--model', 'bogus'], db.env);
    expect(bogus.code).toBe(2);
    const unknown = await runCli(['recommend', 'run', '--user', 'nobody-at-all'], db.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown users/);
    const top = await runCli(['recommend', 'run', '--top', '0'], db.env);
    expect(top.code).toBe(2);
    const c = await db.open();
    expect((await c.services.recommendations.lastRun({ kind: 'system' }))!.algorithm).toBe('knn');
  }, 120_000);
});
