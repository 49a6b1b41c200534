import { RateLimitedError } from '../../shared/errors.js';

/**
 * What an attempt is counted against. An account (a login name, an email address) gets a strict
 * budget: guessing one password is what the limit is for. A client address gets a generous one:
 * an office behind one NAT address, or a developer trying the API, makes many honest attempts.
 */
export type AttemptScope = 'account' | 'address';

export interface AttemptKey {
  scope: AttemptScope;
  key: string;
}

export const accountKey = (action: string, account: string): AttemptKey => ({ scope: 'account', key: `${action}:account:${account}` });
export const addressKey = (action: string, ip: string | undefined): AttemptKey => ({ scope: 'address', key: `${action}:ip:${ip ?? '-'}` });

/** Attempts per window for each scope. */
export interface RateLimits {
  accountPerWindow: number;
  addressPerWindow: number;
  windowMs: number;
}

/** What the auth service needs: count attempts, and settle them when one succeeds. */
export interface AttemptLimiter {
  /** Counts one attempt for each key; rejects with RateLimitedError if any key is over its scope's limit. */
  hit(keys: AttemptKey[]): Promise<void>;
  /**
   * Rejects with RateLimitedError if any key has used up its limit, counting nothing: for
   * credentials sent with every request, where only failures are counted (hit), so that many
   * requests at once from one account do not spend its budget.
   */
  check(keys: AttemptKey[]): Promise<void>;
  /**
   * The attempt succeeded: the account's failures are forgotten, and the address gets its attempt
   * back, so the address budget is spent by failures only and many people can log in through it.
   */
  succeeded(keys: AttemptKey[]): Promise<void>;
}

/**
 * Fixed-window counters in memory. One process keeps them; `rhythmo serve --workers N` keeps
 * them in the cluster's primary and the workers ask it (src/cluster), so the limit holds
 * whatever worker a request lands on.
 */
export class RateLimiter implements AttemptLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt for each key; the seconds to wait if any key is over its limit, else 0. */
  count(keys: AttemptKey[]): number {
    const now = this.now();
    let retryAfter = 0;
    for (const { scope, key } of keys) {
      let w = this.windows.get(key);
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + this.limits.windowMs };
        this.windows.set(key, w);
      }
      w.count += 1;
      const limit = scope === 'account' ? this.limits.accountPerWindow : this.limits.addressPerWindow;
      if (w.count > limit) retryAfter = Math.max(retryAfter, Math.ceil((w.resetAt - now) / 1000));
    }
    if (this.windows.size > 50_000) this.sweep(now);
    return retryAfter;
  }

  /** The seconds to wait if any key has used up its limit, so that one more attempt would be over it, else 0; counts nothing. */
  peek(keys: AttemptKey[]): number {
    const now = this.now();
    let retryAfter = 0;
    for (const { scope, key } of keys) {
      const w = this.windows.get(key);
      const limit = scope === 'account' ? this.limits.accountPerWindow : this.limits.addressPerWindow;
      if (w && w.resetAt > now && w.count >= limit) retryAfter = Math.max(retryAfter, Math.ceil((w.resetAt - now) / 1000));
    }
    return retryAfter;
  }

  async hit(keys: AttemptKey[]): Promise<void> {
    throwIfLimited(this.count(keys));
  }

  async check(keys: AttemptKey[]): Promise<void> {
    throwIfLimited(this.peek(keys));
  }

  settle(keys: AttemptKey[]): void {
    for (const { scope, key } of keys) {
      if (scope === 'account') this.windows.delete(key);
      else {
        const w = this.windows.get(key);
        if (w && w.count > 0) w.count -= 1;
      }
    }
  }

  async succeeded(keys: AttemptKey[]): Promise<void> {
    this.settle(keys);
  }

  private sweep(now: number) {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

export function throwIfLimited(retryAfterSeconds: number): void {
  if (retryAfterSeconds > 0) throw new RateLimitedError('Too many attempts, try again later', retryAfterSeconds);
}

/** The limits from the configuration's `rateLimit` (a window in seconds). */
export const rateLimits = (c: { accountPerWindow: number; addressPerWindow: number; windowSeconds: number }): RateLimits => ({
  accountPerWindow: c.accountPerWindow,
  addressPerWindow: c.addressPerWindow,
  windowMs: c.windowSeconds * 1000,
});
