import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Container } from '../../src/container.js';
import { SYSTEM } from '../../src/shared/actor.js';
import { openEventStream } from '../support/event-stream.js';
import { cliDatabase, spawnCli, type CliDatabase } from '../support/cli.js';
import { AUDIO_FIXTURES } from '../support/fixture-files.js';
import { startS3, type TestS3 } from '../support/s3.js';
import { freePort } from '../support/ports.js';

// Two `rhythmo serve` processes, as two API hosts behind a load balancer: each with a data folder
// of its own, both on one PostgreSQL database and one object store (s3rver). Nothing passes
// between them but the database and the bucket. PostgreSQL only (jest.config.js leaves this file
// out of the SQLite run: there is one host on SQLite).

const onPostgres = /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? '');
const describePg = onPostgres ? describe : describe.skip;

interface Host {
  name: string;
  base: string;
  process: ChildProcess;
  log: string;
  dataDir: string;
}

let db: CliDatabase;
/** A container on the hosts' database, for what an operator does outside them (creating accounts). */
let setup: Container;
let s3: TestS3;
const hosts: Host[] = [];
let a: Host;
let b: Host;
/** `rhythmo worker`: the only process running background jobs. */
let worker: Host;
/** The track uploaded through A. */
let trackId: string;
const ADMIN = { username: 'boss', email: 'boss@example.com', password: 'a very strong passphrase' };
const LISTENER = { username: 'listener', email: 'listener@example.com', password: 'another strong passphrase' };
const AUDIO = path.join(AUDIO_FIXTURES, 'library/Various Artists/Night Drive/04.wav');

async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${hosts.map((h) => `--- ${h.name}\n${h.log}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startHost(name: string, shared: Record<string, string>): Promise<Host> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `rhythmo-host-${name}-`));
  const host: Host = { name, base: `http://127.0.0.1:${port}`, dataDir, log: '', process: undefined as unknown as ChildProcess };
  host.process = spawnCli(['serve'], { ...shared, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: host.base, LOG_LEVEL: 'info' });
  host.process.stdout!.on('data', (d: Buffer) => (host.log += d.toString()));
  host.process.stderr!.on('data', (d: Buffer) => (host.log += d.toString()));
  hosts.push(host);
  return host;
}

function startWorker(shared: Record<string, string>): Host {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-worker-'));
  const w: Host = { name: 'worker', base: '', dataDir, log: '', process: spawnCli(['worker'], { ...shared, DATA_DIR: dataDir, LOG_LEVEL: 'info' }) };
  w.process.stdout!.on('data', (d: Buffer) => (w.log += d.toString()));
  w.process.stderr!.on('data', (d: Buffer) => (w.log += d.toString()));
  return w;
}

const call = (host: Host, route: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${host.base}${route}`, {
    ...init,
    headers: { ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...(init.token && { authorization: `Bearer ${init.token}` }), ...init.headers },
  });

const login = (host: Host, user: { username: string }, password: string) => call(host, '/api/auth/login', { method: 'POST', body: JSON.stringify({ login: user.username, password }) });

async function tokenOf(host: Host, user: { username: string; password: string }): Promise<string> {
  const res = await login(host, user, user.password);
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

beforeAll(async () => {
  if (!onPostgres) return;
  [db, s3] = await Promise.all([cliDatabase('hosts'), startS3()]);
  // Migrated and given its accounts once, as an operator would before starting the hosts.
  setup = await db.open();
  await setup.services.users.create(SYSTEM, { ...ADMIN, role: 'admin' });
  await setup.services.users.create(SYSTEM, { ...LISTENER, role: 'listener' });
  const shared = {
    ...db.env,
    ...s3.env,
    API_KEY_SECRET: 'multi-host-api-key-secret-long-enough-0123456789',
    RATE_LIMIT_ACCOUNT_PER_WINDOW: '4',
    RATE_LIMIT_ADDRESS_PER_WINDOW: '1000',
    TRANSCODE_MAX_CONCURRENT: '1',
    // API hosts as docs/deployment.md lays them out: background jobs run in a worker process.
    JOBS: 'false',
  };
  [a, b] = await Promise.all([startHost('a', shared), startHost('b', shared)]);
  // A worker process (`rhythmo worker`) on the same database and bucket, for the background-job case below.
  worker = startWorker({ ...shared, JOBS_POLL_MS: '200' });
  await waitFor(() => {
    const stopped = [...hosts, worker].find((h) => h.process.exitCode !== null);
    if (stopped) throw new Error(`host ${stopped.name} stopped at start-up:\n${stopped.log}`);
    return hosts.every((h) => h.log.includes('Rhythmo listening')) && worker.log.includes('worker running jobs');
  }, 'both hosts to listen and the worker to run', 60_000);
}, 90_000);

afterAll(async () => {
  await Promise.all(
    [...hosts, ...(worker ? [worker] : [])].map(
      (h) =>
        new Promise<void>((resolve) => {
          if (h.process.exitCode !== null || h.process.signalCode !== null) return resolve();
          h.process.once('exit', () => resolve());
          h.process.kill('SIGTERM');
        }),
    ),
  );
  for (const h of hosts) fs.rmSync(h.dataDir, { recursive: true, force: true });
  await s3?.close();
  await db?.drop();
});

describePg('two API hosts on one PostgreSQL and one object store', () => {
  it('a track uploaded through A streams from B with ranges', async () => {
    const bytes = fs.readFileSync(AUDIO);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'audio/wav' }), '04.wav');
    const admin = await tokenOf(a, ADMIN);
    const upload = await call(a, '/api/tracks', { method: 'POST', body: form, token: admin });
    expect(upload.status).toBe(201);
    const { id } = (await upload.json()) as { id: string };
    trackId = id;
    expect((await s3.keys()).some((k) => k.startsWith('audio/'))).toBe(true);

    const listener = await tokenOf(b, LISTENER);
    const ranged = await call(b, `/api/tracks/${id}/stream`, { token: listener, headers: { Range: 'bytes=1000-1999' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
    // Host B's data folder holds no copy: the bytes came from the bucket.
    expect(fs.existsSync(path.join(b.dataDir, 'media', 'audio'))).toBe(false);
  });

  it('an encode finished on A is served by B from the bucket, with ranges, without encoding it again', async () => {
    const listener = await tokenOf(a, LISTENER);
    const encoded = await call(a, `/api/tracks/${trackId}/stream?format=mp3&bitrate=64`, { token: listener });
    expect(encoded.status).toBe(200);
    // The first play streams while ffmpeg writes: no ranges yet.
    expect(encoded.headers.get('accept-ranges')).toBe('none');
    const body = Buffer.from(await encoded.arrayBuffer());
    await waitFor(async () => (await s3.keys()).some((k) => k.startsWith('derived/transcodes/') && k.endsWith('.64k.mp3')), 'the encode in the bucket');
    // B's first request is answered from a finished file (an encode of its own could not answer a range).
    const ranged = await call(b, `/api/tracks/${trackId}/stream?format=mp3&bitrate=64`, { token: listener, headers: { Range: 'bytes=100-1099' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-1099/${body.length}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(body.subarray(100, 1100))).toBe(true);
  });

  it('an announcement posted on A reaches an event stream open on B', async () => {
    const admin = await tokenOf(b, ADMIN);
    const stream = openEventStream(`${b.base}/api/announcements/stream`, { Authorization: `Bearer ${admin}` });
    try {
      await stream.opened;
      const posted = await call(a, '/api/admin/announcements', { method: 'POST', body: JSON.stringify({ text: 'Posted on host A' }), token: admin });
      expect(posted.status).toBe(201);
      await waitFor(() => stream.data.some((d) => d.includes('Posted on host A')), 'the announcement on B');
    } finally {
      stream.close();
    }
  });

  it('the login limit counts failures on A and B together', async () => {
    const account = { username: 'limited' };
    await setup.services.users.create(SYSTEM, { username: 'limited', email: 'limited@example.com', password: 'the right passphrase!', role: 'listener' });
    for (const host of [a, b, a, b]) expect((await login(host, account, 'wrong passphrase!!')).status).toBe(401);
    const limited = await login(a, account, 'wrong passphrase!!');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(b, account, 'the right passphrase!')).status).toBe(429);
  });

  it('a ban on A stops the user on B at once: the bearer token, and a signed stream URL whose account check B remembered', async () => {
    const admin = await tokenOf(a, ADMIN);
    const victim = { username: 'banned', email: 'banned@example.com', password: 'yet another passphrase' };
    const { id: victimId } = await setup.services.users.create(SYSTEM, { ...victim, role: 'listener' });
    const token = await tokenOf(b, victim);
    const tracks = (await (await call(b, '/api/tracks?limit=1', { token })).json()) as { items: { id: string }[] };
    const trackId = tracks.items[0]!.id;
    const { url } = (await (await call(b, `/api/tracks/${trackId}/stream-url`, { method: 'POST', token })).json()) as { url: string };
    const signed = () => fetch(new URL(url, b.base), { headers: { Range: 'bytes=0-9' } });
    // B remembers the account check behind the signed URL (15 s on its own).
    expect((await signed()).status).toBe(206);
    expect((await call(b, '/api/me', { token })).status).toBe(200);

    expect((await call(a, `/api/admin/users/${victimId}`, { method: 'PATCH', body: JSON.stringify({ status: 'banned' }), token: admin })).status).toBe(200);
    // docs/deployment.md: bearer tokens at once; signed URLs by the notification (milliseconds).
    expect((await call(b, '/api/me', { token })).status).toBe(401);
    await waitFor(async () => (await signed()).status === 401, 'the signed URL refused on B', 2000);
  });

  // Background jobs: the worker process started in beforeAll takes a queued recommendation run.
  it('a recommendation run asked for on A and B at once is queued once and executed exactly once, by the worker', async () => {
    await setup.services.recommendations.synthesize(SYSTEM, { users: 20, tracks: 15, plays: 300, seed: 4 });
    const [onA, onB] = await Promise.all(
      [a, b].map(async (host) => {
        const res = await call(host, '/api/admin/recommendation-runs', { method: 'POST', token: await tokenOf(host, ADMIN), body: JSON.stringify({ model: 'knn' }) });
        return { status: res.status, body: (await res.json()) as { id?: string; existingRunId?: string } };
      }),
    );
    expect([onA.status, onB.status].sort()).toEqual([202, 409]);
    const id = (onA.status === 202 ? onA.body.id : onB.body.id)!;
    expect((onA.status === 409 ? onA.body : onB.body).existingRunId).toBe(id);
    const token = await tokenOf(b, ADMIN);
    let run: { status: string; attempts: number; result: { id: string } | null } = { status: 'queued', attempts: 0, result: null };
    await waitFor(async () => {
      run = (await (await call(b, `/api/admin/recommendation-runs/${id}`, { token })).json()) as typeof run;
      return !['queued', 'running'].includes(run.status);
    }, 'the run to finish', 60_000);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1 });
    const [rows] = (await setup.db.sequelize.query('SELECT id FROM recommendation_runs')) as [{ id: string }[], unknown];
    expect(rows.map((r) => r.id)).toEqual([run.result!.id]);
    // Neither API host ran it (JOBS=false there).
    expect(a.log + b.log).not.toMatch(/job succeeded/);
    expect(worker.log).toMatch(/job succeeded/);
  }, 90_000);
});
