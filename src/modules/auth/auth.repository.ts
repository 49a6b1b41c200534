import { Op, QueryTypes } from 'sequelize';
import { newId } from '../../shared/ids.js';
import { rawReads } from '../../db/raw-query.js';
import { RefreshTokenModel } from './refresh-token.model.js';
import { EmailTokenModel } from './email-token.model.js';
import type { AuthRepository, EmailTokenPurpose, EmailTokenRecord, RefreshTokenRecord, SessionAccount } from './auth.types.js';
import type { Database } from '../../db/index.js';

const db = () => RefreshTokenModel.sequelize!;
/** Families looked up per query when open streams are rechecked. */
const LIVE_CHUNK = 500;

export class SequelizeAuthRepository implements AuthRepository {
  /** Its models are bound to the database when it opens; the argument keeps one way to build a repository. */
  constructor(_db: Database) {}

  async createRefreshToken(t: { userId: string; familyId: string; tokenHash: string; expiresAt: Date; userAgent?: string | null }) {
    await RefreshTokenModel.create({ id: newId(), ...t, userAgent: t.userAgent?.slice(0, 255) ?? null });
  }

  async findRefreshToken(tokenHash: string) {
    const m = await RefreshTokenModel.findOne({ where: { tokenHash } });
    return m && (m.get({ plain: true }) as RefreshTokenRecord);
  }

  async spendRefreshToken(id: string, at: Date) {
    // The conditional UPDATE is the lock: of two concurrent refreshes with one token, one wins.
    const [n] = await RefreshTokenModel.update({ spentAt: at }, { where: { id, spentAt: null, revokedAt: null } });
    return n === 1;
  }

  async revokeFamily(familyId: string, at: Date) {
    await RefreshTokenModel.update({ revokedAt: at }, { where: { familyId, revokedAt: null } });
  }

  async revokeUserTokens(userId: string, at: Date, exceptFamilyId?: string) {
    await RefreshTokenModel.update(
      { revokedAt: at },
      { where: { userId, revokedAt: null, ...(exceptFamilyId ? { familyId: { [Op.ne]: exceptFamilyId } } : {}) } },
    );
  }

  // Every authenticated request runs this in place of the plain account lookup, so the session
  // check costs no query of its own. A family is open while one of its tokens is unrevoked: every
  // revocation (logout, reuse, password change or reset, ban) marks all of the family's tokens.
  async findSessionAccount(userId: string, familyId: string): Promise<SessionAccount | null> {
    const [row] = await rawReads(db()).select<{ id: string; role: SessionAccount['role']; status: SessionAccount['status']; live: boolean | number | string }>(
      `SELECT u.id, u.role, u.status,
         EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $2 AND r.user_id = u.id AND r.revoked_at IS NULL) AS live
       FROM users u WHERE u.id = $1`,
      [userId, familyId],
    );
    // PostgreSQL answers a boolean, SQLite 0 or 1.
    return row ? { id: row.id, role: row.role, status: row.status, live: row.live === true || Number(row.live) === 1 } : null;
  }

  async liveSessions(familyIds: string[]): Promise<Set<string>> {
    const live = new Set<string>();
    for (let i = 0; i < familyIds.length; i += LIVE_CHUNK) {
      const rows = await db().query<{ family_id: string }>(
        `SELECT DISTINCT r.family_id FROM refresh_tokens r JOIN users u ON u.id = r.user_id
         WHERE r.family_id IN (:ids) AND r.revoked_at IS NULL AND u.status = 'active'`,
        { replacements: { ids: familyIds.slice(i, i + LIVE_CHUNK) }, type: QueryTypes.SELECT },
      );
      for (const r of rows) live.add(r.family_id);
    }
    return live;
  }

  async createEmailToken(t: { userId: string; purpose: EmailTokenPurpose; tokenHash: string; expiresAt: Date }) {
    await EmailTokenModel.create({ id: newId(), ...t });
  }

  async findEmailToken(tokenHash: string, purpose: EmailTokenPurpose) {
    const m = await EmailTokenModel.findOne({ where: { tokenHash, purpose } });
    return m && (m.get({ plain: true }) as EmailTokenRecord);
  }

  async useEmailToken(id: string, at: Date) {
    const [n] = await EmailTokenModel.update({ usedAt: at }, { where: { id, usedAt: null } });
    return n === 1;
  }

  async invalidateEmailTokens(userId: string, purpose: EmailTokenPurpose, at: Date) {
    await EmailTokenModel.update({ usedAt: at }, { where: { userId, purpose, usedAt: null } });
  }
}
