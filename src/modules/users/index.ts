export { UserService, type NewAccount, type SessionRevoker, type EmailChangeMail } from './user.service.js';
export { SequelizeUserRepository } from './user.repository.js';
export type { UserRecord, UserRepository, UserStatus, UserListQuery, NewUser, UserPatch } from './user.types.js';
export { toUserDto, toAdminUserDto, toPublicUserDto, type UserDto, type AdminUserDto, type PublicUserDto } from './user.mapper.js';
export { checkPassword, throwIfAny } from './user.rules.js';
