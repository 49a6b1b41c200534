import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Sequelize } from 'sequelize-typescript';
import type { Logger } from '../shared/logger.js';

/** The one channel every Rhythmo process on a PostgreSQL database listens on. */
export const NOTIFY_CHANNEL = 'rhythmo_events';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/** What a process tells the others: each kind is small, and anything large is read from its table. */
export type SharedEvent =
  | { kind: 'announcement'; id: string; seq: number }
  | { kind: 'session-end'; end: { userId: string; sessionId?: string; keepSessionId?: string; sessionsKept?: true } }
  | { kind: 'stored-keys-gone'; keys: string[] };

export type SharedEventHandler = (event: SharedEvent) => void;

/**
 * The processes sharing one PostgreSQL database, on any number of hosts, tell each other what
 * changed through LISTEN/NOTIFY. Each process keeps one dedicated connection that LISTENs (outside
 * the pool, reconnecting with backoff when it drops); it sends through the pool, so sending never
 * waits for that connection. A notification sent inside a transaction goes out when it commits,
 * in commit order; one sent while a listener is reconnecting is lost to it, which is why a
 * reconnect calls the `onReconnect` handlers (announcements catch up from their table, caches
 * forget everything).
 */
export class PgNotifications {
  /** Told apart from the other processes': a process skips its own notifications (it acted on them already). */
  readonly origin = randomUUID();
  private client: pg.Client | null = null;
  private readonly handlers = new Set<SharedEventHandler>();
  private readonly reconnectHandlers = new Set<() => void>();
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private connectedOnce = false;
  private closed = false;
  private listening: Promise<void> | null = null;
  /** Sends still under way: close() waits for them, so a command that bans and exits still tells the servers. */
  private readonly sending = new Set<Promise<void>>();

  constructor(
    private readonly url: string,
    private readonly sequelize: Sequelize,
    private readonly logger: Logger,
    private readonly opts: { connectMs?: number } = {},
  ) {}

  /** Starts listening; resolves once the first LISTEN is in place (or failed, then it keeps retrying). */
  listen(): Promise<void> {
    return (this.listening ??= this.connect());
  }

  get isListening(): boolean {
    return this.client !== null;
  }

  subscribe(handler: SharedEventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Called after the listening connection came back: what was sent meanwhile was not heard. */
  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => this.reconnectHandlers.delete(handler);
  }

  /**
   * Sends to every other process. Inside `transaction` it goes out when that commits (nothing
   * if it rolls back). A failure to send is logged, not thrown: what was sent for has happened.
   */
  publish(event: SharedEvent, transaction?: unknown): Promise<void> {
    const sent = this.send(event, transaction);
    this.sending.add(sent);
    const done = () => void this.sending.delete(sent);
    sent.then(done, done);
    return sent;
  }

  private async send(event: SharedEvent, transaction?: unknown): Promise<void> {
    for (const payload of this.payloads(event)) {
      try {
        await this.sequelize.query('SELECT pg_notify(:channel, :payload)', {
          replacements: { channel: NOTIFY_CHANNEL, payload },
          ...(transaction ? { transaction: transaction as never } : {}),
        });
      } catch (err) {
        if (transaction) throw err;
        this.logger.warn({ err, kind: event.kind }, 'could not notify the other processes');
      }
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.sending]);
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** A long key list is split so that every payload stays under PostgreSQL's limit. */
  private payloads(event: SharedEvent): string[] {
    const one = JSON.stringify({ origin: this.origin, event });
    if (Buffer.byteLength(one) <= MAX_PAYLOAD_BYTES || event.kind !== 'stored-keys-gone' || event.keys.length < 2) return [one];
    const half = Math.ceil(event.keys.length / 2);
    return [...this.payloads({ kind: event.kind, keys: event.keys.slice(0, half) }), ...this.payloads({ kind: event.kind, keys: event.keys.slice(half) })];
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: this.opts.connectMs ?? 5000, keepAlive: true });
    let dropped = false;
    const drop = (err?: unknown) => {
      if (dropped) return;
      dropped = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn({ err }, 'lost the connection that listens for other processes: reconnecting');
      this.scheduleRetry();
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (msg) => {
      if (msg.channel !== NOTIFY_CHANNEL || !msg.payload) return;
      this.dispatch(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (err) {
      drop(err);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RECONNECT_MIN_MS;
    if (this.connectedOnce) for (const h of this.reconnectHandlers) this.safely(() => h());
    this.connectedOnce = true;
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      // A first connection that failed counts as connected for catch-up: events may have been missed.
      this.connectedOnce = true;
      void this.connect();
    }, wait);
    this.retryTimer.unref();
  }

  private dispatch(payload: string): void {
    let parsed: { origin?: string; event?: SharedEvent };
    try {
      parsed = JSON.parse(payload) as typeof parsed;
    } catch {
      return;
    }
    if (!parsed.event || parsed.origin === this.origin) return;
    for (const h of this.handlers) this.safely(() => h(parsed.event!));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger.error({ err }, 'a notification handler failed');
    }
  }
}
