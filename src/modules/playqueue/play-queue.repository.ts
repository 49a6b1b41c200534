import { QueryTypes } from 'sequelize';
import { insertRows } from '../../db/insert-rows.js';
import { PlayQueueEntryModel, PlayQueueModel } from './play-queue.model.js';
import type { PlayQueueRecord, PlayQueueRepository } from './play-queue.types.js';
import type { Database } from '../../db/index.js';

export class SequelizePlayQueueRepository implements PlayQueueRepository {
  constructor(private readonly db: Database) {}

  async find(userId: string): Promise<PlayQueueRecord | null> {
    const queue = await PlayQueueModel.findByPk(userId);
    if (!queue) return null;
    const entries = await PlayQueueEntryModel.findAll({ attributes: ['trackId'], where: { userId }, order: [['position', 'ASC']] });
    return {
      trackIds: entries.map((e) => e.trackId),
      currentTrackId: queue.currentTrackId,
      positionMs: Number(queue.positionMs),
      changedBy: queue.changedBy,
      changedAt: queue.updatedAt,
    };
  }

  async existingTrackIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.sequelize.query<{ id: string }>('SELECT id FROM tracks WHERE id IN (:ids)', { replacements: { ids }, type: QueryTypes.SELECT });
    return new Set(rows.map((r) => r.id));
  }

  async replace(userId: string, q: PlayQueueRecord, { transaction }: Parameters<PlayQueueRepository['replace']>[2]): Promise<void> {
    // The queue's row first: it stays locked to this transaction, so two devices saving at once
    // replace the entries one after the other instead of colliding on their positions.
    await insertRows(
      PlayQueueModel,
      [{ userId, currentTrackId: q.currentTrackId, positionMs: q.positionMs, changedBy: q.changedBy, createdAt: q.changedAt, updatedAt: q.changedAt }],
      { transaction, updateOnDuplicate: { key: ['userId'], update: ['currentTrackId', 'positionMs', 'changedBy', 'updatedAt'] } },
    );
    await PlayQueueEntryModel.destroy({ where: { userId }, transaction });
    await insertRows(PlayQueueEntryModel, q.trackIds.map((trackId, position) => ({ userId, position, trackId })), { transaction });
  }

  async remove(userId: string, { transaction }: Parameters<PlayQueueRepository['remove']>[1]): Promise<void> {
    await PlayQueueEntryModel.destroy({ where: { userId }, transaction });
    await PlayQueueModel.destroy({ where: { userId }, transaction });
  }
}
