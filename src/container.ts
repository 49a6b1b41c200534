import path from 'node:path';
import type { Config } from './config/index.js';
import { createDatabase, type Database } from './db/index.js';
import { createLogger, type Logger } from './shared/logger.js';
import { createMailer, type Mailer } from './shared/mailer.js';
import { systemClock, type Clock } from './shared/clock.js';
import { SequelizeUserRepository, UserService } from './modules/users/index.js';
import { AccessTokens, Argon2Hasher, AuthService, EmailLinks, PgRateLimiter, RateLimiter, RedisRateLimiter, rateLimits, SequelizeAuthRepository, Sessions, type AttemptLimiter, type PasswordHasher } from './modules/auth/index.js';
import { SequelizeStatsRepository, StatsService } from './modules/stats/index.js';
import { AnnouncementService, SequelizeAnnouncementRepository } from './modules/announcements/index.js';
import { CoverArtService, MediaService, ProbePool, SequelizeStoredKeysRepository, StorageMigrationService, openStorage, type Storage } from './modules/media/index.js';
import { TranscodeCache, Transcoder } from './modules/media/index.js';
import { BrowseService, SequelizeCatalogRepository, CatalogService, SequelizeCatalogViewsRepository, SequelizeBrowseRepository, SequelizeSearchRepository } from './modules/catalog/index.js';
import { PlaylistService, SequelizePlaylistRepository } from './modules/playlists/index.js';
import { LibraryService, SequelizeLibraryRepository } from './modules/library/index.js';
import { RatingService, SequelizeRatingRepository } from './modules/ratings/index.js';
import { FollowService, SequelizeFollowRepository } from './modules/follows/index.js';
import { PlayService, SequelizePlayRepository } from './modules/plays/index.js';
import { ImportService, LibraryScan, SequelizeImportSourceRepository, importMediaPort, mediaTags } from './modules/imports/index.js';
import { RecommendationService, SequelizeRecommendationRepository, SequelizeSynthRepository } from './modules/recommendations/index.js';
import { ApiKeyCipher, ApiKeyService, SequelizeApiKeyRepository } from './modules/apikeys/index.js';
import { PlayQueueService, SequelizePlayQueueRepository } from './modules/playqueue/index.js';
import { JobsService, QueuedMailer, SequelizeJobRunRepository, jobHandlers, kindSpecs, openQueue, type JobQueue } from './modules/jobs/index.js';
import { PgNotifications } from './db/notifications.js';
import { shareThroughPostgres } from './cluster/postgres.js';

export interface Services {
  users: UserService;
  auth: AuthService;
  stats: StatsService;
  announcements: AnnouncementService;
  catalog: CatalogService;
  /** The catalog read by position with the caller's marks, as Subsonic apps read it. */
  browse: BrowseService;
  playlists: PlaylistService;
  library: LibraryService;
  ratings: RatingService;
  follows: FollowService;
  plays: PlayService;
  media: MediaService;
  /** Pictures by Subsonic coverArt id, resized on request and kept on disk. */
  coverArt: CoverArtService;
  /** `rhythmo storage migrate`: the library copied between local disk and the object store. */
  storageMigration: StorageMigrationService;
  imports: ImportService;
  recommendations: RecommendationService;
  apiKeys: ApiKeyService;
  playQueue: PlayQueueService;
  libraryScan: LibraryScan;
  /** Background jobs: queuing recommendation runs and library scans, and their state. */
  jobs: JobsService;
}

/** Everything the doors need, built once: config -> db -> repositories -> services. */
export interface Container {
  config: Config;
  logger: Logger;
  db: Database;
  clock: Clock;
  mailer: Mailer;
  tokens: AccessTokens;
  /** Audio and images by content key: local disk under config.mediaDir, or an S3-compatible bucket (STORAGE). */
  storage: Storage;
  services: Services;
  /**
   * On PostgreSQL: how this process hears the others (on this host and on other hosts). Null on
   * SQLite, where the processes of one server hear each other through the cluster's primary.
   */
  notifications: PgNotifications | null;
  /** Starts hearing the other processes (PostgreSQL; nothing on SQLite): what a server does before it listens. */
  listen(): Promise<void>;
  /** pg-boss on PostgreSQL, the job_runs table on SQLite; close() stops it. */
  jobQueue: JobQueue;
  /** Runs background jobs in this process (serve unless JOBS=false or --no-jobs, and `rhythmo worker`). */
  runJobs(): Promise<void>;
  close(): Promise<void>;
}

export interface ContainerOverrides {
  logger?: Logger;
  mailer?: Mailer;
  clock?: Clock;
  hasher?: PasswordHasher;
  /** The login/registration and API key limiter; a cluster worker's on SQLite asks the primary. */
  limiter?: AttemptLimiter;
}

export function createContainer(config: Config, overrides: ContainerOverrides = {}): Container {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const db = createDatabase(config.database, logger);
  const clock = overrides.clock ?? systemClock;
  const jobRuns = new SequelizeJobRunRepository(db);
  const jobQueue = openQueue({
    dialect: config.database.dialect,
    url: config.database.url,
    repo: jobRuns,
    clock,
    logger,
    specs: kindSpecs(config.jobs.mailRetries),
    pollMs: config.jobs.pollMs,
  });
  const transport = overrides.mailer ?? createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, outboxDir: config.outboxDir, logger });
  // An SMTP server may refuse for a while: its mail goes through the queue and is retried. The
  // outbox folder (no SMTP_URL) and a caller's own mailer are written to directly.
  const mailer = !overrides.mailer && config.mail.smtpUrl ? new QueuedMailer(jobQueue) : transport;
  const hasher = overrides.hasher ?? new Argon2Hasher(config.passwordHashMemoryKib);
  const tokens = new AccessTokens({
    secret: config.jwt.secret,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlSeconds: config.jwt.accessTtlSeconds,
  });

  const storage = openStorage(config.storage.driver, config.mediaDir, config.storage.s3);
  const usersRepo = new SequelizeUserRepository(db);
  const authRepo = new SequelizeAuthRepository(db);
  const sessions = new Sessions(authRepo);
  // With REDIS_URL the counters live in Redis, else on PostgreSQL in the database: every process on every host counts together.
  const now = () => clock.now().getTime();
  const redisLimiter = config.redis && !overrides.limiter ? new RedisRateLimiter(rateLimits(config.rateLimit), { ...config.redis, timeoutMs: config.database.timeouts.connectMs }) : null;
  const limiter =
    overrides.limiter ??
    redisLimiter ??
    (db.dialect === 'postgres' ? new PgRateLimiter(db.sequelize, rateLimits(config.rateLimit), now) : new RateLimiter(rateLimits(config.rateLimit), now));
  const links = new EmailLinks({ repo: authRepo, mailer, clock, linkBase: config.publicAppUrl ?? config.publicUrl });
  const users = new UserService({ users: usersRepo, hasher, sessions, clock, emailChanges: links });
  const auth = new AuthService({
    users: usersRepo,
    usersService: users,
    repo: authRepo,
    sessions,
    hasher,
    tokens,
    limiter,
    links,
    clock,
    refreshTtlDays: config.jwt.refreshTtlDays,
    requireEmailVerification: config.requireEmailVerification,
    logger,
  });
  const stats = new StatsService({ repo: new SequelizeStatsRepository(db), clock });
  const announcements = new AnnouncementService({ repo: new SequelizeAnnouncementRepository(db) });
  const catalogRepo = new SequelizeCatalogRepository(db);
  const search = new SequelizeSearchRepository(db);
  // Set once the media service exists: deleted files make the remembered track look-ups go.
  let filesGone: (keys: string[]) => void = () => undefined;
  const catalog = new CatalogService({
    repo: catalogRepo,
    views: new SequelizeCatalogViewsRepository(db),
    search,
    transaction: (fn) => db.transaction(fn),
    files: {
      delete: async (keys) => {
        await storage.delete(keys);
        filesGone(keys);
      },
    },
    users: usersRepo,
    logger,
  });
  const browse = new BrowseService({ repo: new SequelizeBrowseRepository(db), catalog, search, findGenreByName: (name) => catalogRepo.findGenreByName(name) });

  const playlists = new PlaylistService({ repo: new SequelizePlaylistRepository(db), db, tracks: catalog, clock });
  const library = new LibraryService({ repo: new SequelizeLibraryRepository(db), catalog, clock });
  const ratings = new RatingService({ repo: new SequelizeRatingRepository(db), db, clock });
  const follows = new FollowService({ repo: new SequelizeFollowRepository(db), catalog, clock });
  const plays = new PlayService({ repo: new SequelizePlayRepository(db), tracks: catalog, clock, countRule: config.playCount });
  const playQueue = new PlayQueueService({ repo: new SequelizePlayQueueRepository(db), db, tracks: catalog, clock });
  const media = new MediaService({
    storage,
    catalog,
    playlists,
    actorFor: (userId) => auth.actorFor(userId),
    clock,
    logger,
    streamSecret: config.jwt.secret,
    streamUrlTtlSeconds: config.streamUrlTtlSeconds,
    maxImageBytes: config.maxImageBytes,
    redirectTtlSeconds: config.storage.presignedRedirect ? config.storage.presignedTtlSeconds : null,
    trackAdded: config.jobs.warmFormat ? (track) => queueWarm([track.id]) : undefined,
    transcoder: new Transcoder({
      ffmpegPath: config.transcode.ffmpegPath,
      cache: new TranscodeCache(config.transcode.cacheDir, config.transcode.cacheBytes, logger, storage.derived),
      maxConcurrent: config.transcode.maxConcurrent,
      logger,
    }),
  });
  const coverArt = new CoverArtService({ media, cacheDir: path.join(config.dataDir, 'cache', 'covers'), shared: storage.derived, avatarKeyOf: (actor, username) => users.avatarKey(actor, username), logger });
  const storageMigration = new StorageMigrationService({
    keys: new SequelizeStoredKeysRepository(db),
    drivers: () => ({ local: openStorage('local', config.mediaDir, null), s3: config.storage.s3 && openStorage('s3', config.mediaDir, config.storage.s3) }),
    clock,
  });
  const imports = new ImportService({
    media: importMediaPort,
    tags: mediaTags,
    catalog,
    users,
    sources: new SequelizeImportSourceRepository(db),
    storage,
    maxImageBytes: config.maxImageBytes,
    clock,
    probeThreads: (threads) => ProbePool.start(threads),
  });
  const libraryScan = new LibraryScan({ imports, dirs: config.libraryDirs, clock, logger });

  const recommendations = new RecommendationService({ repo: new SequelizeRecommendationRepository(db), synthRepo: new SequelizeSynthRepository(db), clock, tracks: catalog });

  const jobs = new JobsService({ queue: jobQueue, repo: jobRuns });
  const queueWarm = (trackIds: string[]) =>
    void jobQueue.enqueue('transcode.warm', { trackIds }).catch((err: unknown) => logger.warn({ err, trackIds }, 'transcode warm-up not queued'));
  const handlers = () =>
    jobHandlers({
      recommendations,
      imports,
      media,
      mailer: transport,
      libraryDirs: config.libraryDirs,
      warmFormat: config.jobs.warmFormat,
      enqueue: (kind, data) => jobQueue.enqueue(kind, data),
      logger,
    });

  const notifications = config.database.dialect === 'postgres' ? new PgNotifications(config.database.url, db.sequelize, logger, { connectMs: config.database.timeouts.connectMs }) : null;
  if (notifications) {
    filesGone = shareThroughPostgres({ notifications, announcements, sessions, caches: media, logger }).storedFilesGone;
  } else {
    filesGone = () => media.forgetStoredFiles();
    sessions.onEnd((end) => media.forgetUser(end.userId));
  }

  const apiKeys = new ApiKeyService({
    repo: new SequelizeApiKeyRepository(db),
    db,
    cipher: new ApiKeyCipher(config.apiKeySecret),
    limiter,
    clock,
  });

  return {
    config,
    logger,
    db,
    clock,
    mailer,
    tokens,
    storage,
    services: { users, auth, stats, announcements, catalog, browse, playlists, library, ratings, follows, plays, media, coverArt, storageMigration, imports, recommendations, apiKeys, playQueue, libraryScan, jobs },
    notifications,
    listen: async () => {
      if (!notifications) return;
      await announcements.startFromLatest();
      await notifications.listen();
    },
    jobQueue,
    runJobs: () =>
      jobQueue.work(handlers(), {
        schedules: {
          ...(config.jobs.recommendSchedule && { 'recommendations.run': config.jobs.recommendSchedule }),
          ...(config.jobs.libraryScanSchedule && { 'imports.scan': config.jobs.libraryScanSchedule }),
        },
      }),
    close: async () => {
      // Mail promised by answers already given goes out (or is queued) before the database closes.
      await auth.settled();
      await jobQueue.stop();
      await libraryScan.settled();
      announcements.closeStreams();
      sessions.close();
      await notifications?.close();
      await redisLimiter?.close();
      await db.close();
    },
  };
}
