import { QueryTypes } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import { throwIfLimited, type AttemptKey, type AttemptLimiter, type RateLimits } from './rate-limiter.js';

/** Rows whose window ended are deleted at most this often, by the attempt that comes along. */
const PRUNE_EVERY_MS = 60_000;

interface Row {
  key: string;
  count: number;
  reset_at: Date | string;
}

/**
 * The same fixed-window counters as RateLimiter, kept in PostgreSQL's auth_attempts table so that
 * every process on every host sharing the database counts against one budget. Each attempt is one
 * statement: an upsert that starts a fresh window or adds one to the current, atomically per key
 * (two hosts counting the same key at once both count). Time is the server's clock, like the
 * in-memory limiter's: hosts whose clocks disagree by a few seconds move a window's end by as much.
 */
export class PgRateLimiter implements AttemptLimiter {
  private lastPrune = 0;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  async hit(keys: AttemptKey[]): Promise<void> {
    const unique = uniqueKeys(keys);
    if (unique.length === 0) return;
    const now = this.now();
    const rows = await this.sequelize.query<Row>(
      `INSERT INTO auth_attempts (key, count, reset_at)
         SELECT k, 1, :resetAt FROM unnest(ARRAY[:keys]::text[]) AS k
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN auth_attempts.reset_at <= :now THEN 1 ELSE auth_attempts.count + 1 END,
         reset_at = CASE WHEN auth_attempts.reset_at <= :now THEN EXCLUDED.reset_at ELSE auth_attempts.reset_at END
       RETURNING key, count, reset_at`,
      { replacements: { keys: unique.map((k) => k.key), now: new Date(now), resetAt: new Date(now + this.limits.windowMs) }, type: QueryTypes.SELECT },
    );
    if (now - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = now;
      void this.prune(now).catch(() => undefined);
    }
    throwIfLimited(this.retryAfter(unique, rows, now, (count, limit) => count > limit));
  }

  async check(keys: AttemptKey[]): Promise<void> {
    const unique = uniqueKeys(keys);
    if (unique.length === 0) return;
    const now = this.now();
    const rows = await this.sequelize.query<Row>('SELECT key, count, reset_at FROM auth_attempts WHERE key IN (:keys) AND reset_at > :now', {
      replacements: { keys: unique.map((k) => k.key), now: new Date(now) },
      type: QueryTypes.SELECT,
    });
    throwIfLimited(this.retryAfter(unique, rows, now, (count, limit) => count >= limit));
  }

  async succeeded(keys: AttemptKey[]): Promise<void> {
    const unique = uniqueKeys(keys);
    const accounts = unique.filter((k) => k.scope === 'account').map((k) => k.key);
    const addresses = unique.filter((k) => k.scope === 'address').map((k) => k.key);
    if (accounts.length) await this.sequelize.query('DELETE FROM auth_attempts WHERE key IN (:accounts)', { replacements: { accounts } });
    if (addresses.length) {
      await this.sequelize.query('UPDATE auth_attempts SET count = count - 1 WHERE key IN (:addresses) AND count > 0 AND reset_at > :now', {
        replacements: { addresses, now: new Date(this.now()) },
      });
    }
  }

  /** Deletes the rows whose window ended; returns how many. */
  async prune(now = this.now()): Promise<number> {
    const [, meta] = await this.sequelize.query('DELETE FROM auth_attempts WHERE reset_at <= :now', { replacements: { now: new Date(now) } });
    return (meta as { rowCount?: number } | undefined)?.rowCount ?? 0;
  }

  private retryAfter(keys: AttemptKey[], rows: Row[], now: number, over: (count: number, limit: number) => boolean): number {
    const scopes = new Map(keys.map((k) => [k.key, k.scope]));
    let retryAfter = 0;
    for (const row of rows) {
      const limit = scopes.get(row.key) === 'account' ? this.limits.accountPerWindow : this.limits.addressPerWindow;
      const resetAt = new Date(row.reset_at).getTime();
      if (over(Number(row.count), limit)) retryAfter = Math.max(retryAfter, Math.ceil((resetAt - now) / 1000));
    }
    return retryAfter;
  }
}

/** One upsert cannot touch a row twice: a key named twice counts once. */
const uniqueKeys = (keys: AttemptKey[]): AttemptKey[] => [...new Map(keys.map((k) => [k.key, k])).values()];
