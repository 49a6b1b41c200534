export { AuthService, type Session, type RequestMeta } from './auth.service.js';
export { SequelizeAuthRepository } from './auth.repository.js';
export { AccessTokens, type AccessClaims } from './access-tokens.js';
export { Argon2Hasher, type PasswordHasher } from './password-hasher.js';
export { RateLimiter, throwIfLimited, type AttemptLimiter } from './rate-limiter.js';
export type { AuthRepository } from './auth.types.js';
export { authRoutes } from './auth.routes.js';
