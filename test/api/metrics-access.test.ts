import { createTestContext, type TestContext } from '../support/context.js';

const TOKEN = 'metrics-token-0123456789abcdef';

describe('/metrics', () => {
  let ctx: TestContext | undefined;
  afterEach(async () => {
    await ctx?.close();
    ctx = undefined;
  });

  it('is not served in production without METRICS_TOKEN', async () => {
    ctx = await createTestContext({ NODE_ENV: 'production' });
    const res = await ctx.http().get('/metrics');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.text).not.toMatch(/http_requests_total/);
  });

  it('with METRICS_TOKEN, answers only the bearer of that token', async () => {
    ctx = await createTestContext({ NODE_ENV: 'production', METRICS_TOKEN: TOKEN });
    for (const auth of [undefined, 'Bearer wrong-token', `Bearer ${TOKEN}x`, TOKEN]) {
      const req = ctx.http().get('/metrics');
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect({ auth, status: res.status }).toEqual({ auth, status: 401 });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.text).not.toMatch(/http_requests_total/);
    }
    const res = await ctx.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_requests_total/);
  });

  it('stays open outside production when no token is set', async () => {
    ctx = await createTestContext();
    expect((await ctx.http().get('/metrics')).status).toBe(200);
  });

  it('refuses a METRICS_TOKEN too short to be a secret at boot', async () => {
    await expect(createTestContext({ METRICS_TOKEN: 'short' })).rejects.toThrow(/METRICS_TOKEN/);
  });
});
