export { AuthService, type Session, type RequestMeta } from './auth.service.js';
export { SequelizeAuthRepository } from './auth.repository.js';
export { AccessTokens, type AccessClaims } from './access-tokens.js';
export { Argon2Hasher, type PasswordHasher } from './password-hasher.js';
export { RateLimiter, accountKey, addressKey, rateLimits, throwIfLimited, type AttemptKey, type AttemptLimiter, type RateLimits } from './rate-limiter.js';
export type { AuthRepository, SessionAccount } from './auth.types.js';
export { Sessions, type SessionEnd, type SessionEndRelay } from './sessions.js';
export { authRoutes } from './auth.routes.js';
export { EmailLinks } from './email-links.js';
