import type { Transaction } from 'sequelize';
import type { Role } from '../../shared/actor.js';
import type { UserStatus } from '../users/index.js';

type Tx = { transaction: Transaction };

/** What a Subsonic client sends: a key on its own, or a username with the key as its password (plain or salted md5). */
export type SubsonicCredentials =
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'password'; username: string; password: string }
  | { kind: 'token'; username: string; token: string; salt: string };

export interface ApiKeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The key itself is in it: only create returns one, and only once. */
export interface CreatedApiKey {
  id: string;
  name: string;
  key: string;
  createdAt: Date;
}

export interface NewApiKeyRow {
  id: string;
  userId: string;
  name: string;
  lookupHash: string;
  encryptedKey: string;
  createdAt: Date;
}

/** A stored key with its owner's account, as authentication needs them: one query. */
export interface KeyOwnerRow {
  keyId: string;
  encryptedKey: string;
  lookupHash: string;
  lastUsedAt: Date | null;
  userId: string;
  username: string;
  role: Role;
  status: UserStatus;
}

export interface ApiKeyRepository {
  /** Locks the user's row, so two creations cannot both pass the per-user limit; false without the user. */
  lockUser(userId: string, o: Tx): Promise<boolean>;
  countForUser(userId: string, o: Tx): Promise<number>;
  insert(row: NewApiKeyRow, o: Tx): Promise<void>;
  /** Newest first; bounded by the per-user limit, so unpaged. */
  listForUser(userId: string): Promise<ApiKeySummary[]>;
  /** false when the user has no key with this id. */
  delete(userId: string, id: string): Promise<boolean>;
  findByLookupHash(lookupHash: string): Promise<KeyOwnerRow | null>;
  /** Every key of the user with this username (case-insensitive); empty when there is none. */
  findByUsername(username: string): Promise<KeyOwnerRow[]>;
  /** Sets last_used_at unless it is already at or after `notBefore`. */
  touch(id: string, at: Date, notBefore: Date): Promise<void>;
}
