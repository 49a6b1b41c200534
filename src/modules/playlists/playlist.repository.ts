import { Op, QueryTypes, type Transaction, type WhereOptions } from 'sequelize';
import { isUuid, newId } from '../../shared/ids.js';
import type { CursorValues } from '../../shared/pagination.js';
import { LOW_RATING } from '../ratings/index.js';
import { PlaylistModel } from './playlist.model.js';
import { PlaylistTrackModel } from './playlist-track.model.js';
import type { EntryRecord, LockedPlaylist, NewPlaylist, PlaylistOwner, PlaylistPatch, PlaylistRecord, PlaylistRepository } from './playlist.types.js';
import type { Database } from '../../db/index.js';

type Tx = { transaction: Transaction };
/** Matches no user (an anonymous viewer) and is a valid uuid on PostgreSQL. */
const NIL = '00000000-0000-0000-0000-000000000000';

const PLAYLIST_FIELDS = ['id', 'ownerId', 'name', 'description', 'coverKey', 'visibility', 'kind', 'trackCount', 'durationMs', 'createdAt', 'updatedAt'];

export class SequelizePlaylistRepository implements PlaylistRepository {
  constructor(private readonly db: Database) {}

  async findById(id: string) {
    // Ids from the CLI or the panel are not checked by the OpenAPI validator; PostgreSQL would reject them as uuids.
    if (!isUuid(id)) return null;
    const m = await PlaylistModel.findByPk(id, { attributes: PLAYLIST_FIELDS });
    if (!m) return null;
    const [record] = await this.withOwners([m]);
    return record ?? null;
  }

  async create(p: NewPlaylist) {
    const id = newId();
    await PlaylistModel.create({ id, ownerId: p.ownerId, name: p.name, description: p.description, visibility: p.visibility, kind: 'user', trackCount: 0, durationMs: 0 });
    return id;
  }

  async update(id: string, patch: PlaylistPatch, o?: Tx) {
    await PlaylistModel.update({ ...patch }, { where: { id }, transaction: o?.transaction });
  }

  async delete(id: string) {
    await PlaylistModel.destroy({ where: { id } });
  }

  async listByOwner(q: { ownerId: string; publicOnly: boolean; limit: number; cursor: CursorValues | null }) {
    const and: WhereOptions[] = [{ ownerId: q.ownerId }];
    if (q.publicOnly) and.push({ visibility: 'public' });
    if (q.cursor) {
      const [createdAt, id] = q.cursor as [string, string];
      const at = new Date(createdAt);
      and.push({ [Op.or]: [{ createdAt: { [Op.lt]: at } }, { createdAt: at, id: { [Op.lt]: id } }] });
    }
    const rows = await PlaylistModel.findAll({
      attributes: PLAYLIST_FIELDS,
      where: { [Op.and]: and },
      order: [['createdAt', 'DESC'], ['id', 'DESC']],
      limit: q.limit + 1,
    });
    return this.withOwners(rows);
  }

  async userExists(userId: string) {
    if (!isUuid(userId)) return false;
    const rows = await this.db.sequelize.query('SELECT 1 AS one FROM users WHERE id = :userId', { replacements: { userId }, type: QueryTypes.SELECT });
    return rows.length > 0;
  }

  async lock(id: string, o: Tx) {
    if (!isUuid(id)) return null;
    const m = await PlaylistModel.findByPk(id, { attributes: ['id', 'ownerId', 'visibility', 'kind', 'trackCount'], transaction: o.transaction, lock: o.transaction.LOCK.UPDATE });
    return m && ({ id: m.id, ownerId: m.ownerId, visibility: m.visibility, kind: m.kind, trackCount: Number(m.trackCount) } satisfies LockedPlaylist);
  }

  async entryStats(playlistId: string, o: Tx) {
    const [row] = await this.db.sequelize.query<{ n: number | string; max_position: number | string | null }>(
      'SELECT COUNT(*) AS n, MAX(position) AS max_position FROM playlist_tracks WHERE playlist_id = :playlistId',
      { replacements: { playlistId }, type: QueryTypes.SELECT, transaction: o.transaction },
    );
    return { count: Number(row?.n ?? 0), maxPosition: row?.max_position === null || row?.max_position === undefined ? -1 : Number(row.max_position) };
  }

  async repack(playlistId: string, o: Tx) {
    // UPDATE ... FROM and ROW_NUMBER work on SQLite >= 3.33 and PostgreSQL; the entry id breaks ties deterministically.
    await this.db.sequelize.query(
      `UPDATE playlist_tracks SET position = r.n
         FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY position, id) - 1 AS n FROM playlist_tracks WHERE playlist_id = :playlistId) r
        WHERE r.id = playlist_tracks.id`,
      { replacements: { playlistId }, transaction: o.transaction },
    );
    await this.db.sequelize.query(
      `UPDATE playlists SET
         track_count = (SELECT COUNT(*) FROM playlist_tracks WHERE playlist_id = :playlistId),
         duration_ms = (SELECT COALESCE(SUM(t.duration_ms), 0) FROM playlist_tracks e JOIN tracks t ON t.id = e.track_id WHERE e.playlist_id = :playlistId)
       WHERE id = :playlistId`,
      { replacements: { playlistId }, transaction: o.transaction },
    );
  }

  async trackDurations(trackIds: string[], o: Tx) {
    trackIds = trackIds.filter(isUuid);
    if (trackIds.length === 0) return new Map<string, number>();
    const rows = await this.db.sequelize.query<{ id: string; duration_ms: number }>('SELECT id, duration_ms FROM tracks WHERE id IN (:trackIds)', {
      replacements: { trackIds },
      type: QueryTypes.SELECT,
      transaction: o.transaction,
    });
    return new Map(rows.map((r) => [r.id, Number(r.duration_ms)]));
  }

  async findEntry(playlistId: string, entryId: string, o: Tx) {
    if (!isUuid(entryId)) return null;
    const rows = await this.db.sequelize.query<{ id: string; track_id: string; position: number; added_at: string | Date; duration_ms: number | null }>(
      `SELECT e.id, e.track_id, e.position, e.added_at, t.duration_ms
         FROM playlist_tracks e LEFT JOIN tracks t ON t.id = e.track_id
        WHERE e.id = :entryId AND e.playlist_id = :playlistId`,
      { replacements: { entryId, playlistId }, type: QueryTypes.SELECT, transaction: o.transaction },
    );
    const r = rows[0];
    return r ? { id: r.id, trackId: r.track_id, position: Number(r.position), addedAt: new Date(r.added_at), durationMs: Number(r.duration_ms ?? 0) } : null;
  }

  async shift(playlistId: string, from: number, to: number | null, delta: number, o: Tx) {
    const position = to === null ? { [Op.gte]: from } : { [Op.between]: [from, to] };
    await PlaylistTrackModel.update(
      { position: this.db.sequelize.literal(`position + ${Math.trunc(delta)}`) },
      { where: { playlistId, position }, transaction: o.transaction },
    );
  }

  async insertEntries(rows: { id: string; playlistId: string; trackId: string; position: number; addedAt: Date; addedById: string | null }[], o: Tx) {
    await PlaylistTrackModel.bulkCreate(rows, { transaction: o.transaction });
  }

  async deleteEntry(entryId: string, o: Tx) {
    await PlaylistTrackModel.destroy({ where: { id: entryId }, transaction: o.transaction });
  }

  async deleteEntriesAt(playlistId: string, positions: number[] | null, o: Tx) {
    if (positions?.length === 0) return;
    await PlaylistTrackModel.destroy({ where: { playlistId, ...(positions ? { position: positions } : {}) }, transaction: o.transaction });
  }

  async setEntryPosition(entryId: string, position: number, o: Tx) {
    await PlaylistTrackModel.update({ position }, { where: { id: entryId }, transaction: o.transaction });
  }

  async adjustCounters(playlistId: string, countDelta: number, durationDelta: number, at: Date, o: Tx) {
    await PlaylistModel.update(
      {
        trackCount: this.db.sequelize.literal(`track_count + ${Math.trunc(countDelta)}`),
        durationMs: this.db.sequelize.literal(`duration_ms + ${Math.trunc(durationDelta)}`),
        updatedAt: at,
      },
      { where: { id: playlistId }, transaction: o.transaction, silent: true },
    );
  }

  async listEntries(playlistId: string, q: { limit: number; afterPosition: number | null }) {
    const rows = await PlaylistTrackModel.findAll({
      attributes: ['id', 'trackId', 'position', 'addedAt'],
      where: { playlistId, ...(q.afterPosition !== null ? { position: { [Op.gt]: q.afterPosition } } : {}) },
      order: [['position', 'ASC'], ['id', 'ASC']],
      limit: q.limit + 1,
    });
    return rows.map((m): EntryRecord => ({ id: m.id, trackId: m.trackId, position: Number(m.position), addedAt: m.addedAt }));
  }

  /**
   * A generated playlist's tracks with their positions, minus those the viewer rated low
   * (found in the same query), so a low rating acts before the next batch run.
   */
  async generatedTrackIds(playlistId: string, viewerId: string | null) {
    const agg = this.db.sequelize.getDialect() === 'postgres' ? "string_agg(CAST(r.track_id AS text), ',')" : "group_concat(r.track_id, ',')";
    const [row] = await this.db.sequelize.query<{ ids: string | null; low_rated: string | null }>(
      `SELECT p.generated_track_ids AS ids,
         (SELECT ${agg} FROM ratings r WHERE r.user_id = :viewerId AND r.score <= ${LOW_RATING}) AS low_rated
       FROM playlists p WHERE p.id = :playlistId`,
      { replacements: { playlistId, viewerId: viewerId ?? NIL }, type: QueryTypes.SELECT },
    );
    const hidden = new Set(row?.low_rated ? row.low_rated.split(',') : []);
    const ids = row?.ids ? (JSON.parse(row.ids) as string[]) : [];
    return ids.map((trackId, position) => ({ trackId, position })).filter((e) => !hidden.has(e.trackId));
  }

  /** One query for the owners of a page of playlists. */
  private async withOwners(rows: PlaylistModel[]): Promise<PlaylistRecord[]> {
    if (rows.length === 0) return [];
    const ownerIds = [...new Set(rows.map((r) => r.ownerId))];
    const owners = await this.db.sequelize.query<{ id: string; username: string; display_name: string }>(
      'SELECT id, username, display_name FROM users WHERE id IN (:ownerIds)',
      { replacements: { ownerIds }, type: QueryTypes.SELECT },
    );
    const byId = new Map(owners.map((u): [string, PlaylistOwner] => [u.id, { id: u.id, username: u.username, displayName: u.display_name }]));
    return rows.map((m) => ({
      id: m.id,
      ownerId: m.ownerId,
      owner: byId.get(m.ownerId) ?? { id: m.ownerId, username: '', displayName: '' },
      name: m.name,
      description: m.description,
      coverKey: m.coverKey,
      visibility: m.visibility,
      kind: m.kind,
      trackCount: Number(m.trackCount),
      // BIGINT comes back as a string from pg.
      durationMs: Number(m.durationMs),
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    }));
  }
}
