import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestContext, type TestContext } from '../support/context.js';
import { testDatabaseUrl } from '../support/database.js';
import { loadConfig } from '../../src/config/index.js';
import { createContainer } from '../../src/container.js';
import { createLogger } from '../../src/shared/logger.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { freePort } from '../support/ports.js';

// The real handlers, run by the container's queue (pg-boss on PostgreSQL): a library scan imports
// LIBRARY_DIRS, and its new tracks are encoded into the transcode cache (TRANSCODE_WARM).
let ctx: TestContext;
let library: string;

beforeAll(async () => {
  library = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-scan-'));
  for (const name of ['01 - Dawn Chorus.mp3', '02 - Polar Drift.mp3']) fs.copyFileSync(path.join(AUDIO_FIXTURES, 'library/Nova Lights/Aurora (2021)', name), path.join(library, name));
  ctx = await createTestContext({ LIBRARY_DIRS: library, TRANSCODE_WARM: 'opus', JOBS_POLL_MS: '200' });
  await ctx.container.runJobs();
});
afterAll(async () => {
  await ctx.close();
  fs.rmSync(library, { recursive: true, force: true });
});

interface Row {
  kind: string;
  status: string;
  result: Record<string, number | string> | null;
}
async function rows(): Promise<Row[]> {
  const [found] = (await ctx.container.db.sequelize.query('SELECT kind, status, result FROM job_runs ORDER BY created_at')) as [{ kind: string; status: string; result: unknown }[], unknown];
  return found.map((r) => ({ ...r, result: typeof r.result === 'string' ? JSON.parse(r.result) : (r.result as Row['result']) }));
}
async function settled(count: number): Promise<Row[]> {
  for (let i = 0; i < 600; i++) {
    const all = await rows();
    if (all.length >= count && all.every((r) => !['queued', 'running'].includes(r.status))) return all;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`jobs still running: ${JSON.stringify(await rows())}`);
}

describe('job handlers', () => {
  it('a library scan imports the folder and its new tracks are warmed in the cache; a second scan changes nothing', async () => {
    const { created } = await ctx.container.services.jobs.queueLibraryScan(SYSTEM);
    expect(created).toBe(true);
    const first = await settled(2);
    expect(first).toEqual([
      { kind: 'imports.scan', status: 'succeeded', result: expect.objectContaining({ imported: 2, failed: 0 }) },
      { kind: 'transcode.warm', status: 'succeeded', result: { format: 'opus', encoded: 2, cached: 0, original: 0, missing: 0 } },
    ]);
    expect(fs.readdirSync(ctx.config.transcode.cacheDir).filter((f) => f.endsWith('.opus'))).toHaveLength(2);

    await ctx.container.services.jobs.queueLibraryScan(SYSTEM);
    const second = await settled(3);
    expect(second[2]).toEqual({ kind: 'imports.scan', status: 'succeeded', result: expect.objectContaining({ imported: 0, present: 2 }) });
  }, 60_000);

  it('an uploaded track is warmed too', async () => {
    const { media } = ctx.container.services;
    const upload = await media.receive(fs.createReadStream(path.join(AUDIO_FIXTURES, 'library/Nova Lights/Aurora (2021)/03 - Solar Wind.mp3')), 10 * 1024 * 1024);
    await media.uploadTrack(SYSTEM, upload, {});
    const all = await settled(4);
    expect(all[3]).toEqual({ kind: 'transcode.warm', status: 'succeeded', result: { format: 'opus', encoded: 1, cached: 0, original: 0, missing: 0 } });
    expect(fs.readdirSync(ctx.config.transcode.cacheDir).filter((f) => f.endsWith('.opus'))).toHaveLength(3);
  }, 60_000);
});

describe('mail through the queue', () => {
  it('with SMTP_URL, a reset mail is a mail.send job; once its MAIL_RETRIES retries are spent it fails and keeps only its recipient', async () => {
    // On PostgreSQL the context above shares this database: its jobs must not take this mail.
    await ctx.container.jobQueue.stop();
    const db = await testDatabaseUrl();
    // A port just freed: nothing listens there, every attempt is refused at once.
    const port = await freePort();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: db.dataDir,
      DATABASE_URL: db.url,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
      PASSWORD_HASH_MEMORY_KIB: '1024',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_RETRIES: '0',
      JOBS_POLL_MS: '200',
    });
    const c = createContainer(config, { logger: createLogger('silent') });
    try {
      await c.db.migrate();
      await c.db.sequelize.query('DELETE FROM job_runs');
      const email = `mailjob${process.pid}@example.com`;
      await c.services.users.create(SYSTEM, { email, username: `mailjob${process.pid}`, password: 'a long enough password 123', role: 'listener' });
      await c.services.auth.forgotPassword(email);
      await c.services.auth.settled();
      const [queued] = (await c.db.sequelize.query("SELECT status, data FROM job_runs WHERE kind = 'mail.send'")) as [{ status: string; data: unknown }[], unknown];
      expect(queued).toHaveLength(1);
      expect(queued[0]!.status).toBe('queued');
      expect(JSON.stringify(queued[0]!.data)).toMatch(/reset-password/);
      await c.runJobs();
      let row: { status: string; data: unknown; error: string | null; attempts: number } | undefined;
      for (let i = 0; i < 100 && row?.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        row = ((await c.db.sequelize.query("SELECT status, data, error, attempts FROM job_runs WHERE kind = 'mail.send'")) as [(typeof row)[], unknown])[0][0];
      }
      expect(row).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/ECONNREFUSED/) });
      expect(typeof row!.data === 'string' ? JSON.parse(row!.data) : row!.data).toEqual({ to: email });
    } finally {
      await c.close();
      fs.rmSync(db.dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
