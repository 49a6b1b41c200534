import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** Where this jest worker's tests keep their data: one PostgreSQL database per worker, or a fresh SQLite file per test file. */
export async function testDatabaseUrl(): Promise<{ url: string; dataDir: string; dialect: 'postgres' | 'sqlite' }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rhythmo-test-'));
  const base = process.env.DATABASE_URL;
  if (!base || base.startsWith('sqlite')) {
    return { url: `sqlite:${path.join(dataDir, 'test.sqlite')}`, dataDir, dialect: 'sqlite' };
  }
  const worker = process.env.JEST_WORKER_ID ?? '1';
  const parsed = new URL(base);
  const name = `${parsed.pathname.slice(1) || 'rhythmo_test'}_r${process.env.RHYTHMO_TEST_RUN ?? process.ppid}_w${worker}`;
  const admin = new pg.Client({ connectionString: base.replace(/\/[^/?]*(\?|$)/, '/postgres$1') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${name}"`).catch((e: { code?: string }) => {
      if (e.code !== '42P04') throw e;
    });
  } finally {
    await admin.end();
  }
  parsed.pathname = `/${name}`;
  return { url: parsed.toString(), dataDir, dialect: 'postgres' };
}
