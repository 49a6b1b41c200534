import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestContext, bearer, type TestContext, type TestUser } from '../support/context.js';
import { copyAudioFixtures } from '../support/media.js';
import { StreamUrlSigner } from '../../src/modules/media/index.js';
import { STREAM_HEADERS, STREAM_QUERY } from '../../src/http/stream-edge/index.js';
import { loadOpenApiDocument } from '../../src/http/openapi-document.js';

let ctx: TestContext;
let fixtures: ReturnType<typeof copyAudioFixtures>;
let admin: TestUser;
let listener: TestUser;
let trackId: string;
let file: Buffer;
let size: number;

beforeAll(async () => {
  ctx = await createTestContext();
  fixtures = copyAudioFixtures();
  admin = await ctx.user('admin');
  listener = await ctx.user('listener');
  const long = path.join(fixtures.dir, 'long/long-60s.mp3');
  file = fs.readFileSync(long);
  size = file.length;
  const res = await ctx.http().post('/api/tracks').set(bearer(admin)).attach('file', long);
  expect(res.status).toBe(201);
  trackId = res.body.id;
});
afterAll(async () => {
  await ctx.close();
  fixtures.remove();
});

const etag = () => `"${createHash('sha256').update(file).digest('hex')}"`;
const stream = (user: TestUser | null = listener, id = trackId) => {
  const req = ctx.http().get(`/api/tracks/${id}/stream`).buffer(true).parse(binary);
  return user ? req.set(bearer(user)) : req;
};
function binary(res: unknown, cb: (err: Error | null, body: Buffer) => void) {
  const stream = res as http.IncomingMessage;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

describe('GET /api/tracks/{id}/stream', () => {
  it('sends the whole file with validators and the right type', async () => {
    const res = await stream();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('audio/mpeg');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-length']).toBe(String(size));
    expect(res.headers.etag).toBe(etag());
    expect(new Date(res.headers['last-modified']!).getTime()).toBeGreaterThan(0);
    expect(Buffer.compare(res.body, file)).toBe(0);
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=480000-480999', 480000, 480999],
    ['bytes=500000-', 500000, null],
    ['bytes=-1000', null, null],
    [`bytes=900000-99999999`, 900000, null],
    // Longer than one read chunk (512 KiB): two positional reads.
    ['bytes=1000-950000', 1000, 950000],
  ])('answers %s with exactly those bytes', async (range, start, end) => {
    const res = await stream().set('Range', range);
    expect(res.status).toBe(206);
    const s = start ?? size - 1000;
    const e = end ?? size - 1;
    expect(res.headers['content-range']).toBe(`bytes ${s}-${e}/${size}`);
    expect(res.headers['content-length']).toBe(String(e - s + 1));
    expect(Buffer.compare(res.body, file.subarray(s, e + 1))).toBe(0);
  });

  it('returns exactly the requested bytes for random ranges across the 60 s file', async () => {
    for (let i = 0; i < 20; i++) {
      const s = Math.floor(Math.random() * size);
      const e = Math.min(size - 1, s + Math.floor(Math.random() * 200_000));
      const res = await stream().set('Range', `bytes=${s}-${e}`);
      expect(res.status).toBe(206);
      expect(Buffer.compare(res.body, file.subarray(s, e + 1))).toBe(0);
    }
  });

  it('never sends more bytes than the file for several or overlapping ranges', async () => {
    const merged = await stream().set('Range', 'bytes=0-99,50-199,200-299');
    expect(merged.status).toBe(206);
    expect(merged.headers['content-range']).toBe(`bytes 0-299/${size}`);
    expect(merged.body.length).toBe(300);
    for (const header of ['bytes=0-10,1000-1010', 'bytes=0-,0-,0-,0-', 'bytes=-500000,0-600000']) {
      const res = await stream().set('Range', header);
      expect(res.body.length).toBeLessThanOrEqual(size);
      expect([200, 206]).toContain(res.status);
      if (res.status === 200) expect(Buffer.compare(res.body, file)).toBe(0);
    }
  });

  it('answers an unsatisfiable range with 416 and bytes */size', async () => {
    for (const header of [`bytes=${size}-`, 'bytes=99999999-100000000']) {
      const res = await stream().set('Range', header);
      expect(res.status).toBe(416);
      expect(res.headers['content-range']).toBe(`bytes */${size}`);
    }
  });

  it('ignores a range header it cannot parse', async () => {
    const res = await stream().set('Range', 'bytes=abc');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(size);
  });

  it('answers If-None-Match with 304 and honours If-Range', async () => {
    const notModified = await stream().set('If-None-Match', etag());
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect((await stream().set('If-None-Match', `W/${etag()}, "other"`)).status).toBe(304);
    expect((await stream().set('If-None-Match', '"something-else"')).status).toBe(200);
    const fresh = await stream().set('Range', 'bytes=10-19').set('If-Range', etag());
    expect(fresh.status).toBe(206);
    const stale = await stream().set('Range', 'bytes=10-19').set('If-Range', '"an-older-version"');
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(size);
  });

  it('answers HEAD with the headers and no body', async () => {
    const head = await ctx.http().head(`/api/tracks/${trackId}/stream`).set(bearer(listener));
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(size));
    expect(head.headers['accept-ranges']).toBe('bytes');
    const ranged = await ctx.http().head(`/api/tracks/${trackId}/stream`).set(bearer(listener)).set('Range', 'bytes=5-9');
    expect(ranged.status).toBe(206);
    expect(ranged.headers['content-range']).toBe(`bytes 5-9/${size}`);
  });

  it('needs a token or a signature, and a track that exists', async () => {
    expect((await stream(null)).status).toBe(401);
    expect((await stream(listener, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await stream(listener, 'not-a-uuid')).status).toBe(400);
  });

  it('releases the file handle when the client goes away mid-stream', async () => {
    const server = ctx.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const openHandles = () =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(ctx.config.mediaDir);
        } catch {
          return false;
        }
      }).length;
    const before = openHandles();
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: `/api/tracks/${trackId}/stream`, headers: bearer(listener) }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    });
    for (let i = 0; i < 50 && openHandles() > before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(openHandles()).toBe(before);
    server.close();
  });
});

describe('signed stream URLs', () => {
  it('streams without a bearer header while the URL is unexpired and untouched', async () => {
    const res = await ctx.http().post(`/api/tracks/${trackId}/stream-url`).set(bearer(listener));
    expect(res.status).toBe(200);
    const { url, expiresAt } = res.body as { url: string; expiresAt: string };
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    const ok = await ctx.http().get(url).set('Range', 'bytes=100-199').buffer(true).parse(binary);
    expect(ok.status).toBe(206);
    expect(Buffer.compare(ok.body, file.subarray(100, 200))).toBe(0);

    const tampered = url.replace(/sig=([^&])/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`);
    expect((await ctx.http().get(tampered)).status).toBe(401);
    const later = url.replace(/expires=(\d+)/, (_m, n: string) => `expires=${Number(n) + 3600}`);
    expect((await ctx.http().get(later)).status).toBe(401);
    const other = await ctx.http().post('/api/tracks').set(bearer(admin)).attach('file', path.join(fixtures.dir, 'library/Various Artists/Night Drive/01.ogg'));
    expect((await ctx.http().get(url.replace(trackId, other.body.id))).status).toBe(401);
  });

  it('refuses an expired URL even with a genuine signature', async () => {
    const signer = new StreamUrlSigner(ctx.config.jwt.secret);
    const expires = Math.floor(Date.now() / 1000) - 10;
    const sig = signer.sign(trackId, listener.id, expires);
    const res = await ctx.http().get(`/api/tracks/${trackId}/stream?u=${listener.id}&expires=${expires}&sig=${sig}`);
    expect(res.status).toBe(401);
    const fresh = Math.floor(Date.now() / 1000) + 60;
    expect((await ctx.http().get(`/api/tracks/${trackId}/stream?u=${listener.id}&expires=${fresh}&sig=${signer.sign(trackId, listener.id, fresh)}`)).status).toBe(200);
  });

  it('needs a token to ask for one, and a visible track', async () => {
    expect((await ctx.http().post(`/api/tracks/${trackId}/stream-url`)).status).toBe(401);
    expect((await ctx.http().post('/api/tracks/00000000-0000-4000-8000-000000000000/stream-url').set(bearer(listener))).status).toBe(404);
  });
});

describe('the lean streaming edge (mounted ahead of the global middleware)', () => {
  const signedUrl = async (user: TestUser = listener, id = trackId) =>
    ((await ctx.http().post(`/api/tracks/${id}/stream-url`).set(bearer(user))).body as { url: string }).url;

  it('sends the same security and CORS headers as every other route, and a request id', async () => {
    const elsewhere = await ctx.http().get('/api/genres').set(bearer(listener)).set('X-Request-Id', 'trace-elsewhere-1');
    const streamed = await stream().set('Range', 'bytes=0-9').set('X-Request-Id', 'trace-stream-0001');
    expect(streamed.status).toBe(206);
    expect(streamed.headers['x-request-id']).toBe('trace-stream-0001');
    expect((await stream()).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const policy = [
      'content-security-policy',
      'cross-origin-opener-policy',
      'origin-agent-cluster',
      'referrer-policy',
      'strict-transport-security',
      'x-content-type-options',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-frame-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
      'vary',
      'access-control-expose-headers',
    ];
    for (const name of policy) {
      expect([name, streamed.headers[name]]).toEqual([name, elsewhere.headers[name]]);
      expect(streamed.headers[name]).toBeDefined();
    }
    expect(streamed.headers['x-powered-by']).toBeUndefined();
    // The one header streaming changes on purpose: <audio> on another origin may embed the bytes.
    expect(streamed.headers['cross-origin-resource-policy']).toBe('cross-origin');
  });

  it('applies the CORS policy to browser requests like the other routes', async () => {
    const origin = 'https://player.example';
    const elsewhere = await ctx.http().get('/api/genres').set(bearer(listener)).set('Origin', origin);
    const streamed = await stream().set('Origin', origin).set('Range', 'bytes=0-9');
    expect(streamed.headers['access-control-allow-origin']).toBe(elsewhere.headers['access-control-allow-origin']);
    expect(streamed.headers.vary).toBe(elsewhere.headers.vary);
  });

  it('checks the parameters the OpenAPI validator would, with problem+json answers', async () => {
    const url = await signedUrl();
    for (const [bad, path] of [
      [`${url}&extra=1`, 'query.extra'],
      [url.replace(/expires=\d+/, 'expires=soon'), 'query.expires'],
      [url.replace(/u=[^&]+/, 'u=someone'), 'query.u'],
      [`${url}&sig=again`, 'query.sig'],
      [url.replace(trackId, 'not-a-uuid'), 'params.trackId'],
    ] as const) {
      const res = await ctx.http().get(bad);
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    }
    expect((await stream().set('Range', `bytes=${'1'.repeat(1001)}-`)).status).toBe(400);
  });

  it('holds its parameter lists to the OpenAPI document', () => {
    const doc = loadOpenApiDocument() as { paths: Record<string, Record<string, { parameters?: { $ref?: string; name?: string; in?: string; schema?: { maxLength?: number } }[] }>>; components: { parameters: Record<string, { name: string; in: string; schema: { maxLength?: number } }> } };
    for (const method of ['get', 'head']) {
      const params = (doc.paths['/api/tracks/{trackId}/stream']![method]!.parameters ?? []).map((p) => (p.$ref ? doc.components.parameters[p.$ref.split('/').pop()!]! : p) as { name: string; in: string; schema: { maxLength?: number } });
      expect(params.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual([...STREAM_QUERY].sort());
      expect(Object.fromEntries(params.filter((p) => p.in === 'header').map((p) => [p.name.toLowerCase(), p.schema.maxLength]))).toEqual(STREAM_HEADERS);
    }
  });

  it('falls back to the signature when a bearer token does not hold, and refuses without one', async () => {
    const url = await signedUrl();
    const withBadBearer = await ctx.http().get(url).set('Authorization', 'Bearer not.a.token').set('Range', 'bytes=0-9');
    expect(withBadBearer.status).toBe(206);
    expect((await ctx.http().get(`/api/tracks/${trackId}/stream`).set('Authorization', 'Bearer not.a.token')).status).toBe(401);
  });

  it('stops streaming a deleted track at once, though its lookup was cached', async () => {
    const artist = await ctx.user('admin');
    const upload = await ctx.http().post('/api/tracks').set(bearer(artist)).attach('file', path.join(fixtures.dir, 'library/Various Artists/Night Drive/04.wav'));
    expect(upload.status).toBe(201);
    const id = upload.body.id as string;
    const url = await signedUrl(listener, id);
    // Warm the caches through both doors.
    expect((await stream(listener, id).set('Range', 'bytes=0-9')).status).toBe(206);
    expect((await ctx.http().get(url).set('Range', 'bytes=0-9')).status).toBe(206);
    expect((await ctx.http().delete(`/api/tracks/${id}`).set(bearer(artist))).status).toBe(204);
    expect((await stream(listener, id).set('Range', 'bytes=0-9')).status).toBe(404);
    expect((await ctx.http().get(url).set('Range', 'bytes=0-9')).status).toBe(404);
    expect((await ctx.http().head(`/api/tracks/${id}/stream`).set(bearer(listener))).status).toBe(404);
    expect((await stream(listener, id).set('If-None-Match', '"anything"')).status).toBe(404);
  });

  it("refuses a banned account's bearer token at once", async () => {
    const admin2 = await ctx.user('admin');
    const banned = await ctx.user('listener');
    expect((await stream(banned).set('Range', 'bytes=0-9')).status).toBe(206);
    expect((await ctx.http().patch(`/api/admin/users/${banned.id}`).set(bearer(admin2)).send({ status: 'banned' })).status).toBe(200);
    expect((await stream(banned).set('Range', 'bytes=0-9')).status).toBe(401);
  });

  it('counts stream requests under the route template in /metrics', async () => {
    await stream().set('Range', 'bytes=0-9');
    const metrics = await ctx.http().get('/metrics');
    expect(metrics.text).toMatch(/http_requests_total\{method="GET",route="\/api\/tracks\/\{trackId\}\/stream",status="206"\} \d+/);
  });

  it('answers the plain spelling of the path before Express routes anything, and leaves every other request to Express', async () => {
    // Counts the requests Express's router is given.
    const router = (ctx.app as unknown as { router: { handle: (...args: unknown[]) => void } }).router;
    const handle = router.handle;
    let calls = 0;
    router.handle = function (this: unknown, ...args: unknown[]) {
      calls += 1;
      return handle.apply(this, args);
    };
    const routed = { mockClear: () => (calls = 0), get calls() { return calls; } };
    try {
      const url = await signedUrl();
      routed.mockClear();
      const direct = [
        await stream().set('Range', 'bytes=0-9').set('X-Request-Id', 'trace-fast-0001'),
        await ctx.http().head(`/api/tracks/${trackId}/stream`).set(bearer(listener)),
        await ctx.http().get(url).set('Range', 'bytes=0-9'),
        await stream(null),
        await ctx.http().get(`${url}&extra=1`),
      ];
      expect(direct.map((r) => r.status)).toEqual([206, 200, 206, 401, 400]);
      expect(direct[0]!.headers['x-request-id']).toBe('trace-fast-0001');
      expect(direct[4]!.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(routed.calls).toBe(0);

      // Other spellings of the same route still reach it through Express's router (case-insensitive
      // match, trailing slash, an encoded character), with the same answer.
      const encoded = `/api/tracks/${trackId.slice(0, 5)}%${trackId.charCodeAt(5).toString(16)}${trackId.slice(6)}/stream`;
      for (const path of [`/API/tracks/${trackId}/stream`, `/api/tracks/${trackId}/stream/`, encoded]) {
        routed.mockClear();
        const res = await ctx.http().get(path).set(bearer(listener)).set('Range', 'bytes=0-9');
        expect([path, res.status, res.headers['content-range']]).toEqual([path, 206, `bytes 0-9/${size}`]);
        expect([path, routed.calls]).toEqual([path, 1]);
      }
      routed.mockClear();
      expect((await ctx.http().post(`/api/tracks/${trackId}/stream`).set(bearer(listener))).status).toBe(405);
      // Another GET of the API is answered ahead of Express too, by the operation dispatch
      // (src/http/operation-dispatch.ts); another method goes through Express's router.
      expect((await ctx.http().get('/api/genres').set(bearer(listener))).status).toBe(200);
      expect((await ctx.http().delete('/api/genres').set(bearer(listener))).status).toBe(405);
      expect(routed.calls).toBe(2);
    } finally {
      router.handle = handle;
    }
  });
});
