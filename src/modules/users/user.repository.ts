import { Op, type WhereOptions } from 'sequelize';
import { newId } from '../../shared/ids.js';
import { likePattern } from '../../db/dialect.js';
import { driverDate, rawReads } from '../../db/raw-query.js';
import type { Role } from '../../shared/actor.js';
import { UserModel } from './user.model.js';
import type { NewUser, UserListQuery, UserPatch, UserRecord, UserRepository } from './user.types.js';
import type { Database } from '../../db/index.js';

const toRecord = (m: UserModel): UserRecord => m.get({ plain: true }) as UserRecord;
const db = () => UserModel.sequelize!;

const USER_COLUMNS = `id, email, username, username_key, display_name, password_hash, role, status, avatar_key, pending_email,
  email_verified_at, created_at, updated_at`;
interface UserRow {
  id: string; email: string; username: string; username_key: string; display_name: string; password_hash: string; role: Role;
  status: UserRecord['status']; avatar_key: string | null; pending_email: string | null; email_verified_at: Date | string | null;
  created_at: Date | string; updated_at: Date | string;
}
/** The same record as toRecord gives from a model. */
const userOf = (r: UserRow): UserRecord & { usernameKey: string } => ({
  id: r.id, email: r.email, username: r.username, usernameKey: r.username_key, displayName: r.display_name, passwordHash: r.password_hash,
  role: r.role, status: r.status, avatarKey: r.avatar_key, pendingEmail: r.pending_email, emailVerifiedAt: driverDate(r.email_verified_at),
  createdAt: driverDate(r.created_at), updatedAt: driverDate(r.updated_at),
});

export class SequelizeUserRepository implements UserRepository {
  /** Its models are bound to the database when it opens; the argument keeps one way to build a repository. */
  constructor(_db: Database) {}

  // Every request to GET /api/me reads the account: plain SQL, not a model instance.
  async findById(id: string) {
    const [r] = await rawReads(db()).select<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return r ? userOf(r) : null;
  }

  async findByIds(ids: string[]) {
    if (ids.length === 0) return [];
    return (await UserModel.findAll({ where: { id: ids } })).map(toRecord);
  }

  async findByEmail(email: string) {
    const m = await UserModel.findOne({ where: { email: email.toLowerCase() } });
    return m && toRecord(m);
  }

  async findByUsername(username: string) {
    const m = await UserModel.findOne({ where: { usernameKey: username.toLowerCase() } });
    return m && toRecord(m);
  }

  async create(user: NewUser) {
    const m = await UserModel.create({
      id: newId(),
      email: user.email.toLowerCase(),
      username: user.username,
      usernameKey: user.username.toLowerCase(),
      displayName: user.displayName,
      passwordHash: user.passwordHash,
      role: user.role,
      status: user.status ?? 'active',
      emailVerifiedAt: user.emailVerifiedAt ?? null,
    });
    return toRecord(m);
  }

  async update(id: string, patch: UserPatch) {
    const values: Record<string, unknown> = { ...patch };
    if (patch.email) values.email = patch.email.toLowerCase();
    if (patch.pendingEmail) values.pendingEmail = patch.pendingEmail.toLowerCase();
    if (patch.username) values.usernameKey = patch.username.toLowerCase();
    await UserModel.update(values, { where: { id } });
    const m = await UserModel.findByPk(id, { rejectOnEmpty: true });
    return toRecord(m);
  }

  /** Newest first, keyset-paged on (created_at, id). */
  async list(query: UserListQuery) {
    const and: WhereOptions[] = [];
    if (query.role) and.push({ role: query.role });
    if (query.status) and.push({ status: query.status });
    if (query.q) {
      const pattern = likePattern(query.q.toLowerCase());
      and.push({ [Op.or]: [{ email: { [Op.like]: pattern } }, { usernameKey: { [Op.like]: pattern } }] });
    }
    if (query.cursor) {
      const [createdAt, id] = query.cursor as [string, string];
      const at = new Date(createdAt);
      and.push({ [Op.or]: [{ createdAt: { [Op.lt]: at } }, { createdAt: at, id: { [Op.lt]: id } }] });
    }
    const rows = await UserModel.findAll({
      where: { [Op.and]: and },
      order: [['createdAt', 'DESC'], ['id', 'DESC']],
      limit: query.limit + 1,
    });
    return rows.map(toRecord);
  }

  async countByRole(role: Role) {
    return UserModel.count({ where: { role } });
  }
}
