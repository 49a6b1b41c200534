import { RateLimiter, throwIfLimited, type AttemptKey, type AttemptLimiter } from '../modules/auth/index.js';
import type { AnnouncementService } from '../modules/announcements/index.js';
import type { Sessions } from '../modules/auth/index.js';
import { isClusterMessage, type ClusterMessage } from './messages.js';

const send = (m: ClusterMessage) => process.send?.(m);
/** If the primary does not answer (it is stopping), count locally rather than hang a login. */
const ANSWER_TIMEOUT_MS = 2000;

/** The auth limiter of a worker: the primary counts, so the limit holds across workers. */
export class ClusterLimiter implements AttemptLimiter {
  private nextId = 0;
  private readonly waiting = new Map<number, (retryAfter: number) => void>();

  constructor(private readonly fallback: RateLimiter) {
    process.on('message', (m: unknown) => {
      if (isClusterMessage(m) && m.rhythmo === 'limited') this.waiting.get(m.id)?.(m.retryAfter);
    });
  }

  hit(keys: AttemptKey[]): Promise<void> {
    return this.ask(keys, false);
  }

  check(keys: AttemptKey[]): Promise<void> {
    return this.ask(keys, true);
  }

  private ask(keys: AttemptKey[], peek: boolean): Promise<void> {
    const id = ++this.nextId;
    return new Promise<number>((resolve) => {
      const timer = setTimeout(() => answer(peek ? this.fallback.peek(keys) : this.fallback.count(keys)), ANSWER_TIMEOUT_MS);
      const answer = (retryAfter: number) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(retryAfter);
      };
      this.waiting.set(id, answer);
      send({ rhythmo: 'limit', id, keys, peek });
    }).then(throwIfLimited);
  }

  async succeeded(keys: AttemptKey[]): Promise<void> {
    this.fallback.settle(keys);
    send({ rhythmo: 'succeeded', keys });
  }
}

/** Announcements created here go to the other workers; theirs come to this worker's streams. */
export function relayAnnouncements(announcements: AnnouncementService): void {
  announcements.relayTo({ publish: (record) => send({ rhythmo: 'announcement', record }) });
  process.on('message', (m: unknown) => {
    if (isClusterMessage(m) && m.rhythmo === 'announcement') announcements.deliver(m.record);
  });
}

/** Sessions ended here close the other workers' streams at once; theirs close this worker's. */
export function relaySessionEnds(sessions: Sessions): void {
  sessions.relayTo({ publish: (end) => send({ rhythmo: 'session-end', end }) });
  process.on('message', (m: unknown) => {
    if (isClusterMessage(m) && m.rhythmo === 'session-end') sessions.deliver(m.end);
  });
}

export function announceReady(): void {
  send({ rhythmo: 'ready' });
}
