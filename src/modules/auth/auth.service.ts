import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { ConflictError, ForbiddenError, InvalidError, UnauthenticatedError } from '../../shared/errors.js';
import { requireUser, userActor, type Actor } from '../../shared/actor.js';
import { isUuid, newId } from '../../shared/ids.js';
import type { UserService, UserRecord, UserRepository } from '../users/index.js';
import { checkPassword, throwIfAny } from '../users/index.js';
import type { AccessTokens } from './access-tokens.js';
import type { AuthRepository } from './auth.types.js';
import { opaqueToken, sha256, type EmailLinks } from './email-links.js';
import type { PasswordHasher } from './password-hasher.js';
import { accountKey, addressKey, type AttemptLimiter } from './rate-limiter.js';
import type { Sessions } from './sessions.js';

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserRecord;
}

export interface AuthServiceDeps {
  users: UserRepository;
  usersService: UserService;
  repo: AuthRepository;
  /** Revocations go through it, so open streams of the ended sessions close. */
  sessions: Sessions;
  hasher: PasswordHasher;
  tokens: AccessTokens;
  limiter: AttemptLimiter;
  links: EmailLinks;
  clock: Clock;
  refreshTtlDays: number;
  requireEmailVerification: boolean;
  /** For failures of the work done after answering. */
  logger?: Pick<Logger, 'error'>;
}

const HOUR = 3600_000;

export class AuthService {
  /** Verified against when the login names nobody, so both failures cost the same time. */
  private dummyHash: Promise<string> | undefined;

  /** Work started after an answer (forgotPassword's mail), still running. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly d: AuthServiceDeps) {}

  async register(input: { email: string; username: string; password: string; displayName?: string }, meta: RequestMeta = {}) {
    await this.d.limiter.hit([addressKey('register', meta.ip), accountKey('register', String(input.email ?? '').toLowerCase())]);
    const user = await this.d.usersService.createAccount({ ...input, role: 'listener' });
    await this.d.links.sendVerification(user);
    return user;
  }

  /**
   * For a user who cannot sign in yet (REQUIRE_EMAIL_VERIFICATION) as much as for one who lost
   * the mail; answers like forgotPassword, so it tells nobody who has an account.
   */
  async resendVerification(email: string, meta: RequestMeta = {}) {
    const address = String(email ?? '').trim().toLowerCase();
    await this.d.limiter.hit([addressKey('resend', meta.ip), accountKey('resend', address)]);
    this.afterAnswer(async () => {
      const user = await this.d.users.findByEmail(address);
      if (user && user.status === 'active' && (user.pendingEmail || !user.emailVerifiedAt)) await this.d.links.sendVerification(user);
    });
  }

  /** Verifies the account's address, or makes a requested new one its address. */
  async verifyEmail(token: string) {
    const record = await this.useEmailToken(token, 'verify_email');
    const user = await this.d.users.findById(record.userId);
    if (!user) throw new InvalidError('Invalid or expired token', [{ path: 'token', message: 'is invalid or expired' }]);
    const now = this.d.clock.now();
    if (!user.pendingEmail) {
      await this.d.users.update(user.id, { emailVerifiedAt: now });
      return;
    }
    // Someone may have taken the address since it was asked for; the request ends either way.
    const taken = () => this.d.users.update(user.id, { pendingEmail: null }).then(() => new ConflictError('Email is already registered', { field: 'email' }));
    if (await this.d.users.findByEmail(user.pendingEmail)) throw await taken();
    try {
      await this.d.users.update(user.id, { email: user.pendingEmail, pendingEmail: null, emailVerifiedAt: now });
    } catch (err) {
      if ((err as Error).name === 'SequelizeUniqueConstraintError') throw await taken();
      throw err;
    }
  }

  async login(input: { login: string; password: string }, meta: RequestMeta = {}): Promise<Session> {
    const user = await this.verifyCredentials(input, meta);
    return this.startSession(user, newId(), meta);
  }

  /**
   * The password check of login, rate limited the same way, without starting an API session;
   * the admin panel signs in with it and keeps its own cookie session.
   */
  async verifyCredentials(input: { login: string; password: string }, meta: RequestMeta = {}): Promise<UserRecord> {
    const login = String(input.login ?? '').trim().toLowerCase();
    const attempt = [addressKey('login', meta.ip), accountKey('login', login)];
    await this.d.limiter.hit(attempt);
    const user = login.includes('@') ? await this.d.users.findByEmail(login) : await this.d.users.findByUsername(login);
    const ok = await this.d.hasher.verify(user?.passwordHash ?? (await this.getDummyHash()), String(input.password ?? ''));
    if (!user || !ok) throw new UnauthenticatedError('Invalid login or password');
    if (user.status === 'banned') throw new ForbiddenError('This account is banned');
    if (this.d.requireEmailVerification && !user.emailVerifiedAt) throw new ForbiddenError('Verify your email address before logging in');
    await this.d.limiter.succeeded(attempt);
    return user;
  }

  /** Rotates the refresh token; presenting a spent one revokes its whole family (it was stolen or replayed). */
  async refresh(refreshToken: string, meta: RequestMeta = {}): Promise<Session> {
    const now = this.d.clock.now();
    const record = await this.d.repo.findRefreshToken(sha256(refreshToken));
    if (!record) throw new UnauthenticatedError('Invalid refresh token');
    if (record.spentAt || record.revokedAt) {
      await this.d.sessions.revokeFamily(record.userId, record.familyId, now);
      throw new UnauthenticatedError('Refresh token was already used; all sessions of this login are revoked');
    }
    if (record.expiresAt <= now) throw new UnauthenticatedError('Refresh token expired');
    if (!(await this.d.repo.spendRefreshToken(record.id, now))) {
      await this.d.sessions.revokeFamily(record.userId, record.familyId, now);
      throw new UnauthenticatedError('Refresh token was already used; all sessions of this login are revoked');
    }
    const user = await this.d.users.findById(record.userId);
    if (!user || user.status !== 'active') {
      await this.d.sessions.revokeFamily(record.userId, record.familyId, now);
      throw new UnauthenticatedError('Account is not active');
    }
    return this.startSession(user, record.familyId, meta);
  }

  async logout(refreshToken: string) {
    const record = await this.d.repo.findRefreshToken(sha256(refreshToken));
    if (record) await this.d.sessions.revokeFamily(record.userId, record.familyId, this.d.clock.now());
  }

  /**
   * Always answers the same, after the same work (the rate limit), so neither the answer nor its
   * timing tells who has an account: looking the address up and mailing the token come after.
   */
  async forgotPassword(email: string, meta: RequestMeta = {}) {
    const address = email.trim().toLowerCase();
    await this.d.limiter.hit([addressKey('forgot', meta.ip), accountKey('forgot', address)]);
    this.afterAnswer(async () => {
      const user = await this.d.users.findByEmail(address);
      if (user && user.status === 'active') await this.d.links.sendPasswordReset(user);
    });
  }

  /** Resolves once the work left for after the answers given so far is done (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight);
  }

  /** Runs `work` once the caller has answered; a failure is logged, since nobody is waiting for it. */
  private afterAnswer(work: () => Promise<void>) {
    const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((err: unknown) => this.d.logger?.error({ err }, 'work after the answer failed'))
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** For admins and operators: mails the user a reset link. */
  async sendPasswordResetFor(actor: Actor, userId: string) {
    const user = await this.d.usersService.getForAdmin(actor, userId);
    await this.d.links.sendPasswordReset(user);
  }

  async resetPassword(token: string, newPassword: string) {
    const hash = sha256(token);
    const found = await this.d.repo.findEmailToken(hash, 'reset_password');
    if (!found || found.usedAt || found.expiresAt <= this.d.clock.now()) throw new InvalidError('Invalid or expired token', [{ path: 'token', message: 'is invalid or expired' }]);
    const user = await this.d.users.findById(found.userId);
    if (!user) throw new InvalidError('Invalid or expired token');
    throwIfAny(checkPassword(newPassword, user));
    await this.useEmailToken(token, 'reset_password');
    await this.d.users.update(user.id, { passwordHash: await this.d.hasher.hash(newPassword) });
    await this.d.sessions.revokeUserTokens(user.id, this.d.clock.now());
  }

  /** Keeps the caller's own session (its refresh family) and revokes every other one. */
  async changePassword(actor: Actor, input: { currentPassword: string; newPassword: string }, sessionId?: string) {
    const me = requireUser(actor);
    const user = await this.d.usersService.getMe(actor);
    if (!(await this.d.hasher.verify(user.passwordHash, input.currentPassword))) {
      throw new InvalidError('Current password is wrong', [{ path: 'currentPassword', message: 'is wrong' }]);
    }
    throwIfAny(checkPassword(input.newPassword, user, 'newPassword'));
    await this.d.users.update(me.id, { passwordHash: await this.d.hasher.hash(input.newPassword) });
    await this.d.sessions.revokeUserTokens(me.id, this.d.clock.now(), sessionId);
  }

  /**
   * Turns verified access-token claims into an actor; banned or deleted users get nothing, and
   * neither does a session that was ended (logout, reuse, password change or reset, ban), from
   * the very next request on. Without a session id (the panel's cookie session, signed stream
   * URLs) only the account is checked.
   */
  async actorFor(userId: string, sessionId?: string): Promise<Actor> {
    if (sessionId === undefined) {
      const user = await this.d.users.findById(userId);
      if (!user || user.status !== 'active') throw new UnauthenticatedError('Account is not active');
      return userActor(user.id, user.role);
    }
    // Every session id this service signs is a family uuid; anything else names no session.
    const account = isUuid(sessionId) ? await this.d.repo.findSessionAccount(userId, sessionId) : null;
    if (!account || account.status !== 'active') throw new UnauthenticatedError('Account is not active');
    if (!account.live) throw new UnauthenticatedError('This session has ended; sign in again');
    return userActor(account.id, account.role);
  }

  /**
   * For connections that outlive a request (the announcements stream): onEnd is called once when
   * the caller's session ends or the account is banned. Returns the unwatch function.
   */
  watchSession(actor: Actor, sessionId: string | undefined, onEnd: () => void): () => void {
    if (actor.kind !== 'user') return () => undefined;
    return this.d.sessions.watch(actor.id, sessionId, onEnd);
  }

  /** This process's session ends, for the cluster relay. */
  get sessions(): Sessions {
    return this.d.sessions;
  }

  private async startSession(user: UserRecord, familyId: string, meta: RequestMeta): Promise<Session> {
    const refreshToken = opaqueToken();
    await this.d.repo.createRefreshToken({
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(this.d.clock.now().getTime() + this.d.refreshTtlDays * 24 * HOUR),
      userAgent: meta.userAgent ?? null,
    });
    return {
      accessToken: this.d.tokens.sign({ sub: user.id, role: user.role, sid: familyId }),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.d.tokens.ttlSeconds,
      user,
    };
  }

  private async useEmailToken(token: string, purpose: 'verify_email' | 'reset_password') {
    const now = this.d.clock.now();
    const record = await this.d.repo.findEmailToken(sha256(token), purpose);
    if (!record || record.expiresAt <= now || !(await this.d.repo.useEmailToken(record.id, now))) {
      throw new InvalidError('Invalid or expired token', [{ path: 'token', message: 'is invalid or expired' }]);
    }
    return record;
  }

  private getDummyHash() {
    return (this.dummyHash ??= this.d.hasher.hash(opaqueToken()));
  }
}
