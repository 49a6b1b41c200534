import type { Config } from './config/index.js';
import { createDatabase, type Database } from './db/index.js';
import { createLogger, type Logger } from './shared/logger.js';
import { createMailer, type Mailer } from './shared/mailer.js';
import { systemClock, type Clock } from './shared/clock.js';
import { SequelizeUsersRepository, UsersService } from './modules/users/index.js';
import { AccessTokens, Argon2Hasher, AuthService, RateLimiter, SequelizeAuthRepository, type PasswordHasher } from './modules/auth/index.js';

export interface Services {
  users: UsersService;
  auth: AuthService;
}

/** Everything the doors need, built once: config -> db -> repositories -> services. */
export interface Container {
  config: Config;
  logger: Logger;
  db: Database;
  clock: Clock;
  mailer: Mailer;
  tokens: AccessTokens;
  services: Services;
  close(): Promise<void>;
}

export interface ContainerOverrides {
  logger?: Logger;
  mailer?: Mailer;
  clock?: Clock;
  hasher?: PasswordHasher;
}

export function createContainer(config: Config, overrides: ContainerOverrides = {}): Container {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const db = createDatabase(config.database, logger);
  const clock = overrides.clock ?? systemClock;
  const mailer = overrides.mailer ?? createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, outboxDir: config.outboxDir, logger });
  const hasher = overrides.hasher ?? new Argon2Hasher(config.passwordHashMemoryKib);
  const tokens = new AccessTokens({
    secret: config.jwt.secret,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.accessTtlSeconds,
  });

  const usersRepo = new SequelizeUsersRepository();
  const authRepo = new SequelizeAuthRepository();
  const users = new UsersService(usersRepo, hasher, authRepo, clock);
  const auth = new AuthService({
    users: usersRepo,
    usersService: users,
    repo: authRepo,
    hasher,
    tokens,
    limiter: new RateLimiter(config.rateLimit.perWindow, config.rateLimit.windowSeconds * 1000, () => clock.now().getTime()),
    mailer,
    clock,
    publicUrl: config.publicUrl,
    refreshTtlDays: config.jwt.refreshTtlDays,
    requireEmailVerification: config.requireEmailVerification,
  });

  return {
    config,
    logger,
    db,
    clock,
    mailer,
    tokens,
    services: { users, auth },
    close: () => db.close(),
  };
}
