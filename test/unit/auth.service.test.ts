import { AccessTokens, AuthService, EmailLinks, RateLimiter, Sessions } from '../../src/modules/auth/index.js';
import { UserService } from '../../src/modules/users/index.js';
import { MemoryMailer } from '../../src/shared/mailer.js';
import { ConflictError, ForbiddenError, InvalidError, RateLimitedError, UnauthenticatedError } from '../../src/shared/errors.js';
import { SYSTEM, userActor } from '../../src/shared/actor.js';
import { FakeAuthRepo, FakeClock, FakeHasher, FakeUsers } from '../support/fakes.js';

function setup(opts: { limit?: number; requireVerification?: boolean } = {}) {
  const clock = new FakeClock();
  const users = new FakeUsers(clock);
  const repo = new FakeAuthRepo(users);
  const sessions = new Sessions(repo);
  const hasher = new FakeHasher();
  const mailer = new MemoryMailer();
  const links = new EmailLinks({ repo, mailer, clock, linkBase: 'http://localhost' });
  const usersService = new UserService({ users, hasher, sessions, clock, emailChanges: links });
  const tokens = new AccessTokens({ secret: 'x'.repeat(40), issuer: 'i', audience: 'a', ttlSeconds: 900 });
  const auth = new AuthService({
    users, usersService, repo, sessions, hasher, tokens, links, clock,
    limiter: new RateLimiter({ accountPerWindow: opts.limit ?? 100, addressPerWindow: opts.limit ?? 100, windowMs: 60_000 }, () => clock.now().getTime()),
    refreshTtlDays: 30, requireEmailVerification: opts.requireVerification ?? false,
  });
  return { clock, users, repo, sessions, hasher, mailer, usersService, auth, tokens };
}

const account = { email: 'ann@example.com', username: 'ann', password: 'a long enough secret' };

describe('AuthService', () => {
  it('verifies a password even for unknown logins, so both failures cost the same', async () => {
    const s = setup();
    await expect(s.auth.login({ login: 'ghost', password: 'whatever it is' })).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(s.hasher.verifyCalls).toBe(1);
  });

  it('refuses an expired refresh token', async () => {
    const s = setup();
    await s.auth.register(account);
    const session = await s.auth.login({ login: 'ann', password: account.password });
    s.clock.advance(31 * 24 * 3600_000);
    await expect(s.auth.refresh(session.refreshToken)).rejects.toThrow(/expired/);
  });

  it('revokes the whole family when a spent token is replayed', async () => {
    const s = setup();
    await s.auth.register(account);
    const a = await s.auth.login({ login: 'ann', password: account.password });
    const b = await s.auth.refresh(a.refreshToken);
    await expect(s.auth.refresh(a.refreshToken)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(s.auth.refresh(b.refreshToken)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(s.repo.refresh.every((t) => t.revokedAt)).toBe(true);
  });

  it('puts the session id in the access token', async () => {
    const s = setup();
    await s.auth.register(account);
    const session = await s.auth.login({ login: 'ann', password: account.password });
    expect(s.tokens.verify(session.accessToken).sid).toBe(s.repo.refresh[0]!.familyId);
  });

  it('requires a verified address when configured', async () => {
    const s = setup({ requireVerification: true });
    await s.auth.register(account);
    await expect(s.auth.login({ login: 'ann', password: account.password })).rejects.toBeInstanceOf(ForbiddenError);
    const token = /token:\n\n(\S+)/.exec(s.mailer.sent[0]!.text)![1]!;
    await s.auth.verifyEmail(token);
    await expect(s.auth.login({ login: 'ann', password: account.password })).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('rate limits per account across addresses', async () => {
    const s = setup({ limit: 2 });
    await s.auth.register(account);
    await expect(s.auth.login({ login: 'ann', password: 'bad password 1' }, { ip: '1.1.1.1' })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(s.auth.login({ login: 'ann', password: 'bad password 2' }, { ip: '2.2.2.2' })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(s.auth.login({ login: 'ann', password: account.password }, { ip: '3.3.3.3' })).rejects.toBeInstanceOf(RateLimitedError);
    s.clock.advance(61_000);
    await expect(s.auth.login({ login: 'ann', password: account.password }, { ip: '3.3.3.3' })).resolves.toBeDefined();
  });

  it('reset tokens expire after an hour', async () => {
    const s = setup();
    await s.auth.register(account);
    await s.auth.forgotPassword(account.email);
    await s.auth.settled();
    const token = /token:\n\n(\S+)/.exec(s.mailer.sent.at(-1)!.text)![1]!;
    s.clock.advance(3600_001);
    await expect(s.auth.resetPassword(token, 'a fresh new password')).rejects.toBeInstanceOf(InvalidError);
  });
});

describe('UserService', () => {
  it('creates the bootstrap admin once', async () => {
    const s = setup();
    const first = await s.usersService.ensureAdmin({ email: 'root@example.com', password: 'an admin password' });
    expect(first?.role).toBe('admin');
    expect(await s.usersService.ensureAdmin({ email: 'other@example.com', password: 'an admin password' })).toBeNull();
  });

  it('promotes an existing account named by ADMIN_EMAIL instead of failing', async () => {
    const s = setup();
    await s.auth.register(account);
    const admin = await s.usersService.ensureAdmin({ email: account.email, password: 'ignored password' });
    expect(admin?.role).toBe('admin');
  });

  it('banning revokes sessions; the last admin stays', async () => {
    const s = setup();
    const admin = await s.usersService.create(SYSTEM, { email: 'root@example.com', username: 'root', password: 'an admin password', role: 'admin' });
    const adminActor = userActor(admin.id, 'admin');
    const u = await s.auth.register(account);
    await s.auth.login({ login: 'ann', password: account.password });
    await s.usersService.adminUpdate(adminActor, u.id, { status: 'banned' });
    expect(s.repo.refresh.filter((t) => t.userId === u.id).every((t) => t.revokedAt)).toBe(true);
    await expect(s.usersService.adminUpdate(adminActor, admin.id, { role: 'listener' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('non-admins cannot list users', async () => {
    const s = setup();
    const u = await s.auth.register(account);
    await expect(s.usersService.list(userActor(u.id, 'listener'), {})).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('AuthService sessions', () => {
  const sessionOf = (s: ReturnType<typeof setup>, accessToken: string) => s.tokens.verify(accessToken).sid!;

  it('refuses the access token of a session ended by logout, and keeps the others', async () => {
    const s = setup();
    const u = await s.auth.register(account);
    const a = await s.auth.login({ login: 'ann', password: account.password });
    const b = await s.auth.login({ login: 'ann', password: account.password });
    await s.auth.logout(a.refreshToken);
    await expect(s.auth.actorFor(u.id, sessionOf(s, a.accessToken))).rejects.toThrow(/session has ended/);
    await expect(s.auth.actorFor(u.id, sessionOf(s, b.accessToken))).resolves.toEqual(userActor(u.id, 'listener'));
    await expect(s.auth.actorFor(u.id, 'not-a-session-id')).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('tells the watchers of exactly the sessions a revocation ends', async () => {
    const s = setup();
    const u = await s.auth.register(account);
    const actor = userActor(u.id, 'listener');
    const a = await s.auth.login({ login: 'ann', password: account.password });
    const b = await s.auth.login({ login: 'ann', password: account.password });
    const ended: string[] = [];
    s.auth.watchSession(actor, sessionOf(s, a.accessToken), () => ended.push('a'));
    s.auth.watchSession(actor, sessionOf(s, b.accessToken), () => ended.push('b'));
    await s.auth.changePassword(actor, { currentPassword: account.password, newPassword: 'a changed passphrase' }, sessionOf(s, a.accessToken));
    expect(ended).toEqual(['b']);
    await s.auth.logout(a.refreshToken);
    await s.auth.logout(a.refreshToken);
    expect(ended).toEqual(['b', 'a']);
  });

  it('a ban ends every watched session of the account, and an unwatched stream hears nothing', async () => {
    const s = setup();
    const admin = await s.usersService.create(SYSTEM, { email: 'root@example.com', username: 'root', password: 'an admin password', role: 'admin' });
    const u = await s.auth.register(account);
    const a = await s.auth.login({ login: 'ann', password: account.password });
    const ended: string[] = [];
    s.auth.watchSession(userActor(u.id, 'listener'), sessionOf(s, a.accessToken), () => ended.push('a'));
    const unwatch = s.auth.watchSession(userActor(u.id, 'listener'), undefined, () => ended.push('gone'));
    unwatch();
    s.auth.watchSession(userActor(admin.id, 'admin'), undefined, () => ended.push('admin'));
    await s.usersService.adminUpdate(userActor(admin.id, 'admin'), u.id, { status: 'banned' });
    expect(ended).toEqual(['a']);
    s.sessions.close();
  });
});
