import { once } from 'node:events';
import { cliDatabase, runCli, spawnCli, type CliDatabase } from '../support/cli.js';
import { SYSTEM } from '../../src/shared/actor.js';

let db: CliDatabase;
beforeAll(async () => {
  db = await cliDatabase('worker');
  const c = await db.open();
  await c.services.recommendations.synthesize(SYSTEM, { users: 40, tracks: 30, plays: 600, seed: 9 });
}, 60_000);
afterAll(() => db.drop());

describe('rhythmo recommend run --queue and rhythmo worker', () => {
  it('queues a run that a worker process then runs once, and the worker stops cleanly on SIGTERM', async () => {
    const queued = await runCli(['recommend', 'run', '--queue', '--model', 'knn', '--top', '10', '--json'], db.env);
    expect(queued.code).toBe(0);
    const { id, status, created } = JSON.parse(queued.stdout);
    expect({ status, created }).toEqual({ status: 'queued', created: true });
    const c = await db.open();
    // Queued, not run: nothing works jobs until the worker starts.
    expect(await c.services.recommendations.lastRun(SYSTEM)).toBeNull();

    const worker = spawnCli(['worker'], { ...db.env, LOG_LEVEL: 'info', JOBS_POLL_MS: '200' });
    let stderr = '';
    worker.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = once(worker, 'exit');
    let run = await c.services.jobs.recommendationRun(SYSTEM, id);
    for (let i = 0; i < 300 && ['queued', 'running'].includes(run.status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = await c.services.jobs.recommendationRun(SYSTEM, id);
    }
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect((await c.services.recommendations.lastRun(SYSTEM))!.id).toBe(run.result!.id);

    worker.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stderr).toMatch(/worker stopping/);
    expect(stderr).not.toMatch(/"level":(50|60)/);
  }, 60_000);
});
