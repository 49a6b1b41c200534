import { QueryTypes, type Transaction } from 'sequelize';
import { isUuid } from '../../shared/ids.js';
import { RatingModel } from './rating.model.js';
import type { RatingRepository } from './rating.types.js';
import type { Database } from '../../db/index.js';

type Tx = { transaction: Transaction };

export class SequelizeRatingRepository implements RatingRepository {
  constructor(private readonly db: Database) {}

  async lockTrack(trackId: string, o: Tx) {
    if (!isUuid(trackId)) return null;
    // SQLite has no FOR UPDATE; its IMMEDIATE transaction already holds the database's write lock.
    const forUpdate = this.db.sequelize.getDialect() === 'postgres' ? ' FOR UPDATE' : '';
    const rows = await this.db.sequelize.query<{ rating_count: number; rating_sum: number }>(
      `SELECT rating_count, rating_sum FROM tracks WHERE id = :trackId${forUpdate}`,
      { replacements: { trackId }, type: QueryTypes.SELECT, transaction: o.transaction },
    );
    const r = rows[0];
    return r ? { ratingCount: Number(r.rating_count), ratingSum: Number(r.rating_sum) } : null;
  }

  async findScore(userId: string, trackId: string, o: Tx) {
    const m = await RatingModel.findOne({ attributes: ['score'], where: { userId, trackId }, transaction: o.transaction });
    return m ? Number(m.score) : null;
  }

  async insert(userId: string, trackId: string, score: number, at: Date, o: Tx) {
    await RatingModel.create({ userId, trackId, score, createdAt: at, updatedAt: at }, { transaction: o.transaction });
  }

  async updateScore(userId: string, trackId: string, score: number, at: Date, o: Tx) {
    await RatingModel.update({ score, updatedAt: at }, { where: { userId, trackId }, transaction: o.transaction, silent: true });
  }

  async delete(userId: string, trackId: string, o: Tx) {
    await RatingModel.destroy({ where: { userId, trackId }, transaction: o.transaction });
  }

  async adjustTrack(trackId: string, countDelta: number, sumDelta: number, o: Tx) {
    await this.db.sequelize.query('UPDATE tracks SET rating_count = rating_count + :countDelta, rating_sum = rating_sum + :sumDelta WHERE id = :trackId', {
      replacements: { trackId, countDelta: Math.trunc(countDelta), sumDelta: Math.trunc(sumDelta) },
      transaction: o.transaction,
    });
  }
}
