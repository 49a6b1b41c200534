import { RateLimitedError } from '../../shared/errors.js';

/** What the auth service needs: count attempts per key, forget a key after a success. */
export interface AttemptLimiter {
  /** Counts one attempt for each key; rejects with RateLimitedError if any key is over its limit. */
  hit(...keys: string[]): Promise<void>;
  reset(key: string): Promise<void>;
}

/**
 * Fixed-window counters in memory. One process keeps them; `rhythmo serve --workers N` keeps
 * them in the cluster's primary and the workers ask it (src/cluster), so the limit holds
 * whatever worker a request lands on.
 */
export class RateLimiter implements AttemptLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt for each key; the seconds to wait if any key is over its limit, else 0. */
  count(keys: string[]): number {
    const now = this.now();
    let retryAfter = 0;
    for (const key of keys) {
      let w = this.windows.get(key);
      if (!w || w.resetAt <= now) {
        w = { count: 0, resetAt: now + this.windowMs };
        this.windows.set(key, w);
      }
      w.count += 1;
      if (w.count > this.limit) retryAfter = Math.max(retryAfter, Math.ceil((w.resetAt - now) / 1000));
    }
    if (this.windows.size > 50_000) this.sweep(now);
    return retryAfter;
  }

  async hit(...keys: string[]): Promise<void> {
    throwIfLimited(this.count(keys));
  }

  forget(key: string): void {
    this.windows.delete(key);
  }

  async reset(key: string): Promise<void> {
    this.forget(key);
  }

  private sweep(now: number) {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

export function throwIfLimited(retryAfterSeconds: number): void {
  if (retryAfterSeconds > 0) throw new RateLimitedError('Too many attempts, try again later', retryAfterSeconds);
}
