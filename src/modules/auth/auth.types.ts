import type { Role } from '../../shared/actor.js';
import type { UserStatus } from '../users/index.js';
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

/** The account behind a session, and whether the session is still open (a refresh token of its family is unrevoked). */
export interface SessionAccount {
  id: string;
  role: Role;
  status: UserStatus;
  live: boolean;
}

export interface AuthRepository {
  createRefreshToken(t: { userId: string; familyId: string; tokenHash: string; expiresAt: Date; userAgent?: string | null }): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | null>;
  /** Marks the token spent only if it was not already; false means someone else spent it first. */
  spendRefreshToken(id: string, at: Date): Promise<boolean>;
  revokeFamily(familyId: string, at: Date): Promise<void>;
  revokeUserTokens(userId: string, at: Date, exceptFamilyId?: string): Promise<void>;
  /** One query: the account and whether this family (session) of it is still open; null without the account. */
  findSessionAccount(userId: string, familyId: string): Promise<SessionAccount | null>;
  /** Of these families, the ones still open and belonging to an active account. */
  liveSessions(familyIds: string[]): Promise<Set<string>>;
  createEmailToken(t: { userId: string; purpose: EmailTokenPurpose; tokenHash: string; expiresAt: Date }): Promise<void>;
  findEmailToken(tokenHash: string, purpose: EmailTokenPurpose): Promise<EmailTokenRecord | null>;
  /** Single use: false if the token was used already. */
  useEmailToken(id: string, at: Date): Promise<boolean>;
  invalidateEmailTokens(userId: string, purpose: EmailTokenPurpose, at: Date): Promise<void>;
}
