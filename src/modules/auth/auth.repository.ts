import { Op } from 'sequelize';
import { newId } from '../../shared/ids.js';
import { RefreshTokenModel } from './refresh-token.model.js';
import { EmailTokenModel } from './email-token.model.js';
import type { AuthRepository, EmailTokenPurpose, EmailTokenRecord, RefreshTokenRecord } from './auth.types.js';

export class SequelizeAuthRepository implements AuthRepository {
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
