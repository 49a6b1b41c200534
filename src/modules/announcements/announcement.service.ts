import { EventEmitter } from 'node:events';
import { InvalidError, NotFoundError } from '../../shared/errors.js';
import { requireAdmin, requireUser, type Actor } from '../../shared/actor.js';
import { isUuid } from '../../shared/ids.js';
import { pageRequest, toPage, type Page } from '../../shared/pagination.js';
import type { AnnouncementRecord, AnnouncementRepository } from './announcement.types.js';

export const ANNOUNCEMENT_MAX_LENGTH = 2000;
/** A client that was away longer than this many announcements gets the latest ones only. */
export const CATCH_UP_LIMIT = 100;

export type AnnouncementListener = (a: AnnouncementRecord) => void;
/** Where this process sends what it created, so the streams of other processes hear it too. */
export interface AnnouncementRelay {
  publish(a: AnnouncementRecord): void;
}

/** How many announcement ids a process remembers having put on its streams, so none goes out twice. */
const RECENT_IDS = 500;

export interface AnnouncementServiceDeps {
  repo: AnnouncementRepository;
  /** How often an open event stream gets a comment line, so proxies keep it open. */
  heartbeatMs?: number;
}

/**
 * Announcements and their live feed. The feed is an in-process event bus: every door that
 * posts (API, panel) goes through create(), so every open stream of this process hears it.
 * A relay carries it to the other processes: under `rhythmo serve --workers N` on SQLite the
 * cluster's primary (src/cluster), on PostgreSQL a notification to every process on every host
 * (src/cluster/postgres.ts), which reads the announcement from the table.
 */
export class AnnouncementService {
  private readonly bus = new EventEmitter().setMaxListeners(0);
  private relay: AnnouncementRelay | null = null;
  /**
   * The highest seq heard from the other processes (or found at the start, or contiguous with it),
   * and the ids lately put on this process's streams: a catch-up reads past the one and skips the other.
   */
  private heardSeq = 0;
  private readonly recent = new Set<string>();
  /** How often open streams get a comment line, so proxies and clients see the connection is alive. */
  heartbeatMs: number;

  constructor(private readonly d: AnnouncementServiceDeps) {
    this.heartbeatMs = d.heartbeatMs ?? 15_000;
  }

  async create(actor: Actor, input: { text: string }): Promise<AnnouncementRecord> {
    requireAdmin(actor);
    const text = typeof input.text === 'string' ? input.text.trim() : '';
    if (text.length === 0 || text.length > ANNOUNCEMENT_MAX_LENGTH) {
      throw new InvalidError('Invalid announcement', [{ path: 'text', message: `must be 1-${ANNOUNCEMENT_MAX_LENGTH} characters` }]);
    }
    const authorId = actor.kind === 'user' ? actor.id : null;
    const created = await this.d.repo.create({ authorId, text });
    this.emit(created);
    this.relay?.publish(created);
    return created;
  }

  relayTo(relay: AnnouncementRelay): void {
    this.relay = relay;
  }

  /** An announcement another process created: to this process's open streams. */
  deliver(a: AnnouncementRecord): void {
    this.emit(a);
  }

  /** An announcement another process created, named by id: read from the table, unless already delivered. */
  async deliverStored(id: string): Promise<void> {
    if (this.recent.has(id)) return;
    const found = await this.d.repo.get(id);
    if (!found) return;
    if (!this.recent.has(id)) this.emit(found);
    this.heardSeq = Math.max(this.heardSeq, found.seq);
  }

  /** From now on, announcements past the latest one in the table are what catchUp() looks for. */
  async startFromLatest(): Promise<void> {
    const [latest] = await this.d.repo.listBefore(null, 1);
    if (latest) this.heardSeq = Math.max(this.heardSeq, latest.seq);
  }

  /** What other processes posted while this one could not hear them: to this process's streams. */
  async catchUp(): Promise<void> {
    const missed = await this.d.repo.listAfter(this.heardSeq, CATCH_UP_LIMIT);
    for (const a of missed) {
      if (!this.recent.has(a.id)) this.emit(a);
      this.heardSeq = Math.max(this.heardSeq, a.seq);
    }
  }

  private emit(a: AnnouncementRecord): void {
    this.recent.add(a.id);
    if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value!);
    if (a.seq === this.heardSeq + 1) this.heardSeq = a.seq;
    this.bus.emit('announcement', a);
  }

  async list(actor: Actor, query: { limit?: number; cursor?: string }): Promise<Page<AnnouncementRecord>> {
    requireUser(actor);
    const page = pageRequest(query);
    const before = page.cursor ? Number(page.cursor[0]) : null;
    if (before !== null && !Number.isInteger(before)) throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'is not a cursor from this API' }]);
    const rows = await this.d.repo.listBefore(before, page.limit + 1);
    return toPage(rows, page.limit, (a) => [a.seq], (a) => a);
  }

  /** What a client that last saw `lastSeq` missed, oldest first. */
  async missedSince(actor: Actor, lastSeq: number): Promise<AnnouncementRecord[]> {
    requireUser(actor);
    const missed = await this.d.repo.listAfter(lastSeq, CATCH_UP_LIMIT + 1);
    return missed.length > CATCH_UP_LIMIT ? (await this.d.repo.listBefore(null, CATCH_UP_LIMIT)).reverse() : missed;
  }

  async delete(actor: Actor, id: string): Promise<void> {
    requireAdmin(actor);
    if (!isUuid(id) || !(await this.d.repo.delete(id))) throw new NotFoundError('Announcement');
  }

  async get(actor: Actor, id: string): Promise<AnnouncementRecord> {
    requireUser(actor);
    const found = isUuid(id) ? await this.d.repo.get(id) : null;
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
