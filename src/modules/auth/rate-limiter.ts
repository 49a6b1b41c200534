import { RateLimitedError } from '../../shared/errors.js';

/**
 * Fixed-window counters in memory. Enough for one process; several API processes behind a
 * load balancer each count on their own, which loosens the limit by that factor.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt for each key; throws if any key is over its limit. */
  hit(...keys: string[]): void {
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
    if (retryAfter > 0) throw new RateLimitedError('Too many attempts, try again later', retryAfter);
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number) {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}
