import { newId } from '../../src/shared/ids.js';
import type { Role } from '../../src/shared/actor.js';
import type { NewUser, UserListQuery, UserPatch, UserRecord, UserRepository } from '../../src/modules/users/index.js';
import type { AuthRepository } from '../../src/modules/auth/index.js';
import type { PasswordHasher } from '../../src/modules/auth/index.js';

/** In-memory stand-ins for unit tests of the services' rules; repositories are tested on real databases elsewhere. */
export class FakeClock {
  constructor(public current = new Date('2026-01-01T00:00:00Z')) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class FakeHasher implements PasswordHasher {
  verifyCalls = 0;
  async hash(p: string) {
    return `hashed:${p}`;
  }
  async verify(hash: string, p: string) {
    this.verifyCalls += 1;
    return hash === `hashed:${p}`;
  }
}

export class FakeUsers implements UserRepository {
  rows = new Map<string, UserRecord>();
  constructor(private clock: FakeClock) {}
  async findById(id: string) {
    return this.rows.get(id) ?? null;
  }
  async findByIds(ids: string[]) {
    return ids.map((id) => this.rows.get(id)).filter((u): u is UserRecord => !!u);
  }
  async findByEmail(email: string) {
    return [...this.rows.values()].find((u) => u.email === email.toLowerCase()) ?? null;
  }
  async findByUsername(username: string) {
    return [...this.rows.values()].find((u) => u.username.toLowerCase() === username.toLowerCase()) ?? null;
  }
  async create(u: NewUser) {
    const row: UserRecord = { id: newId(), avatarKey: null, status: 'active', emailVerifiedAt: null, pendingEmail: null, createdAt: this.clock.now(), updatedAt: this.clock.now(), ...u, email: u.email.toLowerCase() };
    this.rows.set(row.id, row);
    return row;
  }
  async update(id: string, patch: UserPatch) {
    const row = { ...this.rows.get(id)!, ...patch, updatedAt: this.clock.now() };
    this.rows.set(id, row);
    return row;
  }
  async list(q: UserListQuery) {
    return [...this.rows.values()].filter((u) => (!q.role || u.role === q.role) && (!q.status || u.status === q.status)).slice(0, q.limit + 1);
  }
  async countByRole(role: Role) {
    return [...this.rows.values()].filter((u) => u.role === role).length;
  }
}

type RT = Awaited<ReturnType<AuthRepository['findRefreshToken']>> & object;
type ET = Awaited<ReturnType<AuthRepository['findEmailToken']>> & object;

export class FakeAuthRepo implements AuthRepository {
  refresh: RT[] = [];
  email: ET[] = [];
  /** The accounts behind the sessions, for the session lookups. */
  constructor(private readonly users?: FakeUsers) {}
  async createRefreshToken(t: { userId: string; familyId: string; tokenHash: string; expiresAt: Date }) {
    this.refresh.push({ id: newId(), spentAt: null, revokedAt: null, ...t });
  }
  async findRefreshToken(hash: string) {
    return this.refresh.find((t) => t.tokenHash === hash) ?? null;
  }
  async spendRefreshToken(id: string, at: Date) {
    const t = this.refresh.find((x) => x.id === id)!;
    if (t.spentAt || t.revokedAt) return false;
    t.spentAt = at;
    return true;
  }
  async revokeFamily(familyId: string, at: Date) {
    for (const t of this.refresh) if (t.familyId === familyId && !t.revokedAt) t.revokedAt = at;
  }
  async revokeUserTokens(userId: string, at: Date, except?: string) {
    for (const t of this.refresh) if (t.userId === userId && !t.revokedAt && t.familyId !== except) t.revokedAt = at;
  }
  async findSessionAccount(userId: string, familyId: string) {
    const u = this.users?.rows.get(userId);
    return u ? { id: u.id, role: u.role, status: u.status, live: this.refresh.some((t) => t.familyId === familyId && t.userId === userId && !t.revokedAt) } : null;
  }
  async liveSessions(familyIds: string[]) {
    const active = (t: RT) => this.users?.rows.get(t.userId)?.status === 'active';
    return new Set(this.refresh.filter((t) => familyIds.includes(t.familyId) && !t.revokedAt && active(t)).map((t) => t.familyId));
  }
  async createEmailToken(t: Omit<ET, 'id' | 'usedAt'>) {
    this.email.push({ id: newId(), usedAt: null, ...t });
  }
  async findEmailToken(hash: string, purpose: ET['purpose']) {
    return this.email.find((t) => t.tokenHash === hash && t.purpose === purpose) ?? null;
  }
  async useEmailToken(id: string, at: Date) {
    const t = this.email.find((x) => x.id === id)!;
    if (t.usedAt) return false;
    t.usedAt = at;
    return true;
  }
  async invalidateEmailTokens(userId: string, purpose: ET['purpose'], at: Date) {
    for (const t of this.email) if (t.userId === userId && t.purpose === purpose && !t.usedAt) t.usedAt = at;
  }
}
