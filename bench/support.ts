import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadConfig, type Config } from '../src/config/index.js';
import pg from 'pg';
import { buildIsFresh } from '../test/support/build.js';

/** Creates the benchmark's PostgreSQL database if missing; refuses names without "bench", since benchmarks wipe it. */
export async function ensureBenchDatabase(url: string): Promise<void> {
  if (!url.startsWith('postgres')) throw new Error('this benchmark runs on PostgreSQL: set its database URL to postgres://...');
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('bench')) throw new Error(`refusing to wipe ${name}: the benchmark database's name must contain "bench"`);
  const admin = new pg.Client({ connectionString: url.replace(/\/[^/?]*(\?|$)/, '/postgres$1') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A production-mode configuration on the benchmark database, with a throwaway DATA_DIR and cheap test hashing. */
export function benchConfig(url: string, extra: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-bench-')),
    DATABASE_URL: url,
    DB_POOL_MAX: '10',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    PASSWORD_HASH_MEMORY_KIB: '1024',
    RATE_LIMIT_AUTH_PER_WINDOW: '10000',
    // Building a large catalog ends with VACUUM ANALYZE, minutes on a busy machine.
    DB_STATEMENT_TIMEOUT_MS: '600000',
    ...extra,
  });
}

/**
 * Builds dist/ unless it is newer than every source file: benchmarks that run Rhythmo in a
 * child process run the build, as `npx rhythmo` does, not the sources through a loader.
 */
export function ensureBuild(root = process.cwd()): void {
  if (buildIsFresh(root)) return;
  console.log('Building dist/ (npm run build) ...');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}
