import express from 'express';
import { createTestContext, bearer, type TestContext } from '../support/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ CORS_ORIGINS: 'https://app.example.com' });
});
afterAll(() => ctx.close());

describe('health, readiness and metrics', () => {
  it('/healthz and /readyz answer without a token', async () => {
    expect((await ctx.http().get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await ctx.http().get('/readyz')).body).toEqual({ status: 'ready' });
  });

  it('/readyz waits for start-up work such as the panel bundle', async () => {
    const { createApp } = await import('../../src/http/app.js');
    const { default: request } = await import('supertest');
    let finish!: () => void;
    const ready = new Promise<void>((resolve) => (finish = resolve));
    const app = createApp(ctx.container, { beforeBodyParsers: [{ path: '/later', router: express.Router(), ready }] });
    expect((await request(app).get('/readyz')).status).toBe(503);
    expect((await request(app).get('/healthz')).status).toBe(200);
    finish();
    await ready;
    expect((await request(app).get('/readyz')).status).toBe(200);
  });

  it('/metrics counts requests by route template', async () => {
    const u = await ctx.user();
    await ctx.http().get('/api/me').set(bearer(u));
    const res = await ctx.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/api\/me",status="200"\} \d+/);
    expect(res.text).toContain('http_request_duration_seconds_bucket');
    expect(res.text).toContain('db_pool_connections');
  });
});

describe('security headers, CORS and request ids', () => {
  it('sets helmet headers and a strict CSP on the API', async () => {
    const res = await ctx.http().get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('allows listed origins only', async () => {
    const ok = await ctx.http().get('/healthz').set('Origin', 'https://app.example.com');
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const other = await ctx.http().get('/healthz').set('Origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('echoes a sane X-Request-Id or makes one', async () => {
    const given = await ctx.http().get('/healthz').set('X-Request-Id', 'abc-123-def-456');
    expect(given.headers['x-request-id']).toBe('abc-123-def-456');
    const made = await ctx.http().get('/healthz').set('X-Request-Id', 'bad id with spaces and <tags>');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses bodies over the JSON limit with 413', async () => {
    const res = await ctx.http().post('/api/auth/login').send({ login: 'x'.repeat(2 * 1024 * 1024), password: 'y' });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('unexpected errors', () => {
  it('become a 500 problem with the request id and no stack', async () => {
    const { problemHandler } = await import('../../src/http/problem.js');
    const app = express();
    app.use((req, _res, next) => {
      (req as unknown as { id: string }).id = 'req-42';
      next();
    });
    app.get('/boom', () => {
      throw new Error('secret internal detail');
    });
    app.use(problemHandler());
    const { default: request } = await import('supertest');
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.requestId).toBe('req-42');
    expect(JSON.stringify(res.body)).not.toContain('secret internal detail');
    expect(JSON.stringify(res.body)).not.toContain('at ');
  });
});
