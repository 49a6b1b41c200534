import fs from 'node:fs';
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { Sequelize } from 'sequelize-typescript';
import type { Umzug } from 'umzug';
import { Transaction, type QueryInterface } from 'sequelize';
import type { DatabaseConfig } from '../config/index.js';
import type { Logger } from '../shared/logger.js';
import { models } from './models.js';
import { sqliteDriver } from './sqlite-driver.js';
import { migrations } from './migrations/index.js';
import { reportUnavailableStore } from './unavailable.js';
import { closeRawReads } from './raw-query.js';

/** pg_advisory_lock key that migrations hold on PostgreSQL (any constant; this one spells "rhythmo"). */
const MIGRATION_LOCK = 0x7268796d;

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  sequelize: Sequelize;
  dialect: Dialect;
  migrate(): Promise<string[]>;
  migrationStatus(): Promise<{ executed: string[]; pending: string[] }>;
  /** Drops everything and migrates from scratch. */
  reset(): Promise<void>;
  transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** What a service needs to run several writes as one: the database's transaction, nothing else. */
export type Transactor = Pick<Database, 'transaction'>;

export function createDatabase(config: DatabaseConfig, logger?: Logger): Database {
  const logging = logger && logger.isLevelEnabled('trace') ? (sql: string) => logger.trace({ sql }) : false;
  let sequelize: Sequelize;
  if (config.dialect === 'sqlite') {
    if (config.storage !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(config.storage)), { recursive: true });
    sequelize = new Sequelize({
      dialect: 'sqlite',
      dialectModule: sqliteDriver,
      storage: config.storage,
      models,
      logging,
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
  } else {
    sequelize = openPostgres(config, { models, logging });
  }
  const dialect = config.dialect;

  // Migrations may rebuild large tables for longer than the statement bound allows a request:
  // on PostgreSQL they run on a connection of their own without it. (No models there: a model
  // class belongs to the one instance it was added to.)
  // On PostgreSQL they also hold a session advisory lock on that one connection: hosts started
  // together on a new database take turns, and the later ones find nothing left to run.
  const withMigrator = async <T>(fn: (umzug: Umzug<QueryInterface>, on: Sequelize) => Promise<T>): Promise<T> => {
    if (config.dialect !== 'postgres') return fn(await migrator(sequelize), sequelize);
    const on = openPostgres({ ...config, poolMax: 1, timeouts: { ...config.timeouts, statementMs: 0 } }, { logging });
    try {
      await on.query('SELECT pg_advisory_lock($1)', { bind: [MIGRATION_LOCK] });
      return await fn(await migrator(on), on);
    } finally {
      await on.close();
    }
  };

  let pragmasSet: Promise<void> | undefined;
  let writerQueue: Promise<void> = Promise.resolve();
  const inTransaction = new AsyncLocalStorage<boolean>();
  const ready = () =>
    (pragmasSet ??=
      dialect === 'sqlite'
        ? (async () => {
            await sequelize.query('PRAGMA journal_mode = WAL');
            await sequelize.query('PRAGMA synchronous = NORMAL');
          })()
        : Promise.resolve());

  return {
    sequelize,
    dialect,
    async migrate() {
      await ready();
      const done = await withMigrator((umzug) => umzug.up());
      return done.map((m) => m.name);
    },
    async migrationStatus() {
      await ready();
      // One after the other: on a new database each call creates the migration log, and two
      // concurrent CREATE TABLEs on PostgreSQL collide ("Validation error").
      const [executed, pending] = await withMigrator(async (umzug) => [await umzug.executed(), await umzug.pending()] as const);
      return { executed: executed.map((m) => m.name), pending: pending.map((m) => m.name) };
    },
    async reset() {
      await ready();
      if (dialect === 'postgres') {
        await withMigrator(async (umzug, on) => {
          await on.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
          await umzug.up();
        });
        return;
      }
      await sequelize.query('PRAGMA foreign_keys = OFF');
      const [rows] = await sequelize.query(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%'",
      );
      for (const { name, type } of rows as { name: string; type: string }[]) {
        await sequelize.query(`DROP ${type === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS "${name}"`).catch(() => undefined);
      }
      await sequelize.query('PRAGMA foreign_keys = ON');
      await withMigrator((umzug) => umzug.up());
    },
    async transaction(fn) {
      await ready();
      if (dialect !== 'sqlite' || inTransaction.getStore()) return sequelize.transaction(fn);
      // node-sqlite3 waits for a locked database on libuv's small thread pool: a handful of
      // writers queued there can starve the one holding the lock. Queue them here instead.
      // Once the transaction is over the storage is disabled again: while any AsyncLocalStorage
      // is enabled, Node 20 runs its hooks for every promise and callback in the process (a
      // tenth of a stream request's CPU). The next transaction enables it again; the queue runs
      // one at a time, so none is running when it is disabled.
      const turn = writerQueue.then(() => inTransaction.run(true, () => sequelize.transaction(fn)).finally(() => inTransaction.disable()));
      writerQueue = turn.then(
        () => undefined,
        () => undefined,
      );
      return turn;
    },
    // Bounded by the connect, acquire and statement timeouts; readiness adds a tighter one of its own.
    async ping() {
      await sequelize.query('SELECT 1');
    },
    async close() {
      await closeRawReads(sequelize);
      await sequelize.close();
    },
  };
}

/** umzug (and the command-line toolkit it brings) is loaded when migrations are looked at, not by every process. */
async function migrator(sequelize: Sequelize): Promise<Umzug<QueryInterface>> {
  const { Umzug, SequelizeStorage } = await import('umzug');
  return new Umzug({
    migrations: migrations.map((m) => ({ name: m.name, up: m.up, down: m.down })),
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

type Logging = false | ((sql: string) => void);

/**
 * PostgreSQL with every wait bounded, so a server that is down or frozen costs a request a few
 * seconds and a StoreUnavailableError, never a hang: the pool's acquire timeout, the connect
 * timeout, and the statement timeout twice. statement_timeout has a healthy server cancel a slow
 * statement itself (the connection stays usable); query_timeout, a second later, is the client
 * giving up on a server that cannot answer at all (Sequelize then discards the connection).
 */
function openPostgres(config: Extract<DatabaseConfig, { dialect: 'postgres' }>, options: { models?: typeof models; logging: Logging }): Sequelize {
  const { acquireMs, connectMs, statementMs } = config.timeouts;
  const sequelize = new Sequelize(config.url, {
    dialect: 'postgres',
    ...options,
    pool: { max: config.poolMax, min: 0, idle: 10_000, acquire: acquireMs },
    dialectOptions: {
      connectionTimeoutMillis: connectMs,
      ...(statementMs > 0 && { statement_timeout: statementMs, query_timeout: statementMs + 1000 }),
    },
  });
  reportUnavailableStore(sequelize);
  return sequelize;
}
