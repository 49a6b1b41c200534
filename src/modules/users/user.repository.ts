import { Op, type WhereOptions } from 'sequelize';
import { newId } from '../../shared/ids.js';
import { likePattern } from '../../db/dialect.js';
import type { Role } from '../../shared/actor.js';
import { UserModel } from './user.model.js';
import type { NewUser, UserListQuery, UserPatch, UserRecord, UsersRepository } from './user.types.js';

const toRecord = (m: UserModel): UserRecord => m.get({ plain: true }) as UserRecord;

export class SequelizeUsersRepository implements UsersRepository {
  async findById(id: string) {
    const m = await UserModel.findByPk(id);
    return m && toRecord(m);
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
