import jwt from 'jsonwebtoken';
import { SYSTEM } from '../../src/shared/actor.js';
import { createTestContext, bearer, type TestContext } from '../support/context.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const strong = 'a sturdy passphrase 42';

async function countUsers() {
  const [rows] = await ctx.container.db.sequelize.query('SELECT COUNT(*) AS n FROM users');
  return Number((rows as { n: number }[])[0]!.n);
}

describe('POST /api/auth/register', () => {
  it('creates a listener, hashes with argon2id and mails a verification token', async () => {
    const res = await ctx.http().post('/api/auth/register').send({ email: 'Reg@Example.com', username: 'reggie', password: strong, displayName: 'Reg' });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: 'reg@example.com', username: 'reggie', displayName: 'Reg', role: 'listener', emailVerified: false });
    const [rows] = await ctx.container.db.sequelize.query("SELECT password_hash FROM users WHERE username_key = 'reggie'");
    expect((rows as { password_hash: string }[])[0]!.password_hash).toMatch(/^\$argon2id\$/);
    const mail = ctx.mailer.sent.find((m) => m.to === 'reg@example.com');
    expect(mail?.subject).toMatch(/Confirm/);
    const token = /token:\n\n(\S+)/.exec(mail!.text)![1]!;
    expect((await ctx.http().post('/api/auth/verify-email').send({ token })).status).toBe(204);
    // single use
    const again = await ctx.http().post('/api/auth/verify-email').send({ token });
    expect(again.status).toBe(400);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    const login = await ctx.http().post('/api/auth/login').send({ login: 'REGGIE', password: strong });
    expect(login.body.user.emailVerified).toBe(true);
  });

  it.each([
    [{ email: 'x@example.com', username: 'xx', password: strong, role: 'admin' }, 'body.role'],
    [{ email: 'x@example.com', username: 'xx', password: strong, id: '00000000-0000-0000-0000-000000000000' }, 'body.id'],
    [{ email: 'not-an-email', username: 'xx', password: strong }, 'body.email'],
    [{ email: 'x@example.com', username: 'xx', password: 'short' }, 'password'],
    [{ email: 'x@example.com', username: 'xavier', password: 'my xavier password' }, 'password'],
    [{ email: 'x@example.com', username: 'a b', password: strong }, 'username'],
    [{ email: 'x@example.com', password: strong }, 'body.username'],
  ])('rejects %j with 400 and writes nothing', async (body, path) => {
    const before = await countUsers();
    const res = await ctx.http().post('/api/auth/register').send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await countUsers()).toBe(before);
  });

  it('refuses a taken email or username with 409, case-insensitively', async () => {
    await ctx.http().post('/api/auth/register').send({ email: 'dup@example.com', username: 'dupe', password: strong }).expect(201);
    expect((await ctx.http().post('/api/auth/register').send({ email: 'DUP@example.com', username: 'other1', password: strong })).status).toBe(409);
    expect((await ctx.http().post('/api/auth/register').send({ email: 'new@example.com', username: 'DUPE', password: strong })).status).toBe(409);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await ctx.http().post('/api/auth/register').set('content-type', 'application/json').send('{nope');
    expect(res.status).toBe(400);
    expect(res.body.title).toBe('Bad Request');
  });
});

describe('login, refresh, logout', () => {
  it('logs in by email or username and answers unknown and wrong the same way', async () => {
    const u = await ctx.user('listener');
    const byEmail = await ctx.http().post('/api/auth/login').send({ login: u.email.toUpperCase(), password: u.password });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const decoded = jwt.decode(byEmail.body.accessToken, { complete: true })!;
    expect(decoded.header.alg).toBe('HS256');
    expect(decoded.payload).toMatchObject({ sub: u.id, iss: 'rhythmo', aud: 'rhythmo-api' });
    const wrong = await ctx.http().post('/api/auth/login').send({ login: u.username, password: 'wrong password!!' });
    const unknown = await ctx.http().post('/api/auth/login').send({ login: 'nobody-here', password: 'wrong password!!' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('rotates refresh tokens and revokes the family when a spent one is reused', async () => {
    const u = await ctx.user();
    const first = await ctx.http().post('/api/auth/refresh').send({ refreshToken: u.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(u.refreshToken);
    const second = await ctx.http().post('/api/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);
    // the stolen first token comes back: everything of this login dies
    expect((await ctx.http().post('/api/auth/refresh').send({ refreshToken: u.refreshToken })).status).toBe(401);
    expect((await ctx.http().post('/api/auth/refresh').send({ refreshToken: second.body.refreshToken })).status).toBe(401);
  });

  it('logout ends the session', async () => {
    const u = await ctx.user();
    expect((await ctx.http().post('/api/auth/logout').send({ refreshToken: u.refreshToken })).status).toBe(204);
    expect((await ctx.http().post('/api/auth/refresh').send({ refreshToken: u.refreshToken })).status).toBe(401);
  });

  it('refuses a garbage refresh token', async () => {
    expect((await ctx.http().post('/api/auth/refresh').send({ refreshToken: 'nope' })).status).toBe(401);
    expect((await ctx.http().post('/api/auth/refresh').send({})).status).toBe(400);
  });
});

describe('access tokens', () => {
  const secret = 'test-secret-that-is-long-enough-for-hs256-0123456789';
  let userId: string;
  beforeAll(async () => {
    userId = (await ctx.user()).id;
  });
  const sign = (payload: object, opts: jwt.SignOptions = {}) => jwt.sign(payload, secret, { algorithm: 'HS256', ...opts });

  it.each([
    ['no token', () => ({})],
    ['garbage', () => ({ Authorization: 'Bearer abc.def.ghi' })],
    ['expired', () => ({ Authorization: `Bearer ${sign({ role: 'listener' }, { subject: userId, issuer: 'rhythmo', audience: 'rhythmo-api', expiresIn: -10 })}` })],
    ['without exp', () => ({ Authorization: `Bearer ${sign({ role: 'listener' }, { subject: userId, issuer: 'rhythmo', audience: 'rhythmo-api' })}` })],
    ['wrong audience', () => ({ Authorization: `Bearer ${sign({ role: 'listener' }, { subject: userId, issuer: 'rhythmo', audience: 'other', expiresIn: 60 })}` })],
    ['wrong issuer', () => ({ Authorization: `Bearer ${sign({ role: 'listener' }, { subject: userId, issuer: 'evil', audience: 'rhythmo-api', expiresIn: 60 })}` })],
    ['wrong key', () => ({ Authorization: `Bearer ${jwt.sign({ role: 'admin' }, 'another-secret-another-secret-another-secret', { subject: userId, issuer: 'rhythmo', audience: 'rhythmo-api', expiresIn: 60 })}` })],
    ['alg none', () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(JSON.stringify({ sub: userId, role: 'admin', iss: 'rhythmo', aud: 'rhythmo-api', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
      return { Authorization: `Bearer ${header}.${body}.` };
    }],
    ['tampered payload', () => {
      const token = sign({ role: 'listener' }, { subject: userId, issuer: 'rhythmo', audience: 'rhythmo-api', expiresIn: 60 });
      const [h, , s] = token.split('.');
      const body = Buffer.from(JSON.stringify({ sub: userId, role: 'admin', iss: 'rhythmo', aud: 'rhythmo-api', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
      return { Authorization: `Bearer ${h}.${body}.${s}` };
    }],
  ])('%s -> 401 problem', async (_name, headers) => {
    const res = await ctx.http().get('/api/me').set(headers());
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('a valid token works', async () => {
    const token = sign({ role: 'listener' }, { subject: userId, issuer: 'rhythmo', audience: 'rhythmo-api', expiresIn: 60 });
    expect((await ctx.http().get('/api/me').set({ Authorization: `Bearer ${token}` })).status).toBe(200);
  });
});

describe('banned users', () => {
  it('cannot log in and their tokens stop working', async () => {
    const admin = await ctx.user('admin');
    const u = await ctx.user();
    expect((await ctx.http().get('/api/me').set(bearer(u))).status).toBe(200);
    await ctx.http().patch(`/api/admin/users/${u.id}`).set(bearer(admin)).send({ status: 'banned' }).expect(200);
    expect((await ctx.http().get('/api/me').set(bearer(u))).status).toBe(401);
    expect((await ctx.http().post('/api/auth/refresh').send({ refreshToken: u.refreshToken })).status).toBe(401);
    expect((await ctx.http().post('/api/auth/login').send({ login: u.username, password: u.password })).status).toBe(403);
  });
});

describe('passwords', () => {
  it('forgot + reset sets a new password and ends every session', async () => {
    const u = await ctx.user();
    expect((await ctx.http().post('/api/auth/forgot-password').send({ email: u.email })).status).toBe(204);
    expect((await ctx.http().post('/api/auth/forgot-password').send({ email: 'unknown@example.com' })).status).toBe(204);
    await ctx.container.services.auth.settled();
    const mail = ctx.mailer.sent.filter((m) => m.to === u.email && /Reset/.test(m.subject)).pop()!;
    const token = /token:\n\n(\S+)/.exec(mail.text)![1]!;
    expect((await ctx.http().post('/api/auth/reset-password').send({ token, newPassword: 'short' })).status).toBe(400);
    expect((await ctx.http().post('/api/auth/reset-password').send({ token, newPassword: 'a brand new passphrase' })).status).toBe(204);
    expect((await ctx.http().post('/api/auth/reset-password').send({ token, newPassword: 'another new passphrase' })).status).toBe(400);
    expect((await ctx.http().post('/api/auth/refresh').send({ refreshToken: u.refreshToken })).status).toBe(401);
    expect((await ctx.http().post('/api/auth/login').send({ login: u.username, password: 'a brand new passphrase' })).status).toBe(200);
  });

  it('change password keeps this session and revokes the others', async () => {
    const u = await ctx.user();
    const other = await ctx.http().post('/api/auth/login').send({ login: u.username, password: u.password });
    const wrong = await ctx.http().post('/api/me/password').set(bearer(u)).send({ currentPassword: 'not it at all', newPassword: 'a changed passphrase' });
    expect(wrong.status).toBe(400);
    const res = await ctx.http().post('/api/me/password').set(bearer(u)).send({ currentPassword: u.password, newPassword: 'a changed passphrase' });
    expect(res.status).toBe(204);
    expect((await ctx.http().post('/api/auth/refresh').send({ refreshToken: other.body.refreshToken })).status).toBe(401);
    expect((await ctx.http().post('/api/auth/refresh').send({ refreshToken: u.refreshToken })).status).toBe(200);
  });
});

describe('an ended session stops its access tokens at once', () => {
  const me = (token: string) => ctx.http().get('/api/me').set({ Authorization: `Bearer ${token}` });
  const login = async (u: { username: string; password: string }) =>
    (await ctx.http().post('/api/auth/login').send({ login: u.username, password: u.password }).expect(200)).body as { accessToken: string; refreshToken: string };

  it('after logout, on the bearer header, the query token and the audio stream; other sessions go on', async () => {
    const u = await ctx.user();
    const other = await login(u);
    const missingTrack = '/api/tracks/00000000-0000-4000-8000-000000000000/stream';
    expect((await ctx.http().get(missingTrack).set(bearer(u))).status).toBe(404);
    await ctx.http().post('/api/auth/logout').send({ refreshToken: u.refreshToken }).expect(204);
    const res = await me(u.token);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await ctx.http().get('/api/announcements/stream').query({ access_token: u.token })).status).toBe(401);
    expect((await ctx.http().get(missingTrack).set(bearer(u))).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('after refresh-token reuse, every access token of the family', async () => {
    const u = await ctx.user();
    const other = await login(u);
    const rotated = (await ctx.http().post('/api/auth/refresh').send({ refreshToken: u.refreshToken }).expect(200)).body as { accessToken: string };
    expect((await me(rotated.accessToken)).status).toBe(200);
    expect((await ctx.http().post('/api/auth/refresh').send({ refreshToken: u.refreshToken })).status).toBe(401);
    expect((await me(u.token)).status).toBe(401);
    expect((await me(rotated.accessToken)).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('after a password change, the other sessions but not this one', async () => {
    const u = await ctx.user();
    const other = await login(u);
    await ctx.http().post('/api/me/password').set(bearer(u)).send({ currentPassword: u.password, newPassword: 'a changed passphrase' }).expect(204);
    expect((await me(other.accessToken)).status).toBe(401);
    expect((await me(u.token)).status).toBe(200);
  });

  it('after a password reset, every session', async () => {
    const u = await ctx.user();
    const other = await login(u);
    await ctx.http().post('/api/auth/forgot-password').send({ email: u.email }).expect(204);
    const resetMail = () => ctx.mailer.sent.filter((m) => m.to === u.email && /Reset/.test(m.subject)).pop();
    // The mail may go out just after the answer.
    for (let i = 0; i < 100 && !resetMail(); i++) await new Promise((r) => setTimeout(r, 20));
    const token = /token:\n\n(\S+)/.exec(resetMail()!.text)![1]!;
    await ctx.http().post('/api/auth/reset-password').send({ token, newPassword: 'a brand new passphrase' }).expect(204);
    expect((await me(u.token)).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(401);
  });

  it('after an operator sets the password (CLI), every session', async () => {
    const u = await ctx.user();
    await ctx.container.services.users.setPassword(SYSTEM, u.id, 'an operator passphrase');
    expect((await me(u.token)).status).toBe(401);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After after too many logins for one account', async () => {
    const limited = await createTestContext({ RATE_LIMIT_AUTH_PER_WINDOW: '3' });
    try {
      const u = await limited.user();
      for (let i = 0; i < 3; i++) {
        expect((await limited.http().post('/api/auth/login').send({ login: u.username, password: 'wrong password!!' })).status).toBe(401);
      }
      const res = await limited.http().post('/api/auth/login').send({ login: u.username, password: u.password });
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    } finally {
      await limited.close();
    }
  });
});
