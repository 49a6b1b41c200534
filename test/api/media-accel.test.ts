import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures } from '../support/media.js';
import { nginxSite } from '../../src/http/nginx-site.js';

// STREAM_ACCEL_REDIRECT: Rhythmo authorises the stream request and nginx sends the bytes from an
// internal location. Checked on the app alone, then through a real nginx (Debian package) running
// the layout that `rhythmo nginx-config` prints and docs/streaming.md shows.

const PREFIX = '/_protected/media/';
let ctx: TestContext;
let fixtures: ReturnType<typeof copyAudioFixtures>;
let listener: TestUser;
let trackId: string;
let file: Buffer;

beforeAll(async () => {
  ctx = await createTestContext({ STREAM_ACCEL_REDIRECT: PREFIX, STREAM_ACCEL_CACHE_SECONDS: '300', STREAM_URL_TTL_SECONDS: '30', ACCESS_TOKEN_TTL_SECONDS: '30' });
  fixtures = copyAudioFixtures();
  const artist = await ctx.user('artist');
  listener = await ctx.user('listener');
  const long = path.join(fixtures.dir, 'long/long-60s.mp3');
  file = fs.readFileSync(long);
  const res = await ctx.http().post('/api/tracks').set(bearer(artist)).attach('file', long);
  expect(res.status).toBe(201);
  trackId = res.body.id;
});
afterAll(async () => {
  await ctx.close();
  fixtures.remove();
});

describe('streaming behind nginx (STREAM_ACCEL_REDIRECT)', () => {
  it('answers an allowed request with the internal location of the stored file and no body', async () => {
    const res = await ctx.http().get(`/api/tracks/${trackId}/stream`).set(bearer(listener)).set('Range', 'bytes=0-99');
    expect(res.status).toBe(200);
    const target = res.headers['x-accel-redirect'] as string;
    expect(target.startsWith(PREFIX)).toBe(true);
    expect(res.headers['content-type']).toBe('audio/mpeg');
    expect(res.headers['content-range']).toBeUndefined();
    expect(Number(res.headers['content-length'] ?? 0)).toBe(0);
    const stored = path.join(ctx.container.config.mediaDir, target.slice(PREFIX.length));
    expect(fs.readFileSync(stored).equals(file)).toBe(true);
  });

  it('hands over nothing without credentials or for a track that does not exist', async () => {
    const none = await ctx.http().get(`/api/tracks/${trackId}/stream`);
    expect(none.status).toBe(401);
    expect(none.headers['x-accel-redirect']).toBeUndefined();
    const missing = await ctx.http().get('/api/tracks/00000000-0000-4000-8000-000000000000/stream').set(bearer(listener));
    expect(missing.status).toBe(404);
    expect(missing.headers['x-accel-redirect']).toBeUndefined();
  });

  it('says how long nginx may reuse the answer: never past the credential', async () => {
    // STREAM_ACCEL_CACHE_SECONDS is 300 here, and tokens and signed URLs live 30 s.
    const viaBearer = await ctx.http().get(`/api/tracks/${trackId}/stream`).set(bearer(listener));
    const url = (await ctx.http().post(`/api/tracks/${trackId}/stream-url`).set(bearer(listener))).body.url as string;
    const viaUrl = await ctx.http().get(url);
    for (const res of [viaBearer, viaUrl]) {
      expect(res.status).toBe(200);
      const seconds = Number(res.headers['x-accel-expires']);
      expect(seconds).toBeGreaterThanOrEqual(25);
      expect(seconds).toBeLessThanOrEqual(30);
    }
  });
});

describe('the nginx layout of `rhythmo nginx-config`, run by a real nginx', () => {
  let server: http.Server;
  let nginx: { port: number; child: ChildProcess };
  /** Stream requests that reached Rhythmo. */
  let asked = 0;
  const url = () => `http://127.0.0.1:${nginx.port}/api/tracks/${trackId}/stream`;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url?.includes('/stream')) asked += 1;
      ctx.app(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    nginx = await startNginx((server.address() as AddressInfo).port, ctx.container.config.mediaDir);
  });
  afterAll(async () => {
    nginx?.child.kill('SIGTERM');
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('streams exact ranges, asking Rhythmo once per token and track', async () => {
    asked = 0;
    const part = await fetch(url(), { headers: { ...bearer(listener), Range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${file.length}`);
    expect(part.headers.get('content-type')).toBe('audio/mpeg');
    expect(part.headers.get('cache-control')).toBe('private, max-age=86400');
    expect(part.headers.get('x-accel-redirect')).toBeNull();
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(1000, 2000))).toBe(true);
    const whole = await fetch(url(), { headers: bearer(listener) });
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(file)).toBe(true);
    const head = await fetch(url(), { method: 'HEAD', headers: bearer(listener) });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, String(file.length)]);
    expect(asked).toBe(1);
  });

  it('streams a signed URL the same way', async () => {
    const signed = (await ctx.http().post(`/api/tracks/${trackId}/stream-url`).set(bearer(listener))).body.url as string;
    const res = await fetch(`http://127.0.0.1:${nginx.port}${signed}`, { headers: { Range: 'bytes=-100' } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals(file.subarray(file.length - 100))).toBe(true);
  });

  it('never lets a remembered yes answer for another credential, and remembers no refusal', async () => {
    await fetch(url(), { headers: bearer(listener) }).then((r) => r.arrayBuffer());
    asked = 0;
    const none = await fetch(url());
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const other = await ctx.user('listener');
    const ok = await fetch(url(), { headers: { ...bearer(other), Range: 'bytes=0-9' } });
    expect(ok.status).toBe(206);
    await ok.arrayBuffer();
    const forged = { Authorization: `${bearer(listener).Authorization}x` };
    expect((await fetch(url(), { headers: forged })).status).toBe(401);
    expect((await fetch(url(), { headers: forged })).status).toBe(401);
    // Each refusal reaches Rhythmo twice (the subrequest, then the request for its answer).
    expect(asked).toBe(1 + 2 + 2 * 2);
  });

  it("answers a missing track or a bad id with Rhythmo's own problem", async () => {
    const missing = await fetch(`http://127.0.0.1:${nginx.port}/api/tracks/00000000-0000-4000-8000-000000000000/stream`, { headers: bearer(listener) });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const bad = await fetch(`http://127.0.0.1:${nginx.port}/api/tracks/not-a-uuid/stream`, { headers: bearer(listener) });
    expect(bad.status).toBe(400);
  });

  it('never serves the internal location to clients', async () => {
    const target = (await ctx.http().get(`/api/tracks/${trackId}/stream`).set(bearer(listener))).headers['x-accel-redirect'] as string;
    expect((await fetch(`http://127.0.0.1:${nginx.port}${target}`, { headers: bearer(listener) })).status).toBe(404);
  });
});

async function startNginx(upstreamPort: number, mediaDir: string): Promise<{ port: number; child: ChildProcess }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-nginx-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const site = nginxSite({
    upstream: `127.0.0.1:${upstreamPort}`,
    listen: `127.0.0.1:${port}`,
    serverName: 'localhost',
    mediaDir,
    accelPrefix: PREFIX,
    cacheDir: path.join(dir, 'cache'),
    maxUploadMb: 200,
  });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${site}
}
`,
  );
  const bin = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
  if (!bin) throw new Error('nginx is not installed (apt-get install nginx; .ci/run installs it)');
  const child = spawn(bin, ['-c', conf, '-p', dir], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false)) return { port, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`nginx did not start: ${fs.existsSync(`${dir}/error.log`) ? fs.readFileSync(`${dir}/error.log`, 'utf8') : ''}`);
}
