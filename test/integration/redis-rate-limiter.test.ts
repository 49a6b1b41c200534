import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisRateLimiter, accountKey, addressKey } from '../../src/modules/auth/index.js';
import { RateLimitedError, StoreUnavailableError } from '../../src/shared/errors.js';
import { createTestContext, type TestContext } from '../support/context.js';

// The auth attempt counters in a real Redis (127.0.0.1:6379, started by .ci/run). Every run
// keeps its keys under its own prefix and removes only those.

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `rhythmo-test-${randomUUID()}`;
let redis: Redis;
const opened: RedisRateLimiter[] = [];

function limiter(limits: { accountPerWindow: number; addressPerWindow: number; windowMs: number }, url = REDIS_URL) {
  const l = new RedisRateLimiter(limits, { url, keyPrefix: prefix, timeoutMs: 1000 });
  opened.push(l);
  return l;
}

async function keysOfThisRun(): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  for (const l of opened) await l.close();
  const keys = await keysOfThisRun();
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('RedisRateLimiter', () => {
  it('counts on two hosts against one budget; check() counts nothing; a success settles', async () => {
    const limits = { accountPerWindow: 2, addressPerWindow: 3, windowMs: 60_000 };
    const onA = limiter(limits);
    const onB = limiter(limits);
    const account = accountKey('login', 'shared');
    const address = addressKey('login', '198.51.100.7');
    for (let i = 0; i < 5; i++) await onB.check([account, address]);
    await onA.hit([account, address]);
    await onB.hit([account, address]);
    await expect(onA.check([account])).rejects.toBeInstanceOf(RateLimitedError);
    await expect(onB.hit([account])).rejects.toMatchObject({ retryAfterSeconds: 60 });
    // A success forgets the account's failures and gives the address one attempt back.
    await onB.succeeded([account, address]);
    await onA.check([account, address]);
    await onA.hit([address]);
    await onB.hit([address]);
    await expect(onB.hit([address])).rejects.toBeInstanceOf(RateLimitedError);
    // An address whose window holds nothing is not taken below nothing by a success.
    const fresh = addressKey('login', '198.51.100.8');
    await onA.succeeded([fresh]);
    expect(await redis.get(`${prefix}:address:${fresh.key}`)).toBeNull();
  });

  it('counts atomically: attempts at the same moment from two hosts are all counted', async () => {
    const limits = { accountPerWindow: 1000, addressPerWindow: 1000, windowMs: 60_000 };
    const onA = limiter(limits);
    const onB = limiter(limits);
    const key = accountKey('login', 'concurrent');
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? onA : onB).hit([key])));
    expect(await redis.get(`${prefix}:account:${key.key}`)).toBe('40');
  });

  it('starts a new window when the last one ends', async () => {
    const l = limiter({ accountPerWindow: 1, addressPerWindow: 1, windowMs: 1000 });
    const key = accountKey('login', 'windowed');
    await l.hit([key]);
    await expect(l.hit([key])).rejects.toBeInstanceOf(RateLimitedError);
    await new Promise((r) => setTimeout(r, 1100));
    await l.hit([key]);
  });

  it('fails an attempt as unavailable, not allowed, when Redis does not answer', async () => {
    const l = limiter({ accountPerWindow: 5, addressPerWindow: 5, windowMs: 60_000 }, 'redis://127.0.0.1:1');
    await expect(l.hit([accountKey('login', 'nobody')])).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(l.check([accountKey('login', 'nobody')])).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('REDIS_URL', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ REDIS_URL, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_ACCOUNT_PER_WINDOW: '3', RATE_LIMIT_ADDRESS_PER_WINDOW: '1000' });
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('puts the login counters in Redis, ahead of the database', async () => {
    const u = await ctx.user('listener');
    const login = (password: string) => ctx.http().post('/api/auth/login').send({ login: u.username, password });
    for (let i = 0; i < 3; i++) expect((await login('wrong password!!')).status).toBe(401);
    expect((await login('wrong password!!')).status).toBe(429);
    expect(await redis.get(`${prefix}:account:login:account:${u.username}`)).toBe('4');
    if (ctx.container.db.dialect === 'postgres') {
      const [rows] = await ctx.container.db.sequelize.query('SELECT key FROM auth_attempts');
      expect(rows).toEqual([]);
    }
  });
});
