import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/index.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-config-'));

describe('loadConfig', () => {
  it('defaults to SQLite under DATA_DIR and port 3000', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.port).toBe(3000);
    expect(c.database).toMatchObject({ dialect: 'sqlite', storage: path.join(dir, 'rhythmo.sqlite') });
    expect(c.seedDemo).toBe(true);
  });

  it('reads the worker count (auto = one per core) and the nginx hand-off location', () => {
    expect(loadConfig({ DATA_DIR: tmp() })).toMatchObject({ workers: 1, streamAccelRedirect: null, streamAccelCacheSeconds: 5 });
    expect(loadConfig({ DATA_DIR: tmp(), STREAM_ACCEL_CACHE_SECONDS: '0' }).streamAccelCacheSeconds).toBe(0);
    expect(loadConfig({ DATA_DIR: tmp(), WORKERS: 'auto' }).workers).toBe(os.availableParallelism());
    expect(loadConfig({ DATA_DIR: tmp(), WORKERS: '3', STREAM_ACCEL_REDIRECT: '/_protected/media/' })).toMatchObject({ workers: 3, streamAccelRedirect: '/_protected/media/' });
  });

  it('keeps media on local disk by default, and reads an S3-compatible bucket', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).storage).toEqual({ driver: 'local', s3: null, presignedRedirect: false, presignedTtlSeconds: 300 });
    const minio = loadConfig({
      DATA_DIR: tmp(),
      STORAGE: 's3',
      S3_ENDPOINT: 'http://minio:9000/',
      S3_BUCKET: 'rhythmo-media',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
      S3_PRESIGNED_REDIRECT: 'true',
      S3_PRESIGNED_TTL_SECONDS: '60',
    });
    expect(minio.storage).toEqual({
      driver: 's3',
      s3: { endpoint: 'http://minio:9000', bucket: 'rhythmo-media', region: 'us-east-1', credentials: { accessKeyId: 'key', secretAccessKey: 'secret' }, forcePathStyle: true },
      presignedRedirect: true,
      presignedTtlSeconds: 60,
    });
    // AWS itself: the region picks the endpoint, the SDK's own chain the credentials.
    expect(loadConfig({ DATA_DIR: tmp(), STORAGE: 's3', S3_BUCKET: 'media', S3_REGION: 'eu-west-1' }).storage.s3).toEqual({
      endpoint: undefined, bucket: 'media', region: 'eu-west-1', credentials: undefined, forcePathStyle: false,
    });
    // A bucket named while serving from disk is what `rhythmo storage migrate` copies to.
    expect(loadConfig({ DATA_DIR: tmp(), S3_BUCKET: 'media' }).storage).toMatchObject({ driver: 'local', s3: { bucket: 'media' } });
  });

  it('runs background jobs in serve with no schedule and no warm-up by default, and checks the cron schedules', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).jobs).toEqual({ run: true, pollMs: 2000, recommendSchedule: null, libraryScanSchedule: null, warmFormat: null, mailRetries: 5 });
    const set = loadConfig({ DATA_DIR: tmp(), JOBS: 'false', RECOMMEND_SCHEDULE: '0 3 * * *', LIBRARY_SCAN_SCHEDULE: '*/30 * * * * *', TRANSCODE_WARM: 'opus', MAIL_RETRIES: '2' }).jobs;
    expect(set).toMatchObject({ run: false, recommendSchedule: '0 3 * * *', libraryScanSchedule: '*/30 * * * * *', warmFormat: 'opus', mailRetries: 2 });
    for (const cron of ['nightly', '0 3', '61 * * * *']) expect(() => loadConfig({ DATA_DIR: tmp(), RECOMMEND_SCHEDULE: cron })).toThrow(/RECOMMEND_SCHEDULE/);
    expect(() => loadConfig({ DATA_DIR: tmp(), TRANSCODE_WARM: 'flac' })).toThrow(/TRANSCODE_WARM/);
  });

  it('keeps the rate-limit counters out of Redis unless REDIS_URL names one', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).redis).toBeNull();
    expect(loadConfig({ DATA_DIR: tmp(), REDIS_URL: 'redis://cache:6379/2' }).redis).toEqual({ url: 'redis://cache:6379/2', keyPrefix: 'rhythmo' });
    expect(loadConfig({ DATA_DIR: tmp(), REDIS_URL: 'rediss://cache', REDIS_KEY_PREFIX: 'site-a' }).redis).toEqual({ url: 'rediss://cache', keyPrefix: 'site-a' });
    expect(() => loadConfig({ DATA_DIR: tmp(), REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ DATA_DIR: tmp(), REDIS_URL: 'redis://cache', REDIS_KEY_PREFIX: 'has space' })).toThrow(/REDIS_KEY_PREFIX/);
  });

  it('reads when a play counts: 30 s, 240 s and half the track by default', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).playCount).toEqual({ minMs: 30_000, maxMs: 240_000, fraction: 0.5 });
    const set = loadConfig({ DATA_DIR: tmp(), PLAY_COUNT_MIN_SECONDS: '0', PLAY_COUNT_MAX_SECONDS: '600', PLAY_COUNT_FRACTION: '0.9' });
    expect(set.playCount).toEqual({ minMs: 0, maxMs: 600_000, fraction: 0.9 });
  });

  it('bounds every wait on PostgreSQL by default, and reads the bounds', () => {
    const url = 'postgres://db.example/rhythmo';
    expect(loadConfig({ DATA_DIR: tmp(), DATABASE_URL: url }).database.timeouts).toEqual({ acquireMs: 5000, connectMs: 3000, statementMs: 5000 });
    const set = loadConfig({ DATA_DIR: tmp(), DATABASE_URL: url, DB_ACQUIRE_TIMEOUT_MS: '2000', DB_CONNECT_TIMEOUT_MS: '1000', DB_STATEMENT_TIMEOUT_MS: '0' });
    expect(set.database.timeouts).toEqual({ acquireMs: 2000, connectMs: 1000, statementMs: 0 });
    expect(() => loadConfig({ DATA_DIR: tmp(), DATABASE_URL: url, DB_ACQUIRE_TIMEOUT_MS: '0' })).toThrow(/DB_ACQUIRE_TIMEOUT_MS/);
    expect(() => loadConfig({ DATA_DIR: tmp(), DATABASE_URL: url, DB_STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(/DB_STATEMENT_TIMEOUT_MS/);
  });

  it('keeps a generated development secret across restarts', () => {
    const dir = tmp();
    const a = loadConfig({ DATA_DIR: dir });
    const b = loadConfig({ DATA_DIR: dir });
    expect(a.jwt.secret).toBe(b.jwt.secret);
    expect(Buffer.byteLength(a.jwt.secret)).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(dir, 'secrets', 'jwt-secret')).mode & 0o077).toBe(0);
  });

  it('keeps a generated API key secret across restarts, apart from the JWT secret, and takes a configured one', () => {
    const dir = tmp();
    const a = loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) });
    const b = loadConfig({ DATA_DIR: dir });
    expect(a.apiKeySecret).toBe(b.apiKeySecret);
    expect(a.apiKeySecret).not.toBe(b.jwt.secret);
    expect(Buffer.byteLength(a.apiKeySecret)).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(dir, 'secrets', 'api-key-secret')).mode & 0o077).toBe(0);
    expect(loadConfig({ DATA_DIR: tmp(), API_KEY_SECRET: 'k'.repeat(32) }).apiKeySecret).toBe('k'.repeat(32));
    expect(() => loadConfig({ DATA_DIR: tmp(), API_KEY_SECRET: 'short' })).toThrow(/API_KEY_SECRET/);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ ADMIN_EMAIL: 'a@example.com' }, /ADMIN_PASSWORD/],
    [{ REQUIRE_EMAIL_VERIFICATION: 'maybe' }, /REQUIRE_EMAIL_VERIFICATION/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ WORKERS: '0' }, /WORKERS/],
    [{ STREAM_ACCEL_CACHE_SECONDS: '-1' }, /STREAM_ACCEL_CACHE_SECONDS/],
    [{ STREAM_ACCEL_CACHE_SECONDS: '301' }, /STREAM_ACCEL_CACHE_SECONDS/],
    [{ WORKERS: 'many' }, /WORKERS/],
    [{ STREAM_ACCEL_REDIRECT: '_protected' }, /STREAM_ACCEL_REDIRECT/],
    [{ STREAM_ACCEL_REDIRECT: '/a/../b/' }, /STREAM_ACCEL_REDIRECT/],
    [{ PLAY_COUNT_FRACTION: '0' }, /PLAY_COUNT_FRACTION/],
    [{ PLAY_COUNT_FRACTION: '1.5' }, /PLAY_COUNT_FRACTION/],
    [{ PLAY_COUNT_MIN_SECONDS: '-1' }, /PLAY_COUNT_MIN_SECONDS/],
    [{ PLAY_COUNT_MAX_SECONDS: '0' }, /PLAY_COUNT_MAX_SECONDS/],
    [{ STORAGE: 'ftp' }, /STORAGE/],
    [{ STORAGE: 's3' }, /S3_BUCKET/],
    [{ STORAGE: 's3', S3_BUCKET: 'Not_A_Bucket' }, /S3_BUCKET/],
    [{ STORAGE: 's3', S3_BUCKET: 'media', S3_ENDPOINT: 'minio:9000' }, /S3_ENDPOINT/],
    [{ STORAGE: 's3', S3_BUCKET: 'media', S3_ENDPOINT: 'http://minio:9000/media' }, /S3_ENDPOINT/],
    [{ STORAGE: 's3', S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'key' }, /S3_SECRET_ACCESS_KEY/],
    [{ STORAGE: 's3', S3_BUCKET: 'media', S3_PRESIGNED_TTL_SECONDS: '0' }, /S3_PRESIGNED_TTL_SECONDS/],
    [{ S3_PRESIGNED_REDIRECT: 'true' }, /S3_PRESIGNED_REDIRECT/],
    [{ STORAGE: 's3', S3_BUCKET: 'media', STREAM_ACCEL_REDIRECT: '/_protected/media/' }, /STREAM_ACCEL_REDIRECT needs STORAGE=local/],
  ])('stops on %j with one line naming the variable', (env, name) => {
    const run = () => loadConfig({ DATA_DIR: tmp(), ...env });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(name);
    try {
      run();
    } catch (e) {
      expect((e as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('reads PostgreSQL and production settings', () => {
    const c = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), DATABASE_URL: 'postgres://u@h/db', CORS_ORIGINS: 'https://a.example, https://b.example', TRUST_PROXY: '1' });
    expect(c.database).toMatchObject({ dialect: 'postgres', url: 'postgres://u@h/db' });
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(c.trustProxy).toBe(1);
    expect(c.seedDemo).toBe(false);
  });
});
