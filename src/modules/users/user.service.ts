import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from '../../shared/errors.js';
import { isAdmin, requireAdmin, requireUser, ROLES, type Actor, type Role } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { pageRequest, toPage, type Page } from '../../shared/pagination.js';
import { checkDisplayName, checkEmail, checkPassword, checkUsername, throwIfAny } from './user.rules.js';
import type { UserRecord, UserRepository, UserStatus } from './user.types.js';
import type { FieldError } from '../../shared/errors.js';

export interface PasswordHashing {
  hash(password: string): Promise<string>;
}

/** What the users service needs from the session store, without depending on the auth module. */
export interface SessionRevoker {
  revokeUserTokens(userId: string, at: Date): Promise<void>;
  /** A role changed: every process (on every host) forgets what it remembered of the account. */
  accountChanged(userId: string): void;
}

/** Mails the link for a requested address (or spends it when the request is withdrawn); the auth module's EmailLinks. */
export interface EmailChangeMail {
  changeRequested(user: UserRecord): Promise<void>;
}

export interface NewAccount {
  email: string;
  username: string;
  password: string;
  displayName?: string;
  role: Role;
  emailVerified?: boolean;
}

export interface UserServiceDeps {
  users: UserRepository;
  hasher: PasswordHashing;
  sessions: SessionRevoker;
  clock: Clock;
  /** Mails the link that confirms a new address; without it none is sent. */
  emailChanges?: EmailChangeMail;
}

export class UserService {
  constructor(private readonly d: UserServiceDeps) {}

  /** Creates an account after the policy checks; registration, the CLI and the panel all come here. */
  async createAccount(input: NewAccount): Promise<UserRecord> {
    const errors: FieldError[] = [];
    checkEmail(input.email, errors);
    checkUsername(input.username, errors);
    if (input.displayName !== undefined) checkDisplayName(input.displayName, errors);
    if (!ROLES.includes(input.role)) errors.push({ path: 'role', message: `must be one of ${ROLES.join(', ')}` });
    errors.push(...checkPassword(input.password, input));
    throwIfAny(errors);
    await this.assertFree(input.email, input.username);
    const passwordHash = await this.d.hasher.hash(input.password);
    try {
      return await this.d.users.create({
        email: input.email,
        username: input.username,
        displayName: input.displayName?.trim() || input.username,
        passwordHash,
        role: input.role,
        emailVerifiedAt: input.emailVerified ? this.d.clock.now() : null,
      });
    } catch (err) {
      if ((err as Error).name === 'SequelizeUniqueConstraintError') throw new ConflictError('Email or username is already taken');
      throw err;
    }
  }

  /** For operators and admins: an account with any role. */
  async create(actor: Actor, input: NewAccount): Promise<UserRecord> {
    requireAdmin(actor);
    return this.createAccount({ ...input, emailVerified: input.emailVerified ?? true });
  }

  async getMe(actor: Actor): Promise<UserRecord> {
    const me = requireUser(actor);
    const user = await this.d.users.findById(me.id);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  /** The stored key of a user's picture (null: none): one's own, or anyone's for an admin. */
  async avatarKey(actor: Actor, username: string): Promise<string | null> {
    const me = requireUser(actor);
    const user = await this.d.users.findByUsername(username);
    // Whether someone else's account exists is not told to those who may not see it.
    if (!isAdmin(actor) && user?.id !== me.id) throw new ForbiddenError('Only your own picture, unless you are an admin');
    if (!user) throw new NotFoundError('User');
    return user.avatarKey;
  }

  async updateMe(actor: Actor, patch: { displayName?: string; email?: string; username?: string }): Promise<UserRecord> {
    const user = await this.getMe(actor);
    const errors: FieldError[] = [];
    if (patch.displayName !== undefined) checkDisplayName(patch.displayName, errors);
    if (patch.email !== undefined) checkEmail(patch.email, errors);
    if (patch.username !== undefined) checkUsername(patch.username, errors);
    throwIfAny(errors);
    const next = patch.email?.toLowerCase();
    // The account keeps its address (and can still sign in with it) until the new one is verified.
    const requested = next !== undefined && next !== user.email && next !== user.pendingEmail ? next : undefined;
    const withdrawn = next === user.email && user.pendingEmail !== null;
    const usernameChanged = patch.username !== undefined && patch.username.toLowerCase() !== user.username.toLowerCase();
    await this.assertFree(requested, usernameChanged ? patch.username : undefined);
    const updated = await this.d.users.update(user.id, {
      ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}),
      ...(patch.username !== undefined ? { username: patch.username } : {}),
      ...(requested || withdrawn ? { pendingEmail: requested ?? null } : {}),
    });
    if (requested || withdrawn) await this.d.emailChanges?.changeRequested(updated);
    return updated;
  }

  async getForAdmin(actor: Actor, userId: string): Promise<UserRecord> {
    requireAdmin(actor);
    const user = await this.d.users.findById(userId);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  async list(actor: Actor, query: { q?: string; role?: Role; status?: UserStatus; limit?: number; cursor?: string }): Promise<Page<UserRecord>> {
    requireAdmin(actor);
    const page = pageRequest(query);
    const rows = await this.d.users.list({ q: query.q, role: query.role, status: query.status, limit: page.limit, cursor: page.cursor });
    return toPage(rows, page.limit, (u) => [u.createdAt.toISOString(), u.id], (u) => u);
  }

  /** Role and status changes. Banning ends every session; the last active admin cannot be demoted or banned. */
  async adminUpdate(actor: Actor, userId: string, patch: { role?: Role; status?: UserStatus }): Promise<UserRecord> {
    const user = await this.getForAdmin(actor, userId);
    if (patch.role !== undefined && !ROLES.includes(patch.role)) throw new InvalidError('Invalid role', [{ path: 'role', message: `must be one of ${ROLES.join(', ')}` }]);
    if (patch.status !== undefined && !['active', 'banned'].includes(patch.status)) throw new InvalidError('Invalid status', [{ path: 'status', message: 'must be active or banned' }]);
    const losesAdmin = user.role === 'admin' && ((patch.role && patch.role !== 'admin') || patch.status === 'banned');
    if (losesAdmin && (await this.d.users.countByRole('admin')) <= 1) {
      throw new ConflictError('The last admin cannot be demoted or banned');
    }
    const updated = await this.d.users.update(user.id, { ...(patch.role ? { role: patch.role } : {}), ...(patch.status ? { status: patch.status } : {}) });
    if (patch.status === 'banned') await this.d.sessions.revokeUserTokens(user.id, this.d.clock.now());
    else if (patch.role !== undefined && patch.role !== user.role) this.d.sessions.accountChanged(user.id);
    return updated;
  }

  /** Looks an account up by email or username; for the CLI's --as and --owner. */
  async findByLogin(actor: Actor, login: string): Promise<UserRecord> {
    if (!isAdmin(actor)) throw new NotFoundError('User');
    const user = login.includes('@') ? await this.d.users.findByEmail(login) : await this.d.users.findByUsername(login);
    if (!user) throw new NotFoundError('User');
    return user;
  }

  /** Used at start-up: creates the configured admin if no admin exists yet. */
  async ensureAdmin(input: { email: string; password: string }): Promise<UserRecord | null> {
    if ((await this.d.users.countByRole('admin')) > 0) return null;
    const existing = await this.d.users.findByEmail(input.email);
    if (existing) return this.d.users.update(existing.id, { role: 'admin', status: 'active' });
    const wish = input.email.split('@')[0]!.replace(/[^A-Za-z0-9_.-]/g, '').replace(/^[_.-]+/, '');
    const username = await this.freeUsername(wish || 'admin');
    return this.createAccount({ email: input.email, username, password: input.password, role: 'admin', emailVerified: true });
  }

  /**
   * The wished username if nobody has it, else the first free one of wish2, wish3, ...; for
   * accounts made without a person choosing (the configured admin, demo data), which must not
   * fail because someone holds the name.
   */
  async availableUsername(actor: Actor, wish: string): Promise<string> {
    requireAdmin(actor);
    return this.freeUsername(wish);
  }

  private async freeUsername(wish: string): Promise<string> {
    const base = wish.slice(0, 29).padEnd(2, '0');
    if (!(await this.d.users.findByUsername(base))) return base;
    for (let n = 2; n < 1000; n++) {
      if (!(await this.d.users.findByUsername(`${base}${n}`))) return `${base}${n}`;
    }
    throw new ConflictError('Username is taken', { field: 'username' });
  }

  async setPassword(actor: Actor, userId: string, password: string): Promise<void> {
    const user = await this.getForAdmin(actor, userId);
    throwIfAny(checkPassword(password, user));
    await this.d.users.update(user.id, { passwordHash: await this.d.hasher.hash(password) });
    await this.d.sessions.revokeUserTokens(user.id, this.d.clock.now());
  }

  private async assertFree(email?: string, username?: string) {
    if (email && (await this.d.users.findByEmail(email))) throw new ConflictError('Email is already registered', { field: 'email' });
    if (username && (await this.d.users.findByUsername(username))) throw new ConflictError('Username is taken', { field: 'username' });
  }
}
