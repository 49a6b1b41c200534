import sqlite3 from 'sqlite3';
import { ConnectionAcquireTimeoutError, type Sequelize } from 'sequelize';
import { StoreUnavailableError } from '../shared/errors.js';
import { isUnreachable, isUnreachableCause } from './unavailable.js';

/**
 * Hand-written reads outside a transaction, straight through the driver: the statement text and
 * its bind parameters ($1, $2, ...) go to the connection as they are, and the rows come back as
 * the driver gives them, which is what sequelize.query answers for a raw SELECT too. What this
 * skips is Sequelize's own work per statement (its option handling, hooks, bind rewriting and a
 * stack trace built for every query), a few per cent of a by-id read's CPU.
 *
 * PostgreSQL: a connection from Sequelize's pool, so the pool's size and acquire timeout, the
 * statement and query timeouts and Sequelize's type parsers all still apply; each text is a
 * named (prepared) statement, see postgresReads; a connection that
 * failed is marked so the pool drops it, and a server that cannot answer is a
 * StoreUnavailableError as everywhere else.
 *
 * SQLite: Sequelize reads every statement outside a transaction through one connection, which
 * runs one statement at a time, so concurrent requests queue behind each other's reads. Reads
 * here go to a few read-only connections of their own (WAL: they see every committed write),
 * one statement each at a time, on libuv's threads side by side. An in-memory database has
 * only Sequelize's connection.
 */
export interface RawReads {
  select<T>(sql: string, bind: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

const READERS = 3;

type PgClient = {
  query(q: { name?: string; text: string; values: unknown[] }, cb: (err: Error | null, result: { rows: unknown[] }) => void): void;
  _invalid?: boolean;
};

/**
 * How many statement texts are prepared on every connection. The reads here have a fixed set of
 * texts (a few dozen); past this many, further texts run unnamed, so nothing grows without bound.
 */
const PREPARED_MAX = 200;

type Pool = {
  getConnection(o?: object): Promise<unknown>;
  releaseConnection(c: unknown): void | Promise<void>;
  pool: { acquire(type: 'SELECT'): Promise<unknown> };
};

const ports = new WeakMap<Sequelize, RawReads>();

/** The raw reads of a Sequelize instance, opened on first use. */
export function rawReads(sequelize: Sequelize): RawReads {
  let port = ports.get(sequelize);
  if (!port) {
    port = sequelize.getDialect() === 'postgres' ? postgresReads(sequelize) : sqliteReads(sequelize);
    ports.set(sequelize, port);
  }
  return port;
}

/** Closes the read connections of a Sequelize instance, if any were opened. */
export async function closeRawReads(sequelize: Sequelize): Promise<void> {
  await ports.get(sequelize)?.close();
  ports.delete(sequelize);
}

function postgresReads(sequelize: Sequelize): RawReads {
  const pool = sequelize.connectionManager as unknown as Pool;
  // Named statements: each connection parses a text once and then only binds and executes it,
  // and PostgreSQL keeps one plan for a statement whose plan does not depend on its values
  // (a by-id read), where an unnamed one is parsed and planned on every execution.
  const names = new Map<string, string>();
  const nameOf = (sql: string): string | undefined => {
    let name = names.get(sql);
    if (!name && names.size < PREPARED_MAX) names.set(sql, (name = `rhythmo_read_${names.size + 1}`));
    return name;
  };
  // Sequelize's getConnection awaits its two pool hooks around the pool's acquire, for every
  // statement. With no hook registered and the server's version known (Sequelize asks for it on
  // the first connection), the pool is asked directly, and what fails is what getConnection
  // would have thrown: an acquire timeout is Sequelize's error, an unreachable server a
  // StoreUnavailableError (reportUnavailableStore).
  const direct = () =>
    !sequelize.hasHook('beforePoolAcquire') && !sequelize.hasHook('afterPoolAcquire') && !!(sequelize as unknown as { options: { databaseVersion?: unknown } }).options.databaseVersion;
  const acquire = async (): Promise<PgClient> => {
    if (!direct()) return (await pool.getConnection({ type: 'SELECT' })) as PgClient;
    try {
      return (await pool.pool.acquire('SELECT')) as PgClient;
    } catch (err) {
      const e = err instanceof Error && err.constructor.name === 'TimeoutError' ? new ConnectionAcquireTimeoutError(err) : err;
      throw isUnreachable(e) ? new StoreUnavailableError({ cause: e }) : e;
    }
  };
  return {
    async select<T>(sql: string, bind: unknown[]) {
      const client = await acquire();
      try {
        const query = { name: nameOf(sql), text: sql, values: bind };
        return await new Promise<T[]>((resolve, reject) => client.query(query, (err, result) => (err ? reject(err) : resolve(result.rows as T[]))));
      } catch (err) {
        // What Sequelize's own query does with a connection that failed: the pool's validation drops it.
        const e = err as Error & { code?: string };
        if (e.code === 'ECONNRESET' || e.message === 'Query read timeout' || /Connection terminated|not queryable/.test(e.message)) client._invalid = true;
        throw isUnreachableCause(e) ? new StoreUnavailableError({ cause: err }) : err;
      } finally {
        await pool.releaseConnection(client);
      }
    },
    async close() {},
  };
}

function sqliteReads(sequelize: Sequelize): RawReads {
  const storage = (sequelize as unknown as { options: { storage?: string } }).options.storage ?? ':memory:';
  const pool = sequelize.connectionManager as unknown as Pool;
  const idle: sqlite3.Database[] = [];
  const waiting: ((db: sqlite3.Database) => void)[] = [];
  const all: Promise<sqlite3.Database>[] = [];
  const open = () =>
    new Promise<sqlite3.Database>((resolve, reject) => {
      const db = new sqlite3.Database(storage, sqlite3.OPEN_READONLY, (err) => (err ? reject(err) : resolve(db)));
      db.configure('busyTimeout', 15_000);
    });
  const acquire = async (): Promise<sqlite3.Database> => {
    const db = idle.pop();
    if (db) return db;
    if (all.length < READERS) {
      const opening = open();
      all.push(opening);
      try {
        return await opening;
      } catch (err) {
        all.splice(all.indexOf(opening), 1);
        throw err;
      }
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (db: sqlite3.Database) => {
    const next = waiting.shift();
    if (next) next(db);
    else idle.push(db);
  };
  const run = <T>(db: sqlite3.Database, sql: string, bind: unknown[]) => {
    // node-sqlite3 binds an array by position, and SQLite numbers $n parameters by first
    // appearance: by name, as Sequelize passes them, "$2" is always the second value.
    const named: Record<string, unknown> = {};
    bind.forEach((v, i) => (named[`$${i + 1}`] = typeof v === 'bigint' ? v.toString() : v));
    return new Promise<T[]>((resolve, reject) => db.all(sql, named, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
  };
  return {
    async select<T>(sql: string, bind: unknown[]) {
      if (storage === ':memory:' || storage === '') {
        const db = (await pool.getConnection({})) as sqlite3.Database;
        return run<T>(db, sql, bind);
      }
      const db = await acquire();
      try {
        return await run<T>(db, sql, bind);
      } finally {
        release(db);
      }
    },
    async close() {
      const opened = await Promise.allSettled(all.splice(0));
      idle.length = 0;
      await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? new Promise((resolve) => o.value.close(resolve)) : undefined)));
    },
  };
}

/**
 * A timestamp as the driver gives it: a Date from PostgreSQL; from SQLite the text Sequelize
 * wrote, read as its models read it (no offset written means UTC, Sequelize's default timezone).
 */
export function driverDate(v: Date | string): Date;
export function driverDate(v: Date | string | null): Date | null;
export function driverDate(v: Date | string | null): Date | null {
  if (v === null || v instanceof Date) return v;
  return new Date(v.includes('+') ? v : `${v}+00:00`);
}
