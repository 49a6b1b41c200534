import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures } from '../support/media.js';

// STREAM_ACCEL_REDIRECT: Rhythmo authorises the stream request and nginx sends the bytes from an
// internal location. Checked on the app alone, then through a real nginx (Debian package).

const PREFIX = '/_protected/media/';
let ctx: TestContext;
let fixtures: ReturnType<typeof copyAudioFixtures>;
let listener: TestUser;
let trackId: string;
let file: Buffer;

beforeAll(async () => {
  ctx = await createTestContext({ STREAM_ACCEL_REDIRECT: PREFIX });
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

  it('streams exact ranges through a real nginx, which never serves the internal location directly', async () => {
    const server = http.createServer(ctx.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const nginx = await startNginx((server.address() as AddressInfo).port, ctx.container.config.mediaDir);
    try {
      const url = `http://127.0.0.1:${nginx.port}/api/tracks/${trackId}/stream`;
      const part = await fetch(url, { headers: { ...bearer(listener), Range: 'bytes=1000-1999' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${file.length}`);
      expect(part.headers.get('content-type')).toBe('audio/mpeg');
      expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(1000, 2000))).toBe(true);
      const whole = await fetch(url, { headers: bearer(listener) });
      expect(Buffer.from(await whole.arrayBuffer()).equals(file)).toBe(true);
      expect((await fetch(url)).status).toBe(401);
      const target = (await ctx.http().get(`/api/tracks/${trackId}/stream`).set(bearer(listener))).headers['x-accel-redirect'] as string;
      expect((await fetch(`http://127.0.0.1:${nginx.port}${target}`)).status).toBe(404);
    } finally {
      nginx.child.kill('SIGTERM');
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

async function startNginx(upstreamPort: number, mediaDir: string): Promise<{ port: number; child: ChildProcess }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-nginx-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
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
  types { audio/mpeg mp3; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://127.0.0.1:${upstreamPort}; }
    location ${PREFIX} { internal; alias ${mediaDir}/; sendfile on; }
  }
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
