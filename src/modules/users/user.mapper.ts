import type { UserRecord } from './user.types.js';

export interface UserDto {
  id: string;
  email: string;
  username: string;
  displayName: string;
  role: string;
  emailVerified: boolean;
  /** Only while a change of address waits for its link to be opened. */
  pendingEmail?: string;
  createdAt: string;
}

export interface AdminUserDto extends UserDto {
  status: string;
  updatedAt: string;
}

export interface PublicUserDto {
  id: string;
  username: string;
  displayName: string;
}

export function toUserDto(u: UserRecord): UserDto {
  return {
    id: u.id,
    email: u.email,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    emailVerified: u.emailVerifiedAt !== null,
    ...(u.pendingEmail ? { pendingEmail: u.pendingEmail } : {}),
    createdAt: u.createdAt.toISOString(),
  };
}

export function toAdminUserDto(u: UserRecord): AdminUserDto {
  return { ...toUserDto(u), status: u.status, updatedAt: u.updatedAt.toISOString() };
}

export function toPublicUserDto(u: Pick<UserRecord, 'id' | 'username' | 'displayName'>): PublicUserDto {
  return { id: u.id, username: u.username, displayName: u.displayName };
}
