import type { EmailTokenPurpose } from './email-token.model.js';

export type { EmailTokenPurpose };

export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  spentAt: Date | null;
  revokedAt: Date | null;
}

export interface EmailTokenRecord {
  id: string;
  userId: string;
  purpose: EmailTokenPurpose;
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface AuthRepository {
  createRefreshToken(t: { userId: string; familyId: string; tokenHash: string; expiresAt: Date; userAgent?: string | null }): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Marks the token spent only if it was not already; false means someone else spent it first. */
  spendRefreshToken(id: string, at: Date): Promise<boolean>;
  revokeFamily(familyId: string, at: Date): Promise<void>;
  revokeUserTokens(userId: string, at: Date, exceptFamilyId?: string): Promise<void>;
  createEmailToken(t: { userId: string; purpose: EmailTokenPurpose; tokenHash: string; expiresAt: Date }): Promise<void>;
  findEmailToken(tokenHash: string, purpose: EmailTokenPurpose): Promise<EmailTokenRecord | null>;
  /** Single use: false if the token was used already. */
  useEmailToken(id: string, at: Date): Promise<boolean>;
  invalidateEmailTokens(userId: string, purpose: EmailTokenPurpose, at: Date): Promise<void>;
}
