import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { addTrack } from '../support/catalog.js';
import { createApp } from '../../src/http/app.js';
import { apiRouters } from '../../src/http/routers.js';
import { routeIndex } from '../../src/http/operation-dispatch.js';
import { pathMatcher } from '../../src/http/openapi-validation.js';
import { loadOpenApiDocument } from '../../src/http/openapi-document.js';

// GET requests of the API are dispatched to their route ahead of Express's router
// (src/http/operation-dispatch.ts). The same app built without that dispatch is the reference:
// every answer must be the same, whatever the request holds.

let ctx: TestContext;
let listener: TestUser;
let viaDispatch: http.Server;
let viaExpress: http.Server;
let trackId: string;
let albumId: string;

const listen = (app: http.RequestListener) =>
  new Promise<http.Server>((resolve) => {
    const server = http.createServer(app);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
const base = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

beforeAll(async () => {
  ctx = await createTestContext();
  listener = await ctx.user('listener');
  const track = await addTrack(ctx, { title: 'Dispatch Test', artistNames: [{ name: 'Dispatcher', role: 'main' }], album: { title: 'Routes', artistNames: ['Dispatcher'] }, genres: ['Ambient'] });
  trackId = track.id;
  albumId = track.album!.id;
  viaDispatch = await listen(createApp(ctx.container, { validateResponses: true }));
  viaExpress = await listen(createApp(ctx.container, { validateResponses: true, operationDispatch: false }));
});
afterAll(async () => {
  for (const s of [viaDispatch, viaExpress]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  await ctx.close();
});

/** What a client sees of an answer: status, headers (but the per-request ones) and body. */
async function answer(server: string, path: string, headers: Record<string, string>) {
  const res = await fetch(server + path, { headers });
  const body = await res.text();
  const shown = [...res.headers].filter(([name]) => !['date', 'x-request-id', 'keep-alive', 'connection'].includes(name));
  // A problem carries its request's id, a generated list the time it was made: shown without
  // them, and without the ETag that differs with them.
  const normal = body.replace(/"requestId":"[^"]+"/, '"requestId":"…"').replace(/"generatedAt":"[^"]+"/, '"generatedAt":"…"');
  const kept = shown.filter(([name]) => !(normal !== body && name === 'etag'));
  return { status: res.status, headers: Object.fromEntries(kept), body: normal };
}

describe('GET requests dispatched ahead of Express', () => {
  const cases = (): [string, Record<string, string>][] => {
    const auth = { authorization: `Bearer ${listener.token}` };
    return [
      ['/api/me', auth],
      [`/api/tracks/${trackId}`, auth],
      [`/api/tracks?${new URLSearchParams({ limit: '2', sort: 'title' })}`, auth],
      [`/api/albums/${albumId}`, auth],
      [`/api/search?${new URLSearchParams({ q: 'dispatch test' })}`, auth],
      ['/api/me/recommendations', auth],
      ['/API/Me', auth],
      ['/api/me/', auth],
      ['/api/me', {}],
      ['/api/me', { authorization: 'Bearer not-a-token' }],
      ['/api/tracks/not-a-uuid', auth],
      [`/api/tracks/${randomUUID()}`, auth],
      [`/api/tracks?${new URLSearchParams({ limit: '0' })}`, auth],
      [`/api/tracks?${new URLSearchParams({ colour: 'blue' })}`, auth],
      [`/api/tracks/${encodeURIComponent('a\u0000b')}`, auth],
      ['/api/tracks/a/b/c', auth],
      ['/api/me', { ...auth, origin: 'https://elsewhere.example' }],
    ];
  };

  it('answers every request as Express does: status, headers and body', async () => {
    for (const [path, headers] of cases()) {
      const fast = await answer(base(viaDispatch), path, headers);
      const reference = await answer(base(viaExpress), path, headers);
      expect({ path, ...fast }).toEqual({ path, ...reference });
    }
  });

  it('answers a conditional request with 304, as Express does', async () => {
    const auth = { authorization: `Bearer ${listener.token}` };
    const first = await fetch(`${base(viaDispatch)}/api/tracks/${trackId}`, { headers: auth });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\//);
    // node:http, since fetch adds Cache-Control: no-cache to a conditional request.
    const conditional = (server: http.Server) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.get(`${base(server)}/api/tracks/${trackId}`, { headers: { ...auth, 'if-none-match': etag } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
      });
    for (const server of [viaDispatch, viaExpress]) expect(await conditional(server)).toEqual({ status: 304, body: '' });
  });

  it('covers every GET operation the modules route, one route each', () => {
    const index = routeIndex(apiRouters(ctx.container));
    expect(index).not.toBeNull();
    const doc = loadOpenApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const gets = Object.entries(doc.paths).filter(([, item]) => item.get).map(([p]) => p);
    const routed = gets.filter((p) => index!.has(`GET ${p.replace(/\{(\w+)\}/g, ':$1')}`));
    // Served elsewhere: health, metrics, the schema, and the streaming edge.
    const elsewhere = gets.filter((p) => !routed.includes(p));
    expect(elsewhere.sort()).toEqual(['/api/schema', '/api/schema/swagger-ui', '/api/tracks/{trackId}/stream', '/healthz', '/metrics', '/readyz']);
  });
});

describe('pathMatcher', () => {
  const doc = loadOpenApiDocument() as { paths: Record<string, unknown> };
  const paths = Object.keys(doc.paths);
  const match = pathMatcher(paths);

  it('finds each path of the document from a request for it, in any case and with a trailing slash', () => {
    for (const p of paths) {
      const concrete = p.replace(/\{\w+\}/g, 'x1');
      for (const spelling of [concrete, concrete.toUpperCase(), `${concrete}/`]) expect({ spelling, found: match(spelling).includes(p) }).toEqual({ spelling, found: true });
    }
  });

  it('finds nothing for a path of another length or an empty parameter', () => {
    expect(match('/api/tracks/a/b/c')).toEqual([]);
    expect(match('/api/tracks//rating')).toEqual([]);
    expect(match('/nowhere')).toEqual([]);
  });
});
