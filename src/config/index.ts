import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import cronParser from 'cron-parser';
import { z } from 'zod';

/** Thrown for a bad environment; the entry point prints its message as one line and exits 2. */
export class ConfigError extends Error {}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
/** A cron expression (five fields, or six with seconds), read in UTC; a typo stops the start rather than never firing. */
const cron = z.string().refine((v) => {
  try {
    cronParser.parseExpression(v, { utc: true });
    return v.trim().split(/\s+/).length >= 5;
  } catch {
    return false;
  }
}, 'must be a cron expression such as "0 3 * * *"');
const list = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: int(0, 65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    PUBLIC_URL: z.string().url().optional(),
    PUBLIC_APP_URL: z.string().url().optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^(postgres(ql)?|sqlite):/, 'must start with postgres://, postgresql:// or sqlite:')
      .optional(),
    DB_POOL_MAX: int(1, 200).default(10),
    DB_ACQUIRE_TIMEOUT_MS: int(100, 600_000).default(5000),
    DB_CONNECT_TIMEOUT_MS: int(100, 600_000).default(3000),
    DB_STATEMENT_TIMEOUT_MS: int(0, 3_600_000).default(5000),
    JWT_SECRET: z.string().optional(),
    API_KEY_SECRET: z.string().optional(),
    JWT_ISSUER: z.string().min(1).default('rhythmo'),
    JWT_AUDIENCE: z.string().min(1).default('rhythmo-api'),
    ACCESS_TOKEN_TTL_SECONDS: int(30, 24 * 3600).default(900),
    REFRESH_TOKEN_TTL_DAYS: int(1, 365).default(30),
    STREAM_URL_TTL_SECONDS: int(30, 7 * 24 * 3600).default(6 * 3600),
    STREAM_ACCEL_REDIRECT: z
      .string()
      .regex(/^\/[A-Za-z0-9_\-/]*\/$/, 'must be a path that starts and ends with / (an internal nginx location)')
      .optional(),
    STREAM_ACCEL_CACHE_SECONDS: int(0, 300).default(5),
    STORAGE: z.enum(['local', 's3']).default('local'),
    S3_ENDPOINT: z.string().regex(/^https?:\/\/[^/?#]+\/?$/, 'must be an http:// or https:// address with no path').optional(),
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name (3-63 of a-z, 0-9, dot, hyphen)').optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    S3_FORCE_PATH_STYLE: bool.default('false'),
    S3_PRESIGNED_REDIRECT: bool.default('false'),
    S3_PRESIGNED_TTL_SECONDS: int(1, 7 * 24 * 3600).default(300),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
    MAIL_FROM: z.string().default('Rhythmo <no-reply@rhythmo.local>'),
    REQUIRE_EMAIL_VERIFICATION: bool.default('false'),
    CORS_ORIGINS: list.default(''),
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
    ADMIN_EMAIL: z.string().email().optional(),
    ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    JSON_BODY_LIMIT: z.string().regex(/^\d+(kb|mb)$/i, 'must look like 100kb or 1mb').default('1mb'),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    LIBRARY_DIRS: z.string().optional(),
    MAX_UPLOAD_MB: int(1, 10_000).default(200),
    MAX_IMAGE_MB: int(1, 100).default(10),
    SEED_DEMO: bool.optional(),
    PASSWORD_HASH_MEMORY_KIB: int(1024, 1024 * 1024).default(19456),
    RATE_LIMIT_ACCOUNT_PER_WINDOW: int(1, 100_000).optional(),
    RATE_LIMIT_ADDRESS_PER_WINDOW: int(1, 1_000_000).optional(),
    /** The earlier single setting: when set, the default of both limits above. */
    RATE_LIMIT_AUTH_PER_WINDOW: int(1, 1_000_000).optional(),
    RATE_LIMIT_WINDOW_SECONDS: int(1, 86_400).default(900),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
    REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 of A-Z, a-z, 0-9, _ . : -').default('rhythmo'),
    WORKERS: z
      .string()
      .default('1')
      .refine((v) => v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 64), 'must be a number from 1 to 64, or auto')
      .transform((v) => (v === 'auto' ? os.availableParallelism() : Number(v))),
    PLAY_COUNT_MIN_SECONDS: int(0, 3600).default(30),
    PLAY_COUNT_MAX_SECONDS: int(1, 86_400).default(240),
    PLAY_COUNT_FRACTION: z.coerce.number().gt(0).max(1).default(0.5),
    FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
    TRANSCODE_CACHE_MB: int(0, 10_000_000).default(2048),
    TRANSCODE_MAX_CONCURRENT: int(1, 1000).optional(),
    JOBS: bool.default('true'),
    JOBS_POLL_MS: int(100, 60_000).default(2000),
    RECOMMEND_SCHEDULE: cron.optional(),
    LIBRARY_SCAN_SCHEDULE: cron.optional(),
    TRANSCODE_WARM: z.enum(['off', 'mp3', 'opus', 'ogg', 'aac']).default('off'),
    MAIL_RETRIES: int(0, 20).default(5),
  })
  .superRefine((env, ctx) => {
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together' });
    }
    if (env.STORAGE === 's3' && !env.S3_BUCKET) ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'is required with STORAGE=s3' });
    if (env.S3_PRESIGNED_REDIRECT && env.STORAGE !== 's3') ctx.addIssue({ code: 'custom', path: ['S3_PRESIGNED_REDIRECT'], message: 'needs STORAGE=s3' });
    // nginx sends files from the media folder; objects in a bucket are not there (S3_PRESIGNED_REDIRECT hands streams to the store instead).
    if (env.STREAM_ACCEL_REDIRECT && env.STORAGE === 's3') ctx.addIssue({ code: 'custom', path: ['STREAM_ACCEL_REDIRECT'], message: 'needs STORAGE=local' });
    if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['S3_SECRET_ACCESS_KEY'], message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together' });
    }
    if (env.NODE_ENV === 'production' && Buffer.byteLength(env.JWT_SECRET ?? '') < 32) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required and must be at least 32 bytes in production' });
    }
    if (env.JWT_SECRET !== undefined && Buffer.byteLength(env.JWT_SECRET) < 32) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be at least 32 bytes' });
    }
    if (env.API_KEY_SECRET !== undefined && Buffer.byteLength(env.API_KEY_SECRET) < 32) {
      ctx.addIssue({ code: 'custom', path: ['API_KEY_SECRET'], message: 'must be at least 32 bytes' });
    }
  });

/**
 * How long PostgreSQL may keep a request waiting: for a pooled connection, for a new connection,
 * for one statement (0: no limit, for batch commands). SQLite is a local file and ignores them.
 */
export interface DatabaseTimeouts {
  acquireMs: number;
  connectMs: number;
  statementMs: number;
}

export type DatabaseConfig =
  | { dialect: 'sqlite'; storage: string; url?: undefined; poolMax: number; timeouts: DatabaseTimeouts }
  | { dialect: 'postgres'; url: string; storage?: undefined; poolMax: number; timeouts: DatabaseTimeouts };

export interface S3Config {
  /** Absent for AWS S3 itself (the region picks the endpoint). */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Absent: the SDK's own chain (AWS_* environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle: boolean;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  /** Where mailed links lead: the client app when PUBLIC_APP_URL is set, else Rhythmo's own pages. */
  publicAppUrl: string | null;
  dataDir: string;
  mediaDir: string;
  outboxDir: string;
  database: DatabaseConfig;
  jwt: { secret: string; issuer: string; audience: string; accessTtlSeconds: number; refreshTtlDays: number };
  /**
   * Encrypts stored API keys and keys their lookup hashes. Losing or changing it stops every
   * API key from working (nothing leaks), so unset it is generated once under DATA_DIR in any
   * environment; servers sharing one database must share it.
   */
  apiKeySecret: string;
  streamUrlTtlSeconds: number;
  /** Behind nginx: streams answer with `X-Accel-Redirect: <this><key>` and nginx sends the bytes. */
  streamAccelRedirect: string | null;
  /**
   * How long nginx may reuse one stream authorisation (X-Accel-Expires on the hand-over), capped
   * by the token's or signed URL's own expiry; 0: never. Only a layout with proxy_cache uses it.
   */
  streamAccelCacheSeconds: number;
  /**
   * Where audio and images live: files under mediaDir, or objects in an S3-compatible bucket
   * (`s3` is also what `rhythmo storage migrate` copies to and from, when the bucket is set).
   * With presignedRedirect, streams answer 302 to a URL of the store valid for presignedTtlSeconds.
   */
  storage: { driver: 'local' | 's3'; s3: S3Config | null; presignedRedirect: boolean; presignedTtlSeconds: number };
  mail: { smtpUrl?: string; from: string };
  requireEmailVerification: boolean;
  corsOrigins: string[];
  trustProxy: boolean | number | string;
  bootstrapAdmin?: { email: string; password: string };
  logLevel: string;
  jsonBodyLimit: string;
  /** Bearer token /metrics asks for; without one, /metrics is open outside production and absent in it. */
  metricsToken?: string;
  /** Folders a library scan (Subsonic startScan) imports, absolute; empty when none are set. */
  libraryDirs: string[];
  maxUploadBytes: number;
  maxImageBytes: number;
  seedDemo: boolean;
  passwordHashMemoryKib: number;
  /**
   * Login, registration and password-reset attempts per window: strict per account (login name or
   * email), generous per client address; a successful login gives its address attempt back.
   */
  rateLimit: { accountPerWindow: number; addressPerWindow: number; windowSeconds: number };
  /**
   * When set, the attempt counters above live in this Redis (every host counts together), ahead
   * of PostgreSQL's table; keyPrefix starts every key, so deployments can share one Redis.
   */
  redis: { url: string; keyPrefix: string } | null;
  /** HTTP worker processes of `rhythmo serve` (node:cluster); 1 serves from the one process. */
  workers: number;
  /** When a stored play counts (statistics, play counts, recommendations): the scrobble rule's thresholds. */
  playCount: { minMs: number; maxMs: number; fraction: number };
  /**
   * Transcoding: the ffmpeg binary (missing: originals only), the disk cache of finished encodes
   * and its size cap (least recently used go first), and how many ffmpeg processes run at once.
   */
  transcode: { ffmpegPath: string; cacheDir: string; cacheBytes: number; maxConcurrent: number };
  /**
   * Background jobs: whether `serve` runs them (a `worker` always does), how often an idle process
   * looks for work, the cron schedules (UTC; null: off), the encoding new tracks are warmed in
   * (null: none), and how often a refused mail is tried again.
   */
  jobs: {
    run: boolean;
    pollMs: number;
    recommendSchedule: string | null;
    libraryScanSchedule: string | null;
    warmFormat: 'mp3' | 'opus' | 'ogg' | 'aac' | null;
    mailRetries: number;
  };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const name = issue.path.join('.') || 'environment';
  return `Invalid configuration: ${name} ${issue.message}`;
}

/** A development secret is made once and kept, so restarting does not log everyone out. */
function developmentSecret(dataDir: string, name = 'jwt-secret'): string {
  const file = path.join(dataDir, 'secrets', name);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const secret = randomBytes(48).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(blanksRemoved);
  if (!parsed.success) throw new ConfigError(firstIssue(parsed.error));
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  const timeouts = { acquireMs: env.DB_ACQUIRE_TIMEOUT_MS, connectMs: env.DB_CONNECT_TIMEOUT_MS, statementMs: env.DB_STATEMENT_TIMEOUT_MS };
  const database: DatabaseConfig =
    env.DATABASE_URL && !env.DATABASE_URL.startsWith('sqlite:')
      ? { dialect: 'postgres', url: env.DATABASE_URL, poolMax: env.DB_POOL_MAX, timeouts }
      : {
          dialect: 'sqlite',
          storage: env.DATABASE_URL ? env.DATABASE_URL.replace(/^sqlite:(\/\/)?/, '') : path.join(dataDir, 'rhythmo.sqlite'),
          poolMax: 1,
          timeouts,
        };
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    publicAppUrl: env.PUBLIC_APP_URL ? env.PUBLIC_APP_URL.replace(/\/$/, '') : null,
    dataDir,
    mediaDir: path.join(dataDir, 'media'),
    outboxDir: path.join(dataDir, 'outbox'),
    database,
    jwt: {
      secret: env.JWT_SECRET ?? developmentSecret(dataDir),
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    },
    apiKeySecret: env.API_KEY_SECRET ?? developmentSecret(dataDir, 'api-key-secret'),
    streamUrlTtlSeconds: env.STREAM_URL_TTL_SECONDS,
    streamAccelRedirect: env.STREAM_ACCEL_REDIRECT ?? null,
    streamAccelCacheSeconds: env.STREAM_ACCEL_CACHE_SECONDS,
    storage: {
      driver: env.STORAGE,
      s3: env.S3_BUCKET
        ? {
            endpoint: env.S3_ENDPOINT?.replace(/\/$/, ''),
            bucket: env.S3_BUCKET,
            region: env.S3_REGION,
            credentials: env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } : undefined,
            forcePathStyle: env.S3_FORCE_PATH_STYLE,
          }
        : null,
      presignedRedirect: env.S3_PRESIGNED_REDIRECT,
      presignedTtlSeconds: env.S3_PRESIGNED_TTL_SECONDS,
    },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    requireEmailVerification: env.REQUIRE_EMAIL_VERIFICATION,
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    bootstrapAdmin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    logLevel: env.LOG_LEVEL,
    jsonBodyLimit: env.JSON_BODY_LIMIT,
    metricsToken: env.METRICS_TOKEN,
    libraryDirs: (env.LIBRARY_DIRS ?? '').split(',').map((d) => d.trim()).filter(Boolean).map((d) => path.resolve(d)),
    maxUploadBytes: env.MAX_UPLOAD_MB * 1024 * 1024,
    maxImageBytes: env.MAX_IMAGE_MB * 1024 * 1024,
    seedDemo: env.SEED_DEMO ?? (database.dialect === 'sqlite' && env.NODE_ENV === 'development'),
    passwordHashMemoryKib: env.PASSWORD_HASH_MEMORY_KIB,
    rateLimit: {
      accountPerWindow: env.RATE_LIMIT_ACCOUNT_PER_WINDOW ?? env.RATE_LIMIT_AUTH_PER_WINDOW ?? 10,
      addressPerWindow: env.RATE_LIMIT_ADDRESS_PER_WINDOW ?? env.RATE_LIMIT_AUTH_PER_WINDOW ?? 300,
      windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    },
    redis: env.REDIS_URL ? { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX } : null,
    workers: env.WORKERS,
    playCount: { minMs: env.PLAY_COUNT_MIN_SECONDS * 1000, maxMs: env.PLAY_COUNT_MAX_SECONDS * 1000, fraction: env.PLAY_COUNT_FRACTION },
    transcode: {
      ffmpegPath: env.FFMPEG_PATH,
      cacheDir: path.join(dataDir, 'cache', 'transcodes'),
      cacheBytes: env.TRANSCODE_CACHE_MB * 1024 * 1024,
      maxConcurrent: env.TRANSCODE_MAX_CONCURRENT ?? os.availableParallelism(),
    },
    jobs: {
      run: env.JOBS,
      pollMs: env.JOBS_POLL_MS,
      recommendSchedule: env.RECOMMEND_SCHEDULE ?? null,
      libraryScanSchedule: env.LIBRARY_SCAN_SCHEDULE ?? null,
      warmFormat: env.TRANSCODE_WARM === 'off' ? null : env.TRANSCODE_WARM,
      mailRetries: env.MAIL_RETRIES,
    },
  };
}
