import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { openEventStream } from '../support/event-stream.js';
import { cliDatabase, spawnCli, type CliDatabase } from '../support/cli.js';
import { freePort } from '../support/ports.js';

// `rhythmo serve --workers 2`: two processes share the port; the primary keeps the auth
// rate-limit counters and relays announcements, so neither depends on which worker answers.

let db: CliDatabase;
let server: ChildProcess;
let base: string;
let log = '';
const ADMIN = { login: 'boss@example.com', password: 'a very strong passphrase' };
/** The admin's session from the first login, ended by the logout test. */
let session: { accessToken: string; refreshToken: string };

async function waitFor(predicate: () => boolean | Promise<boolean>, what: string, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A POST on a connection of its own: the cluster hands each new connection to the next worker. */
function post(path: string, body: unknown, token?: string): Promise<{ status: number; json: () => Promise<unknown> }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...(token && { authorization: `Bearer ${token}` }) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, json: async () => JSON.parse(text) }));
    });
    req.end(payload);
  });
}

/** An open announcements stream on the cluster. */
const stream = (token: string) => openEventStream(`${base}/api/announcements/stream?access_token=${encodeURIComponent(token)}`, { Connection: 'close' });

beforeAll(async () => {
  db = await cliDatabase('cluster');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawnCli(['serve', '--workers', '2'], {
    ...db.env,
    LOG_LEVEL: 'info',
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_EMAIL: ADMIN.login,
    ADMIN_PASSWORD: ADMIN.password,
    RATE_LIMIT_AUTH_PER_WINDOW: '4',
  });
  server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  await waitFor(() => log.includes('all workers started'), 'both workers');
}, 120_000);

afterAll(async () => {
  if (server.exitCode === null) server.kill('SIGKILL');
  await db.drop();
});

describe('rhythmo serve --workers 2', () => {
  it('migrates once and starts two listening workers', () => {
    expect(log.match(/migrations applied/g)).toHaveLength(1);
    expect(new Set([...log.matchAll(/"pid":(\d+),[^\n]*Rhythmo listening/g)].map((m) => m[1])).size).toBe(2);
  });

  it('relays an announcement to the open streams of every worker', async () => {
    const login = await post('/api/auth/login', ADMIN);
    expect(login.status).toBe(200);
    session = (await login.json()) as typeof session;
    const { accessToken } = session;
    // Connections are handed to the workers in turn: four streams land on both of them.
    const streams = Array.from({ length: 4 }, () => stream(accessToken));
    await Promise.all(streams.map((s) => s.opened));
    const posted = await post('/api/admin/announcements', { text: 'Maintenance at noon' }, accessToken);
    expect(posted.status).toBe(201);
    await waitFor(() => streams.every((s) => s.data.some((d) => d.includes('Maintenance at noon'))), 'the announcement on every stream', 10_000);
    streams.forEach((s) => s.close());
  });

  it('closes the streams of a logged-out session on every worker, well before the recheck', async () => {
    const streams = Array.from({ length: 4 }, () => stream(session.accessToken));
    await Promise.all(streams.map((s) => s.opened));
    expect((await post('/api/auth/logout', { refreshToken: session.refreshToken })).status).toBe(204);
    await waitFor(() => streams.every((s) => s.ended()), 'every stream to close', 5_000);
    // Each request on a connection of its own, so both workers answer one.
    const me = () =>
      new Promise<number>((resolve, reject) => {
        http.get(`${base}/api/me`, { agent: false, headers: { authorization: `Bearer ${session.accessToken}` } }, (res) => resolve(res.resume().statusCode!)).on('error', reject);
      });
    expect([await me(), await me()]).toEqual([401, 401]);
  });

  it('counts failed Subsonic sign-ins across workers, and only failures', async () => {
    const login = await post('/api/auth/login', ADMIN);
    const { accessToken, user } = (await login.json()) as { accessToken: string; user: { username: string } };
    const { key } = (await (await post('/api/me/api-keys', { name: 'Phone' }, accessToken)).json()) as { key: string };
    const ping = (query: Record<string, string>) =>
      new Promise<{ status: string; error?: { code: number } }>((resolve, reject) => {
        const url = `${base}/rest/ping.view?${new URLSearchParams({ v: '1.16.1', c: 'test', f: 'json', ...query })}`;
        http.get(url, { agent: false }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve((JSON.parse(text) as { 'subsonic-response': { status: string; error?: { code: number } } })['subsonic-response']));
        }).on('error', reject);
      });
    // Successes are not counted: more of them than the limit, over both workers.
    for (let i = 0; i < 6; i++) expect((await ping({ u: user.username, p: key })).status).toBe('ok');
    const codes: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) codes.push((await ping({ u: user.username, p: `${key.slice(0, -2)}xx` })).error?.code);
    expect(codes).toEqual([40, 40, 40, 40]);
    // The limit is 4 per account and per address: the right key now waits for the window too.
    const limited = await ping({ u: user.username, p: key });
    expect(limited.status).toBe('failed');
    expect(limited.error?.code).not.toBe(40);
  });

  it('counts login attempts across workers', async () => {
    // The limit is 4; the admin's successful login above gave its attempt back.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post('/api/auth/login', { login: 'nobody', password: 'wrong password here' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect((await post('/api/auth/login', ADMIN)).status).toBe(429);
  });

  it('stops every worker on SIGTERM and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 30_000);
});
