import pg from 'pg';

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
