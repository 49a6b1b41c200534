import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import { isUuid } from '../../shared/ids.js';
import { LikedTrackModel } from './liked-track.model.js';
import { SavedAlbumModel } from './saved-album.model.js';
import type { LibraryItem, LibraryListQuery, LibraryRepository } from './library.types.js';
import type { Database } from '../../db/index.js';

/** created_at < at, or the same instant and a smaller id: the keyset after the cursor row. */
function after(cursor: LibraryListQuery['cursor'], idField: string): WhereOptions[] {
  if (!cursor) return [];
  const [createdAt, id] = cursor as [string, string];
  const at = new Date(createdAt);
  return [{ [Op.or]: [{ createdAt: { [Op.lt]: at } }, { createdAt: at, [idField]: { [Op.lt]: id } }] }];
}

export class SequelizeLibraryRepository implements LibraryRepository {
  constructor(private readonly db: Database) {}

  async trackExists(trackId: string) {
    return this.exists('tracks', trackId);
  }

  async albumExists(albumId: string) {
    return this.exists('albums', albumId);
  }

  async likeTrack(userId: string, trackId: string, at: Date) {
    await LikedTrackModel.bulkCreate([{ userId, trackId, createdAt: at }], { ignoreDuplicates: true });
  }

  async unlikeTrack(userId: string, trackId: string) {
    await LikedTrackModel.destroy({ where: { userId, trackId } });
  }

  async saveAlbum(userId: string, albumId: string, at: Date) {
    await SavedAlbumModel.bulkCreate([{ userId, albumId, createdAt: at }], { ignoreDuplicates: true });
  }

  async unsaveAlbum(userId: string, albumId: string) {
    await SavedAlbumModel.destroy({ where: { userId, albumId } });
  }

  async listLikedTracks(q: LibraryListQuery) {
    const rows = await LikedTrackModel.findAll({
      attributes: ['trackId', 'createdAt'],
      where: { [Op.and]: [{ userId: q.userId }, ...after(q.cursor, 'trackId')] },
      order: [['createdAt', 'DESC'], ['trackId', 'DESC']],
      limit: q.limit + 1,
    });
    return rows.map((m): LibraryItem => ({ id: m.trackId, at: m.createdAt }));
  }

  async listSavedAlbums(q: LibraryListQuery) {
    const rows = await SavedAlbumModel.findAll({
      attributes: ['albumId', 'createdAt'],
      where: { [Op.and]: [{ userId: q.userId }, ...after(q.cursor, 'albumId')] },
      order: [['createdAt', 'DESC'], ['albumId', 'DESC']],
      limit: q.limit + 1,
    });
    return rows.map((m): LibraryItem => ({ id: m.albumId, at: m.createdAt }));
  }

  private async exists(table: 'tracks' | 'albums', id: string) {
    if (!isUuid(id)) return false;
    const rows = await this.db.sequelize.query(`SELECT 1 AS one FROM ${table} WHERE id = :id`, { replacements: { id }, type: QueryTypes.SELECT });
    return rows.length > 0;
  }
}
