import pg from 'pg';

/** Drops the PostgreSQL databases this run created. */
export default async function globalTeardown(): Promise<void> {
  const base = process.env.DATABASE_URL;
  const run = process.env.RHYTHMO_TEST_RUN;
  if (!base || base.startsWith('sqlite') || !run) return;
  const admin = new pg.Client({ connectionString: base.replace(/\/[^/?]*(\?|$)/, '/postgres$1') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`%\\_r${run}\\_w%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
