import type { AuthRepository } from './auth.types.js';

/**
 * What a revocation ended: one session (refresh family) of a user, or all of them but one kept.
 * With `sessionsKept`, nothing ended: the account changed (its role), and what processes remember
 * of it must go all the same; it travels the same way so that it reaches the same processes.
 */
export interface SessionEnd {
  userId: string;
  sessionId?: string;
  keepSessionId?: string;
  sessionsKept?: true;
}

/** Where this process sends the ends it caused, so the other processes' open streams hear them. */
export interface SessionEndRelay {
  publish(end: SessionEnd): void;
}

interface Watch {
  userId: string;
  sessionId?: string;
  onEnd: () => void;
}

/** How often open streams are checked against the database by default. */
export const SESSION_RECHECK_MS = 15_000;

export function endsSession(end: SessionEnd, userId: string, sessionId: string | undefined): boolean {
  if (end.userId !== userId || end.sessionsKept) return false;
  if (end.sessionId !== undefined) return end.sessionId === sessionId;
  return end.keepSessionId === undefined || end.keepSessionId !== sessionId;
}

/**
 * Ends sessions and tells whoever holds one open (an SSE stream) at once. Requests need no
 * telling: each one reads its session's state with its account (findSessionAccount).
 * A revocation made here reaches this process's watchers directly and the other processes'
 * through the relay: the cluster's primary on SQLite, a PostgreSQL notification to every process
 * on every host (src/cluster/postgres.ts). One that no relay carried (the CLI on SQLite, a
 * notification lost while a listener reconnected) is found by the periodic recheck: one query
 * per process for all its open streams.
 */
export class Sessions {
  private readonly watches = new Set<Watch>();
  private relay: SessionEndRelay | null = null;
  private readonly endListeners = new Set<(end: SessionEnd) => void>();
  private timer: NodeJS.Timeout | null = null;
  /** Read when the recheck timer starts, that is when the first stream opens. */
  recheckMs: number;

  constructor(
    private readonly repo: Pick<AuthRepository, 'revokeFamily' | 'revokeUserTokens' | 'liveSessions'>,
    opts: { recheckMs?: number } = {},
  ) {
    this.recheckMs = opts.recheckMs ?? SESSION_RECHECK_MS;
  }

  async revokeFamily(userId: string, familyId: string, at: Date): Promise<void> {
    await this.repo.revokeFamily(familyId, at);
    this.ended({ userId, sessionId: familyId });
  }

  /** All of the user's sessions, but the one kept (a password change keeps the caller's). */
  async revokeUserTokens(userId: string, at: Date, keepFamilyId?: string): Promise<void> {
    await this.repo.revokeUserTokens(userId, at, keepFamilyId);
    this.ended({ userId, keepSessionId: keepFamilyId });
  }

  /** The account's role changed: every process forgets what it remembered of the account; no session ends. */
  accountChanged(userId: string): void {
    this.ended({ userId, sessionsKept: true });
  }

  /** Calls onEnd once when the session (or, without a session id, the account) ends; returns the unwatch function. */
  watch(userId: string, sessionId: string | undefined, onEnd: () => void): () => void {
    const w: Watch = { userId, sessionId, onEnd };
    this.watches.add(w);
    this.timer ??= setInterval(() => void this.recheck(), this.recheckMs).unref();
    return () => this.unwatch(w);
  }

  relayTo(relay: SessionEndRelay): void {
    this.relay = relay;
  }

  /** An end another process caused: to this process's watchers. */
  deliver(end: SessionEnd): void {
    for (const l of this.endListeners) l(end);
    for (const w of [...this.watches]) if (endsSession(end, w.userId, w.sessionId)) this.end(w);
  }

  /** Calls the listener for every end, caused here or delivered (caches of the account's state forget it). */
  onEnd(listener: (end: SessionEnd) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Shutdown: stops the recheck; the streams themselves are ended by their own shutdown. */
  close(): void {
    this.watches.clear();
    this.stopTimer();
  }

  private ended(end: SessionEnd): void {
    this.deliver(end);
    this.relay?.publish(end);
  }

  private end(w: Watch): void {
    if (!this.unwatch(w)) return;
    w.onEnd();
  }

  private unwatch(w: Watch): boolean {
    const had = this.watches.delete(w);
    if (this.watches.size === 0) this.stopTimer();
    return had;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async recheck(): Promise<void> {
    const watched = [...this.watches].filter((w) => w.sessionId !== undefined);
    if (watched.length === 0) return;
    let live: Set<string>;
    try {
      live = await this.repo.liveSessions([...new Set(watched.map((w) => w.sessionId!))]);
    } catch {
      // The database is unreachable: the streams stay, and the next round asks again.
      return;
    }
    for (const w of watched) if (!live.has(w.sessionId!)) this.end(w);
  }
}
