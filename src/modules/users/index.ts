export { UsersService, type NewAccount, type SessionRevoker, type EmailChangeMail } from './user.service.js';
export { SequelizeUsersRepository } from './user.repository.js';
export type { UserRecord, UsersRepository, UserStatus, UserListQuery, NewUser, UserPatch } from './user.types.js';
export { toUserDto, toAdminUserDto, toPublicUserDto, type UserDto, type AdminUserDto, type PublicUserDto } from './user.mapper.js';
export { checkPassword, throwIfAny } from './user.rules.js';
