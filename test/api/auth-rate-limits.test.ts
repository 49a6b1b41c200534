import { loadConfig } from '../../src/config/index.js';
import { createTestContext, type TestContext } from '../support/context.js';

// The test context raises the limits for other tests; '' puts a setting back to its default.
const DEFAULTS = { RATE_LIMIT_AUTH_PER_WINDOW: '' };
const PASSWORD = 'a long enough password 1';

const register = (ctx: TestContext, name: string, from?: string) => {
  const req = ctx.http().post('/api/auth/register');
  if (from) req.set('X-Forwarded-For', from);
  return req.send({ email: `${name}@example.com`, username: name, password: PASSWORD });
};
const login = (ctx: TestContext, name: string, password = PASSWORD, from?: string) => {
  const req = ctx.http().post('/api/auth/login');
  if (from) req.set('X-Forwarded-For', from);
  return req.send({ login: name, password });
};

describe('auth rate limits with the default settings', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext(DEFAULTS);
  });
  afterAll(() => ctx.close());

  it('lets 30 people behind one address register and log in', async () => {
    for (let i = 0; i < 30; i++) expect((await register(ctx, `office${i}`)).status).toBe(201);
    for (let i = 0; i < 30; i++) expect((await login(ctx, `office${i}`)).status).toBe(200);
  }, 120_000);

  it('stops guessing one account after 10 failures, while another account from the same address still logs in', async () => {
    expect((await register(ctx, 'target')).status).toBe(201);
    expect((await register(ctx, 'neighbour')).status).toBe(201);
    for (let i = 0; i < 10; i++) expect((await login(ctx, 'target', 'wrong password!!')).status).toBe(401);
    const limited = await login(ctx, 'target', 'wrong password!!');
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The right password does not get through either: the account's window has to pass.
    expect((await login(ctx, 'target')).status).toBe(429);
    expect((await login(ctx, 'neighbour')).status).toBe(200);
  }, 60_000);

  it('refuses a malformed login with 400 without counting it', async () => {
    expect((await register(ctx, 'careful')).status).toBe(201);
    for (let i = 0; i < 12; i++) expect((await ctx.http().post('/api/auth/login').send({ login: 'careful' })).status).toBe(400);
    expect((await login(ctx, 'careful')).status).toBe(200);
  }, 60_000);
});

describe('the per-address limit', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ ...DEFAULTS, RATE_LIMIT_ADDRESS_PER_WINDOW: '5', TRUST_PROXY: 'true' });
  });
  afterAll(() => ctx.close());

  it('is spent by failures, not by successful logins, and holds across accounts', async () => {
    const office = '203.0.113.7';
    for (let i = 0; i < 3; i++) expect((await register(ctx, `member${i}`, office)).status).toBe(201);
    for (let i = 0; i < 10; i++) expect((await login(ctx, `member${i % 3}`, PASSWORD, office)).status).toBe(200);
    // Five failures on five different names: each account is far from its own limit.
    for (let i = 0; i < 5; i++) expect((await login(ctx, `guess${i}`, 'wrong password!!', office)).status).toBe(401);
    expect((await login(ctx, 'guess5', 'wrong password!!', office)).status).toBe(429);
    expect((await login(ctx, 'member0', PASSWORD, office)).status).toBe(429);
    // Another address is not affected.
    expect((await login(ctx, 'member0', PASSWORD, '198.51.100.9')).status).toBe(200);
  }, 60_000);
});

describe('rate-limit settings', () => {
  const base = { NODE_ENV: 'test', JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789', DATA_DIR: '/tmp/rhythmo-config-test' };

  it('default to 10 per account and 300 per address in 15 minutes', () => {
    expect(loadConfig(base).rateLimit).toEqual({ accountPerWindow: 10, addressPerWindow: 300, windowSeconds: 900 });
  });

  it('are read one by one; the older single setting is the default of both', () => {
    expect(loadConfig({ ...base, RATE_LIMIT_ACCOUNT_PER_WINDOW: '5', RATE_LIMIT_ADDRESS_PER_WINDOW: '1000', RATE_LIMIT_WINDOW_SECONDS: '60' }).rateLimit).toEqual({
      accountPerWindow: 5,
      addressPerWindow: 1000,
      windowSeconds: 60,
    });
    expect(loadConfig({ ...base, RATE_LIMIT_AUTH_PER_WINDOW: '50' }).rateLimit).toMatchObject({ accountPerWindow: 50, addressPerWindow: 50 });
    expect(loadConfig({ ...base, RATE_LIMIT_AUTH_PER_WINDOW: '50', RATE_LIMIT_ADDRESS_PER_WINDOW: '400' }).rateLimit).toMatchObject({ accountPerWindow: 50, addressPerWindow: 400 });
  });

  it('refuse a limit that is not a positive whole number', () => {
    expect(() => loadConfig({ ...base, RATE_LIMIT_ACCOUNT_PER_WINDOW: '0' })).toThrow(/RATE_LIMIT_ACCOUNT_PER_WINDOW/);
    expect(() => loadConfig({ ...base, RATE_LIMIT_ADDRESS_PER_WINDOW: 'lots' })).toThrow(/RATE_LIMIT_ADDRESS_PER_WINDOW/);
  });
});
