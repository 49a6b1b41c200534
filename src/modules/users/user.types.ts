import type { Role } from '../../shared/actor.js';

export type UserStatus = 'active' | 'banned';

/** A user as the services see it: plain data, never an ORM instance. */
export interface UserRecord {
  id: string;
  email: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  status: UserStatus;
  avatarKey: string | null;
  emailVerifiedAt: Date | null;
  /** A new address asked for and not yet verified; email stays the old one until then. */
  pendingEmail: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface UserListQuery {
  q?: string;
  role?: Role;
  status?: UserStatus;
  limit: number;
  cursor: (string | number | null)[] | null;
}

export type NewUser = Pick<UserRecord, 'email' | 'username' | 'displayName' | 'passwordHash' | 'role'> &
  Partial<Pick<UserRecord, 'emailVerifiedAt' | 'status'>>;

export type UserPatch = Partial<Pick<UserRecord, 'displayName' | 'email' | 'username' | 'role' | 'status' | 'passwordHash' | 'emailVerifiedAt' | 'avatarKey' | 'pendingEmail'>>;

export interface UserRepository {
  findById(id: string): Promise<UserRecord | null>;
  findByIds(ids: string[]): Promise<UserRecord[]>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findByUsername(username: string): Promise<UserRecord | null>;
  create(user: NewUser): Promise<UserRecord>;
  update(id: string, patch: UserPatch): Promise<UserRecord>;
  list(query: UserListQuery): Promise<UserRecord[]>;
  countByRole(role: Role): Promise<number>;
}
