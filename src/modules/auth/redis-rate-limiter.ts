import type { Redis } from 'ioredis';
import type { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { StoreUnavailableError } from '../../shared/errors.js';
import { throwIfLimited, type AttemptKey, type AttemptLimiter, type AttemptScope, type RateLimits } from './rate-limiter.js';

export interface RedisLimiterOptions {
  url: string;
  /** Put before every counter's key, so that several deployments (or test runs) can share one Redis. */
  keyPrefix: string;
  /** How long to wait for Redis to connect or answer before an attempt fails as unavailable. */
  timeoutMs?: number;
}

interface Store {
  redis: Redis;
  limiters: Record<AttemptScope, RateLimiterRedis>;
}

const isLimited = (err: unknown): err is RateLimiterRes => typeof err === 'object' && err !== null && 'msBeforeNext' in err && !(err instanceof Error);

/**
 * The same fixed-window counters as RateLimiter, kept in Redis by rate-limiter-flexible
 * (RateLimiterRedis: one atomic script per count), so every process on every host sharing the
 * Redis counts against one budget. ioredis and the store load on the first attempt, so a server
 * without REDIS_URL never loads them. A Redis that does not answer makes the attempt fail as
 * unavailable (503), not as allowed: the limit is what stands between a password and a guesser.
 */
export class RedisRateLimiter implements AttemptLimiter {
  private store: Promise<Store> | null = null;

  constructor(
    private readonly limits: RateLimits,
    private readonly opts: RedisLimiterOptions,
  ) {}

  async hit(keys: AttemptKey[]): Promise<void> {
    const store = await this.open();
    const results = await Promise.all(
      uniqueKeys(keys).map((k) =>
        store.limiters[k.scope].consume(k.key).then(
          () => 0,
          (err: unknown) => {
            if (isLimited(err)) return Math.ceil(err.msBeforeNext / 1000);
            throw unavailable(err);
          },
        ),
      ),
    );
    throwIfLimited(Math.max(0, ...results));
  }

  async check(keys: AttemptKey[]): Promise<void> {
    const store = await this.open();
    const results = await Promise.all(
      uniqueKeys(keys).map(async (k) => {
        const res = await store.limiters[k.scope].get(k.key).catch((err: unknown) => Promise.reject(unavailable(err)));
        return res && res.consumedPoints >= this.limitOf(k.scope) ? Math.ceil(res.msBeforeNext / 1000) : 0;
      }),
    );
    throwIfLimited(Math.max(0, ...results));
  }

  async succeeded(keys: AttemptKey[]): Promise<void> {
    const store = await this.open();
    try {
      for (const k of uniqueKeys(keys)) {
        const limiter = store.limiters[k.scope];
        if (k.scope === 'account') await limiter.delete(k.key);
        // An address gets its attempt back, never below nothing (reward on a missing key would start one at -1).
        else if (((await limiter.get(k.key))?.consumedPoints ?? 0) > 0) await limiter.reward(k.key, 1);
      }
    } catch (err) {
      throw unavailable(err);
    }
  }

  async close(): Promise<void> {
    if (!this.store) return;
    const store = await this.store.catch(() => null);
    this.store = null;
    await store?.redis.quit().catch(() => store.redis.disconnect());
  }

  private limitOf(scope: AttemptScope): number {
    return scope === 'account' ? this.limits.accountPerWindow : this.limits.addressPerWindow;
  }

  private open(): Promise<Store> {
    this.store ??= this.connect();
    return this.store;
  }

  private async connect(): Promise<Store> {
    const [{ Redis }, { RateLimiterRedis }] = await Promise.all([import('ioredis'), import('rate-limiter-flexible')]);
    const timeoutMs = this.opts.timeoutMs ?? 3000;
    const redis = new Redis(this.opts.url, {
      // A command waits for at most one reconnection, then fails: a login answers 503 rather than hang.
      maxRetriesPerRequest: 1,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
    });
    redis.on('error', () => undefined); // failures reach the attempt that hits them; ioredis reconnects
    const duration = Math.max(1, Math.round(this.limits.windowMs / 1000));
    const limiter = (scope: AttemptScope) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `${this.opts.keyPrefix}:${scope}`, points: this.limitOf(scope), duration });
    return { redis, limiters: { account: limiter('account'), address: limiter('address') } };
  }
}

function unavailable(err: unknown): StoreUnavailableError {
  return err instanceof StoreUnavailableError ? err : new StoreUnavailableError({ cause: err });
}

const uniqueKeys = (keys: AttemptKey[]): AttemptKey[] => [...new Map(keys.map((k) => [k.key, k])).values()];
