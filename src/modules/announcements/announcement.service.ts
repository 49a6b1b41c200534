import { EventEmitter } from 'node:events';
import { InvalidError, NotFoundError } from '../../shared/errors.js';
import { requireAdmin, requireUser, type Actor } from '../../shared/actor.js';
import { isUuid } from '../../shared/ids.js';
import { pageRequest, toPage, type Page } from '../../shared/pagination.js';
import type { AnnouncementRecord, AnnouncementsRepository } from './announcement.types.js';

export const ANNOUNCEMENT_MAX_LENGTH = 2000;
/** A client that was away longer than this many announcements gets the latest ones only. */
export const CATCH_UP_LIMIT = 100;

export type AnnouncementListener = (a: AnnouncementRecord) => void;
/** Where this process sends what it created, so the streams of other processes hear it too. */
export interface AnnouncementRelay {
  publish(a: AnnouncementRecord): void;
}

/**
 * Announcements and their live feed. The feed is an in-process event bus: every door that
 * posts (API, panel) goes through create(), so every open stream of this process hears it.
 * Under `rhythmo serve --workers N` a relay carries it to the other workers (src/cluster);
 * API processes on several hosts would need a shared bus (e.g. PostgreSQL LISTEN/NOTIFY).
 */
export class AnnouncementsService {
  private readonly bus = new EventEmitter().setMaxListeners(0);
  private relay: AnnouncementRelay | null = null;
  /** How often open streams get a comment line, so proxies and clients see the connection is alive. */
  heartbeatMs: number;

  constructor(
    private readonly repo: AnnouncementsRepository,
    opts: { heartbeatMs?: number } = {},
  ) {
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
  }

  async create(actor: Actor, input: { text: string }): Promise<AnnouncementRecord> {
    requireAdmin(actor);
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (text.length === 0 || text.length > ANNOUNCEMENT_MAX_LENGTH) {
      throw new InvalidError('Invalid announcement', [{ path: 'text', message: `must be 1-${ANNOUNCEMENT_MAX_LENGTH} characters` }]);
    }
    const authorId = actor.kind === 'user' ? actor.id : null;
    const created = await this.repo.create({ authorId, text });
    this.bus.emit('announcement', created);
    this.relay?.publish(created);
    return created;
  }

  relayTo(relay: AnnouncementRelay): void {
    this.relay = relay;
  }

  /** An announcement another process created: to this process's open streams. */
  deliver(a: AnnouncementRecord): void {
    this.bus.emit('announcement', a);
  }

  async list(actor: Actor, query: { limit?: number; cursor?: string }): Promise<Page<AnnouncementRecord>> {
    requireUser(actor);
    const page = pageRequest(query);
    const before = page.cursor ? Number(page.cursor[0]) : null;
    if (before !== null && !Number.isInteger(before)) throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'is not a cursor from this API' }]);
    const rows = await this.repo.listBefore(before, page.limit + 1);
    return toPage(rows, page.limit, (a) => [a.seq], (a) => a);
  }

  /** What a client that last saw `lastSeq` missed, oldest first. */
  async missedSince(actor: Actor, lastSeq: number): Promise<AnnouncementRecord[]> {
    requireUser(actor);
    const missed = await this.repo.listAfter(lastSeq, CATCH_UP_LIMIT + 1);
    return missed.length > CATCH_UP_LIMIT ? (await this.repo.listBefore(null, CATCH_UP_LIMIT)).reverse() : missed;
  }

  async delete(actor: Actor, id: string): Promise<void> {
    requireAdmin(actor);
    if (!isUuid(id) || !(await this.repo.delete(id))) throw new NotFoundError('Announcement');
  }

  async get(actor: Actor, id: string): Promise<AnnouncementRecord> {
    requireUser(actor);
    const found = isUuid(id) ? await this.repo.get(id) : null;
    if (!found) throw new NotFoundError('Announcement');
    return found;
  }

  /** Calls the listener for every announcement created from now on; returns the unsubscribe function. */
  subscribe(listener: AnnouncementListener): () => void {
    this.bus.on('announcement', listener);
    return () => this.bus.off('announcement', listener);
  }

  /** Ends every stream (shutdown): subscribers hear 'close'. */
  closeStreams(): void {
    this.bus.emit('close');
    this.bus.removeAllListeners();
  }

  onClose(listener: () => void): () => void {
    this.bus.on('close', listener);
    return () => this.bus.off('close', listener);
  }
}
