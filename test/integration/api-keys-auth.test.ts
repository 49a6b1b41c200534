import { createHash } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { ApiKeyCipher, ApiKeyService, SequelizeApiKeyRepository, type SubsonicCredentials } from '../../src/modules/apikeys/index.js';
import { RateLimiter } from '../../src/modules/auth/index.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { CredentialsError, RateLimitedError } from '../../src/shared/errors.js';
import { createTestContext, type TestContext, type TestUser } from '../support/context.js';
import { FakeClock } from '../support/fakes.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const ADDRESS = '198.51.100.4';

describe('API keys as Subsonic credentials', () => {
  let ctx: TestContext;
  let apiKeys: ApiKeyService;
  let user: TestUser;
  let key: string;
  let keyId: string;

  const actorOf = (u: TestUser) => userActor(u.id, u.role);
  const allStyles = (username: string, k: string): SubsonicCredentials[] => [
    { kind: 'apiKey', apiKey: k },
    { kind: 'password', username, password: k },
    { kind: 'token', username, token: md5(`${k}c0ffee`), salt: 'c0ffee' },
  ];

  beforeAll(async () => {
    ctx = await createTestContext();
    apiKeys = ctx.container.services.apiKeys;
  });
  afterAll(() => ctx.close());

  beforeEach(async () => {
    await ctx.truncate();
    user = await ctx.user('listener');
    ({ key, id: keyId } = await apiKeys.create(actorOf(user), { name: 'Phone' }));
  });

  it('resolves a key in all three styles to its owner', async () => {
    for (const credentials of allStyles(user.username, key)) {
      const { actor, username } = await apiKeys.authenticate(credentials, ADDRESS);
      expect(actor).toEqual({ kind: 'user', id: user.id, role: 'listener' });
      expect(username).toBe(user.username);
    }
    // The username is matched as the account's, whatever its case.
    await expect(apiKeys.authenticate({ kind: 'password', username: user.username.toUpperCase(), password: key }, ADDRESS)).resolves.toBeTruthy();
  });

  it('finds the right key among several of the user for a token', async () => {
    const second = await apiKeys.create(actorOf(user), { name: 'Car' });
    const salt = 'a1b2c3d4';
    await expect(apiKeys.authenticate({ kind: 'token', username: user.username, token: md5(second.key + salt), salt }, ADDRESS)).resolves.toMatchObject({
      actor: { id: user.id },
    });
    // Clients send the md5 in hex; upper case is the same token.
    await expect(apiKeys.authenticate({ kind: 'token', username: user.username, token: md5(key + salt).toUpperCase(), salt }, ADDRESS)).resolves.toBeTruthy();
  });

  it('gives an admin key an admin actor', async () => {
    const admin = await ctx.user('admin');
    const created = await apiKeys.create(actorOf(admin), { name: 'Desktop' });
    const { actor } = await apiKeys.authenticate({ kind: 'apiKey', apiKey: created.key }, ADDRESS);
    expect(actor).toEqual({ kind: 'user', id: admin.id, role: 'admin' });
  });

  it('never takes the account password', async () => {
    const password: SubsonicCredentials = { kind: 'password', username: user.username, password: user.password };
    await expect(apiKeys.authenticate(password, ADDRESS)).rejects.toThrow(CredentialsError);
    const salt = 'abcdef';
    await expect(apiKeys.authenticate({ kind: 'token', username: user.username, token: md5(user.password + salt), salt }, ADDRESS)).rejects.toMatchObject({
      reason: 'wrong-credentials',
    });
    await expect(apiKeys.authenticate({ kind: 'apiKey', apiKey: user.password }, ADDRESS)).rejects.toMatchObject({ reason: 'invalid-api-key' });
  });

  it('refuses a wrong token, a wrong salt, a key under another username and an unknown user, all alike', async () => {
    const other = await ctx.user('listener');
    const salt = 'c0ffee';
    const failures: SubsonicCredentials[] = [
      { kind: 'token', username: user.username, token: md5(`${key}x${salt}`), salt },
      { kind: 'token', username: user.username, token: md5(key + salt), salt: 'another' },
      { kind: 'token', username: user.username, token: 'not-hex', salt },
      { kind: 'token', username: other.username, token: md5(key + salt), salt },
      { kind: 'password', username: other.username, password: key },
      { kind: 'password', username: 'nobody-here', password: key },
      { kind: 'token', username: 'nobody-here', token: md5(key + salt), salt },
      { kind: 'apiKey', apiKey: `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}` },
      { kind: 'apiKey', apiKey: '' },
    ];
    const messages = new Set<string>();
    for (const credentials of failures) {
      const err = await apiKeys.authenticate(credentials, ADDRESS).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(CredentialsError);
      expect((err as CredentialsError).reason).toBe(credentials.kind === 'apiKey' ? 'invalid-api-key' : 'wrong-credentials');
      messages.add(`${credentials.kind === 'apiKey'}:${(err as Error).message}`);
    }
    expect(messages.size).toBe(2);
  });

  it('stops a deleted key at once', async () => {
    await apiKeys.authenticate({ kind: 'apiKey', apiKey: key }, ADDRESS);
    await apiKeys.remove(actorOf(user), keyId);
    for (const credentials of allStyles(user.username, key)) {
      await expect(apiKeys.authenticate(credentials, ADDRESS)).rejects.toThrow(CredentialsError);
    }
  });

  it('stops the keys of a banned user at once, and lets them work again when the ban is lifted', async () => {
    await apiKeys.authenticate({ kind: 'apiKey', apiKey: key }, ADDRESS);
    await ctx.container.services.users.adminUpdate(SYSTEM, user.id, { status: 'banned' });
    for (const credentials of allStyles(user.username, key)) {
      await expect(apiKeys.authenticate(credentials, ADDRESS)).rejects.toThrow(CredentialsError);
    }
    await ctx.container.services.users.adminUpdate(SYSTEM, user.id, { status: 'active' });
    await expect(apiKeys.authenticate({ kind: 'apiKey', apiKey: key }, ADDRESS)).resolves.toBeTruthy();
  });

  it('keeps the key encrypted: the row holds neither the key nor its plain hash', async () => {
    const rows = await ctx.container.db.sequelize.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = :id', {
      replacements: { id: keyId },
      type: QueryTypes.SELECT,
    });
    expect(rows).toHaveLength(1);
    const row = JSON.stringify(rows[0]);
    const body = key.slice(4);
    expect(row).not.toContain(body);
    expect(row).not.toContain(Buffer.from(key).toString('hex'));
    expect(row).not.toContain(Buffer.from(key).toString('base64'));
    expect(row).not.toContain(createHash('sha256').update(key).digest('hex'));
    // A ciphertext copied onto another row does not decrypt there.
    const cipher = new ApiKeyCipher(ctx.config.apiKeySecret);
    const stored = String(rows[0]!.encrypted_key);
    expect(cipher.decrypt(stored, { id: keyId, userId: user.id })).toBe(key);
    expect(cipher.decrypt(stored, { id: keyId, userId: SYSTEM.kind })).toBeNull();
    // Another server key reads nothing.
    expect(new ApiKeyCipher('another-secret-that-is-long-enough-0123456789').decrypt(stored, { id: keyId, userId: user.id })).toBeNull();
  });

  it('refuses credentials of the wrong shape without throwing anything else', async () => {
    const odd = [
      { kind: 'token', username: user.username, token: md5(key), salt: '' },
      { kind: 'token', username: user.username, token: md5(key + 'x'.repeat(300)), salt: 'x'.repeat(300) },
      { kind: 'password', username: '', password: '' },
      { kind: 'apiKey', apiKey: 'x'.repeat(10_000) },
    ] as SubsonicCredentials[];
    for (const credentials of odd) await expect(apiKeys.authenticate(credentials, ADDRESS)).rejects.toThrow(CredentialsError);
  });
});

describe('API key authentication limits and bookkeeping', () => {
  let ctx: TestContext;
  let clock: FakeClock;
  let service: ApiKeyService;
  let user: TestUser;
  const LIMIT = 3;

  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  beforeEach(async () => {
    await ctx.truncate();
    clock = new FakeClock(new Date());
    // The container's service over the same database, with a clock to move and low limits.
    service = new ApiKeyService({
      repo: new SequelizeApiKeyRepository(ctx.container.db),
      db: ctx.container.db,
      cipher: new ApiKeyCipher(ctx.config.apiKeySecret),
      limiter: new RateLimiter({ accountPerWindow: LIMIT, addressPerWindow: 5 * LIMIT, windowMs: 60_000 }, () => clock.now().getTime()),
      clock,
    });
    user = await ctx.user('listener');
  });

  it('limits failures per username: even the right key waits for the window after the limit', async () => {
    const { key } = await service.create(userActor(user.id, user.role), { name: 'Phone' });
    const wrong = { kind: 'password' as const, username: user.username, password: 'rhy_' + 'A'.repeat(43) };
    for (let i = 0; i < LIMIT; i++) await expect(service.authenticate(wrong, '192.0.2.1')).rejects.toThrow(CredentialsError);
    const limited = await service.authenticate(wrong, '192.0.2.1').then(() => null, (e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    await expect(service.authenticate({ kind: 'password', username: user.username, password: key }, '192.0.2.2')).rejects.toThrow(RateLimitedError);
    // The limit is per account: the key on its own, from another address, still works.
    await expect(service.authenticate({ kind: 'apiKey', apiKey: key }, '192.0.2.2')).resolves.toBeTruthy();
    clock.advance(61_000);
    await expect(service.authenticate({ kind: 'password', username: user.username, password: key }, '192.0.2.2')).resolves.toBeTruthy();
  });

  it('limits failures per address, whatever the credentials', async () => {
    const { key } = await service.create(userActor(user.id, user.role), { name: 'Phone' });
    for (let i = 0; i < 5 * LIMIT; i++) {
      await expect(service.authenticate({ kind: 'apiKey', apiKey: `rhy_${String(i).padStart(43, '0')}` }, '192.0.2.9')).rejects.toThrow(CredentialsError);
    }
    await expect(service.authenticate({ kind: 'apiKey', apiKey: key }, '192.0.2.9')).rejects.toThrow(RateLimitedError);
    await expect(service.authenticate({ kind: 'apiKey', apiKey: key }, '192.0.2.10')).resolves.toBeTruthy();
  });

  it('does not count successes: many requests at once from one account all pass', async () => {
    const { key } = await service.create(userActor(user.id, user.role), { name: 'Phone' });
    const salt = 'fedcba';
    const token = { kind: 'token' as const, username: user.username, token: md5(key + salt), salt };
    const results = await Promise.all(Array.from({ length: 10 * LIMIT }, () => service.authenticate(token, '192.0.2.3')));
    expect(results.every((r) => r.actor.id === user.id)).toBe(true);
  });

  it('records the last use at most once a minute', async () => {
    const { key, id } = await service.create(userActor(user.id, user.role), { name: 'Phone' });
    const lastUsed = async () => (await service.list(userActor(user.id, user.role))).find((k) => k.id === id)!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const first = clock.now();
    await service.authenticate({ kind: 'apiKey', apiKey: key }, '192.0.2.4');
    expect((await lastUsed())?.getTime()).toBe(first.getTime());
    clock.advance(30_000);
    await service.authenticate({ kind: 'apiKey', apiKey: key }, '192.0.2.4');
    expect((await lastUsed())?.getTime()).toBe(first.getTime());
    clock.advance(31_000);
    await service.authenticate({ kind: 'apiKey', apiKey: key }, '192.0.2.4');
    expect((await lastUsed())?.getTime()).toBe(first.getTime() + 61_000);
  });
});
