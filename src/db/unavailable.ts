import { ConnectionError, DatabaseError } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { StoreUnavailableError } from '../shared/errors.js';

// SQLSTATEs that say the server is going away, not coming up yet, full, or cancelled the
// statement at statement_timeout. Class 08 (connection exceptions) is matched as a class.
const UNAVAILABLE_CODES = new Set(['57014', '57P01', '57P02', '57P03', '53300']);
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
// node-postgres says these in words only: query_timeout, a dropped socket, a client used after either.
const PG_MESSAGES = [/^Query read timeout$/, /^Connection terminated/, /not queryable/];

/** Whether a Sequelize or node-postgres error means the PostgreSQL server could not be reached or did not answer in time. */
export function isUnreachable(err: unknown): boolean {
  if (err instanceof ConnectionError) return true;
  if (!(err instanceof DatabaseError)) return false;
  return isUnreachableCause(err.parent);
}

/** The same for an error as node-postgres raises it (a statement run without Sequelize). */
export function isUnreachableCause(cause: Error & { code?: string }): boolean {
  const code = cause.code ?? '';
  return UNAVAILABLE_CODES.has(code) || code.startsWith('08') || SOCKET_CODES.has(code) || PG_MESSAGES.some((m) => m.test(cause.message));
}

const translate = (err: unknown): never => {
  throw isUnreachable(err) ? new StoreUnavailableError({ cause: err }) : err;
};

/**
 * Makes every way a PostgreSQL-backed Sequelize reaches the server throw StoreUnavailableError
 * when the server is down or frozen, so no door has to know Sequelize's error classes. Queries
 * all pass through sequelize.query; a transaction takes its connection from the pool first.
 */
export function reportUnavailableStore(sequelize: Sequelize): void {
  const query = sequelize.query.bind(sequelize);
  sequelize.query = ((...args: Parameters<typeof query>) => query(...args).catch(translate)) as typeof sequelize.query;
  const pool = sequelize.connectionManager as unknown as { getConnection: (...args: unknown[]) => Promise<unknown> };
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (...args: unknown[]) => getConnection(...args).catch(translate);
}
