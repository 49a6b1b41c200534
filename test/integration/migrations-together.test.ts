import { cliDatabase, type CliDatabase } from '../support/cli.js';
import { loadConfig } from '../../src/config/index.js';
import { createDatabase, type Database } from '../../src/db/index.js';
import { migrations } from '../../src/db/migrations/index.js';

// Hosts started together on a new PostgreSQL database each migrate it; without a lock the
// second one failed on a relation the first had just created. (SQLite has one server process.)
let fresh: CliDatabase;
const opened: Database[] = [];

beforeAll(async () => {
  fresh = await cliDatabase('migrate');
});
afterAll(async () => {
  for (const db of opened) await db.close();
  await fresh.drop();
});

it('three processes migrating a new database at once take turns: each migration runs once, and all succeed', async () => {
  const config = loadConfig({ ...fresh.env, LOG_LEVEL: 'silent' });
  const dbs = [1, 2, 3].map(() => createDatabase(config.database));
  opened.push(...dbs);
  const ran = await Promise.all(dbs.map((db) => db.migrate()));
  expect(ran.flat().sort()).toEqual(migrations.map((m) => m.name).sort());
  expect((await dbs[0].migrationStatus()).pending).toEqual([]);
}, 60_000);
