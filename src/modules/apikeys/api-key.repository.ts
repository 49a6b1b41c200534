import { Op, QueryTypes, type Transaction } from 'sequelize';
import { isUuid } from '../../shared/ids.js';
import { ApiKeyModel } from './api-key.model.js';
import type { ApiKeyRepository, KeyOwnerRow, NewApiKeyRow } from './api-key.types.js';
import type { Database } from '../../db/index.js';

type Tx = { transaction: Transaction };

interface OwnerSqlRow {
  key_id: string;
  encrypted_key: string;
  lookup_hash: string;
  last_used_at: string | Date | null;
  user_id: string;
  username: string;
  role: KeyOwnerRow['role'];
  status: KeyOwnerRow['status'];
}

const OWNER_COLUMNS = `k.id AS key_id, k.encrypted_key, k.lookup_hash, k.last_used_at, u.id AS user_id, u.username, u.role, u.status`;

const toOwner = (r: OwnerSqlRow): KeyOwnerRow => ({
  keyId: r.key_id,
  encryptedKey: r.encrypted_key,
  lookupHash: r.lookup_hash,
  lastUsedAt: r.last_used_at === null ? null : new Date(r.last_used_at),
  userId: r.user_id,
  username: r.username,
  role: r.role,
  status: r.status,
});

export class SequelizeApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: Database) {}

  async lockUser(userId: string, o: Tx) {
    // SQLite has no FOR UPDATE; its IMMEDIATE transaction already holds the database's write lock.
    const forUpdate = this.db.sequelize.getDialect() === 'postgres' ? ' FOR UPDATE' : '';
    const rows = await this.db.sequelize.query(`SELECT id FROM users WHERE id = :userId${forUpdate}`, {
      replacements: { userId },
      type: QueryTypes.SELECT,
      transaction: o.transaction,
    });
    return rows.length > 0;
  }

  async countForUser(userId: string, o: Tx) {
    return ApiKeyModel.count({ where: { userId }, transaction: o.transaction });
  }

  async insert(row: NewApiKeyRow, o: Tx) {
    await ApiKeyModel.create({ ...row, lastUsedAt: null }, { transaction: o.transaction });
  }

  async listForUser(userId: string) {
    const rows = await ApiKeyModel.findAll({
      attributes: ['id', 'name', 'createdAt', 'lastUsedAt'],
      where: { userId },
      order: [['createdAt', 'DESC'], ['id', 'DESC']],
    });
    return rows.map((m) => ({ id: m.id, name: m.name, createdAt: m.createdAt, lastUsedAt: m.lastUsedAt ?? null }));
  }

  async delete(userId: string, id: string) {
    if (!isUuid(id)) return false;
    return (await ApiKeyModel.destroy({ where: { id, userId } })) > 0;
  }

  async findByLookupHash(lookupHash: string) {
    const [row] = await this.db.sequelize.query<OwnerSqlRow>(
      `SELECT ${OWNER_COLUMNS} FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.lookup_hash = :lookupHash`,
      { replacements: { lookupHash }, type: QueryTypes.SELECT },
    );
    return row ? toOwner(row) : null;
  }

  async findByUsername(username: string) {
    const rows = await this.db.sequelize.query<OwnerSqlRow>(
      `SELECT ${OWNER_COLUMNS} FROM users u JOIN api_keys k ON k.user_id = u.id WHERE u.username_key = :usernameKey`,
      { replacements: { usernameKey: username.toLowerCase() }, type: QueryTypes.SELECT },
    );
    return rows.map(toOwner);
  }

  async touch(id: string, at: Date, notBefore: Date) {
    await ApiKeyModel.update(
      { lastUsedAt: at },
      { where: { id, [Op.or]: [{ lastUsedAt: null }, { lastUsedAt: { [Op.lt]: notBefore } }] } },
    );
  }
}
