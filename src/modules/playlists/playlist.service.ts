import type { Transaction } from 'sequelize';
import type { Transactor } from '../../db/index.js';
import { requireUser, type Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import { ConflictError, InvalidError, NotFoundError, type FieldError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { pageRequest, toPage, type Page } from '../../shared/pagination.js';
import { generatedEntries } from './generated-entries.js';
import {
  canDelete,
  canRead,
  canWrite,
  checkDescription,
  checkName,
  checkPosition,
  checkVisibility,
  MAX_ADD_AT_ONCE,
  MAX_ENTRIES,
  throwIfAny,
} from './playlist.rules.js';
import type { EntryRecord, LockedPlaylist, PlaylistRecord, PlaylistRepository, PlaylistVisibility, TrackLookup } from './playlist.types.js';
import type { TrackDto } from '../catalog/index.js';

export interface PlaylistEntry {
  entry: EntryRecord;
  track: TrackDto;
}

export interface PageQuery {
  limit?: number;
  cursor?: string;
}

export interface PlaylistServiceDeps {
  repo: PlaylistRepository;
  db: Transactor;
  tracks: TrackLookup;
  clock: Clock;
}

export class PlaylistService {
  constructor(private readonly d: PlaylistServiceDeps) {}

  async create(actor: Actor, input: { name: unknown; description?: unknown; visibility?: unknown }): Promise<PlaylistRecord> {
    const me = requireUser(actor);
    const errors: FieldError[] = [];
    const name = checkName(input.name, errors);
    const description = input.description === undefined ? null : checkDescription(input.description, errors);
    const visibility = input.visibility === undefined ? 'private' : checkVisibility(input.visibility, errors);
    throwIfAny(errors);
    const id = await this.d.repo.create({ ownerId: me.id, name: name!, description: description ?? null, visibility: visibility! });
    return (await this.d.repo.findById(id))!;
  }

  async get(actor: Actor, playlistId: string): Promise<PlaylistRecord> {
    const p = await this.d.repo.findById(playlistId);
    if (!p || !canRead(actor, p)) throw new NotFoundError('Playlist');
    return p;
  }

  async listMine(actor: Actor, query: PageQuery): Promise<Page<PlaylistRecord>> {
    const me = requireUser(actor);
    return this.listOf(me.id, false, query);
  }

  /** Another user's public playlists; an unknown user is a 404 rather than an empty list. */
  async listForUser(actor: Actor, userId: string, query: PageQuery): Promise<Page<PlaylistRecord>> {
    requireUser(actor);
    if (!(await this.d.repo.userExists(userId))) throw new NotFoundError('User');
    return this.listOf(userId, true, query);
  }

  async update(actor: Actor, playlistId: string, patch: PlaylistInputPatch): Promise<PlaylistRecord> {
    const p = await this.writable(actor, playlistId);
    const errors: FieldError[] = [];
    const checked = checkPatch(patch, errors);
    throwIfAny(errors);
    await this.d.repo.update(p.id, checked);
    return (await this.d.repo.findById(p.id))!;
  }

  async delete(actor: Actor, playlistId: string): Promise<void> {
    const p = await this.d.repo.findById(playlistId);
    if (!p || !canRead(actor, p) || !canDelete(actor, p)) throw new NotFoundError('Playlist');
    await this.d.repo.delete(p.id);
  }

  async listEntries(actor: Actor, playlistId: string, query: PageQuery): Promise<Page<PlaylistEntry>> {
    const p = await this.get(actor, playlistId);
    const page = pageRequest(query);
    const afterPosition = page.cursor ? page.cursor[0] : null;
    if (afterPosition !== null && !Number.isInteger(afterPosition)) {
      throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'is not a cursor of this playlist' }]);
    }
    const q = { limit: page.limit, afterPosition: afterPosition as number | null };
    const rows = p.kind === 'generated' ? generatedEntries(p.id, await this.d.repo.generatedTrackIds(p.id, actor.kind === 'user' ? actor.id : null), p.createdAt, q) : await this.d.repo.listEntries(p.id, q);
    const result = toPage(rows, page.limit, (e) => [e.position], (e) => e);
    return { items: await this.withTracks(actor, result.items), nextCursor: result.nextCursor };
  }

  /** Inserts the tracks, in the given order, at `position` (the end by default), shifting what follows. */
  async addTracks(actor: Actor, playlistId: string, input: { trackIds: unknown; position?: unknown }): Promise<{ playlist: PlaylistRecord; entries: PlaylistEntry[] }> {
    const addedById = actor.kind === 'user' ? actor.id : null;
    const added = await this.d.db.transaction(async (transaction) => {
      const p = await this.lockWritable(actor, playlistId, transaction);
      const errors: FieldError[] = [];
      const trackIds = Array.isArray(input.trackIds) ? (input.trackIds as unknown[]) : [];
      if (trackIds.length < 1 || trackIds.length > MAX_ADD_AT_ONCE) errors.push({ path: 'trackIds', message: `must hold 1..${MAX_ADD_AT_ONCE} track ids` });
      const position = input.position === undefined ? p.trackCount : checkPosition(input.position, p.trackCount, 'position', errors);
      throwIfAny(errors);
      const durations = await this.d.repo.trackDurations([...new Set(trackIds as string[])], { transaction });
      trackIds.forEach((id, i) => {
        if (!durations.has(id as string)) errors.push({ path: `trackIds[${i}]`, message: 'is not a known track' });
      });
      throwIfAny(errors);
      if (p.trackCount + trackIds.length > MAX_ENTRIES) {
        throw new ConflictError(`A playlist holds at most ${MAX_ENTRIES} entries`, { trackCount: p.trackCount, limit: MAX_ENTRIES });
      }
      const addedAt = this.d.clock.now();
      const rows = (trackIds as string[]).map((trackId, i) => ({ id: newId(), playlistId: p.id, trackId, position: position! + i, addedAt, addedById }));
      await this.d.repo.shift(p.id, position!, null, rows.length, { transaction });
      await this.d.repo.insertEntries(rows, { transaction });
      const duration = rows.reduce((sum, r) => sum + durations.get(r.trackId)!, 0);
      await this.d.repo.adjustCounters(p.id, rows.length, duration, addedAt, { transaction });
      return rows.map((r): EntryRecord => ({ id: r.id, trackId: r.trackId, position: r.position, addedAt: r.addedAt }));
    });
    const [playlist, entries] = await Promise.all([this.d.repo.findById(playlistId), this.withTracks(actor, added)]);
    return { playlist: playlist!, entries };
  }

  async removeEntry(actor: Actor, playlistId: string, entryId: string): Promise<void> {
    await this.d.db.transaction(async (transaction) => {
      const p = await this.lockWritable(actor, playlistId, transaction);
      const entry = await this.d.repo.findEntry(p.id, entryId, { transaction });
      if (!entry) throw new NotFoundError('Playlist entry');
      await this.d.repo.deleteEntry(entry.id, { transaction });
      await this.d.repo.shift(p.id, entry.position + 1, null, -1, { transaction });
      await this.d.repo.adjustCounters(p.id, -1, -entry.durationMs, this.d.clock.now(), { transaction });
    });
  }

  /**
   * For clients that edit by index (Subsonic's updatePlaylist, and createPlaylist given an id):
   * removes the entries at `removePositions` (positions before the edit), or every entry with
   * `replace`, then appends `addTrackIds`, and applies `patch` (name, description, visibility),
   * all in one transaction. Nothing changes if any part is refused.
   */
  async editEntries(
    actor: Actor,
    playlistId: string,
    input: { removePositions?: unknown[]; addTrackIds?: unknown[]; replace?: boolean; patch?: PlaylistInputPatch },
  ): Promise<PlaylistRecord> {
    const addedById = actor.kind === 'user' ? actor.id : null;
    await this.d.db.transaction(async (transaction) => {
      const p = await this.lockWritable(actor, playlistId, transaction);
      const errors: FieldError[] = [];
      const patch = checkPatch(input.patch ?? {}, errors);
      const remove = input.replace ? [] : (input.removePositions ?? []);
      remove.forEach((pos, i) => checkPosition(pos, p.trackCount - 1, `removePositions[${i}]`, errors));
      const add = input.addTrackIds ?? [];
      if (add.length > MAX_ADD_AT_ONCE) errors.push({ path: 'addTrackIds', message: `must hold at most ${MAX_ADD_AT_ONCE} track ids` });
      throwIfAny(errors);
      const durations = await this.d.repo.trackDurations([...new Set(add.filter((id): id is string => typeof id === 'string'))], { transaction });
      add.forEach((id, i) => durations.has(id as string) || errors.push({ path: `addTrackIds[${i}]`, message: 'is not a known track' }));
      throwIfAny(errors);
      const removed = new Set(remove as number[]);
      const kept = input.replace ? 0 : p.trackCount - removed.size;
      if (kept + add.length > MAX_ENTRIES) throw new ConflictError(`A playlist holds at most ${MAX_ENTRIES} entries`, { trackCount: p.trackCount, limit: MAX_ENTRIES });
      if (input.replace || removed.size > 0 || add.length > 0) {
        await this.d.repo.deleteEntriesAt(p.id, input.replace ? null : [...removed], { transaction });
        const addedAt = this.d.clock.now();
        // Appended past the old end; the repack then closes the holes and recounts.
        const rows = (add as string[]).map((trackId, i) => ({ id: newId(), playlistId: p.id, trackId, position: p.trackCount + i, addedAt, addedById }));
        await this.d.repo.insertEntries(rows, { transaction });
        await this.d.repo.repack(p.id, { transaction });
        await this.d.repo.adjustCounters(p.id, 0, 0, addedAt, { transaction });
      }
      if (Object.keys(patch).length) await this.d.repo.update(p.id, patch, { transaction });
    });
    return (await this.d.repo.findById(playlistId))!;
  }

  /** Moves one entry to `toPosition`; the entries in between close up behind it. */
  async moveEntry(actor: Actor, playlistId: string, input: { entryId: string; toPosition: unknown }): Promise<PlaylistEntry> {
    const moved = await this.d.db.transaction(async (transaction) => {
      const p = await this.lockWritable(actor, playlistId, transaction);
      const entry = await this.d.repo.findEntry(p.id, input.entryId, { transaction });
      if (!entry) throw new NotFoundError('Playlist entry');
      const errors: FieldError[] = [];
      const to = checkPosition(input.toPosition, p.trackCount - 1, 'toPosition', errors);
      throwIfAny(errors);
      const from = entry.position;
      if (to! < from) await this.d.repo.shift(p.id, to!, from - 1, 1, { transaction });
      if (to! > from) await this.d.repo.shift(p.id, from + 1, to!, -1, { transaction });
      if (to !== from) {
        await this.d.repo.setEntryPosition(entry.id, to!, { transaction });
        await this.d.repo.adjustCounters(p.id, 0, 0, this.d.clock.now(), { transaction });
      }
      return { id: entry.id, trackId: entry.trackId, position: to!, addedAt: entry.addedAt };
    });
    const [withTrack] = await this.withTracks(actor, [moved]);
    if (!withTrack) throw new NotFoundError('Track');
    return withTrack;
  }

  /** For the image route: stores the new cover key and hands back the old one so its file can be deleted. */
  async setCover(actor: Actor, playlistId: string, key: string | null): Promise<string | null> {
    const p = await this.writable(actor, playlistId);
    await this.d.repo.update(p.id, { coverKey: key });
    return p.coverKey;
  }

  async getCoverKey(actor: Actor, playlistId: string): Promise<string | null> {
    return (await this.get(actor, playlistId)).coverKey;
  }

  private async listOf(ownerId: string, publicOnly: boolean, query: PageQuery) {
    const page = pageRequest(query);
    const rows = await this.d.repo.listByOwner({ ownerId, publicOnly, limit: page.limit, cursor: page.cursor });
    return toPage(rows, page.limit, (p) => [p.createdAt.toISOString(), p.id], (p) => p);
  }

  /** Ownership first, so someone else gets 404 before validation could tell them the playlist exists. */
  private async writable(actor: Actor, playlistId: string): Promise<PlaylistRecord> {
    const p = await this.d.repo.findById(playlistId);
    if (!p || !canRead(actor, p) || !canWrite(actor, p)) throw new NotFoundError('Playlist');
    assertHandMade(p);
    return p;
  }

  /**
   * Takes the playlist's row lock, so concurrent edits of one playlist run one after another and
   * positions stay dense. Deleting a track from the catalog removes its entries through the
   * foreign key and leaves a hole; the first edit after that closes it and recounts.
   */
  private async lockWritable(actor: Actor, playlistId: string, transaction: Transaction): Promise<LockedPlaylist> {
    const p = await this.d.repo.lock(playlistId, { transaction });
    if (!p || !canRead(actor, p) || !canWrite(actor, p)) throw new NotFoundError('Playlist');
    assertHandMade(p);
    const { count, maxPosition } = await this.d.repo.entryStats(p.id, { transaction });
    if (count !== p.trackCount || maxPosition !== count - 1) {
      await this.d.repo.repack(p.id, { transaction });
      return { ...p, trackCount: count };
    }
    return p;
  }

  private async withTracks(actor: Actor, entries: EntryRecord[]): Promise<PlaylistEntry[]> {
    if (entries.length === 0) return [];
    const tracks = await this.d.tracks.getTracks(actor, [...new Set(entries.map((e) => e.trackId))]);
    const byId = new Map(tracks.map((t) => [t.id, t]));
    // A track deleted between the two reads is left out rather than sent half-empty.
    return entries.flatMap((entry) => {
      const track = byId.get(entry.trackId);
      return track ? [{ entry, track }] : [];
    });
  }
}

type PlaylistInputPatch = { name?: unknown; description?: unknown; visibility?: unknown };

/** The fields of a patch that are given, checked; errors go to `errors`. */
function checkPatch(patch: PlaylistInputPatch, errors: FieldError[]) {
  const name = patch.name === undefined ? undefined : checkName(patch.name, errors);
  const description = patch.description === undefined ? undefined : checkDescription(patch.description, errors);
  const visibility = patch.visibility === undefined ? undefined : checkVisibility(patch.visibility, errors);
  return {
    ...(name !== undefined ? { name } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(visibility !== undefined ? { visibility: visibility as PlaylistVisibility } : {}),
  };
}

function assertHandMade(p: { kind: string }) {
  if (p.kind === 'generated') throw new ConflictError('Generated playlists are rebuilt by the recommendation run and cannot be edited by hand');
}
