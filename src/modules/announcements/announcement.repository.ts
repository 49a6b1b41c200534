import { Op } from 'sequelize';
import type { Database } from '../../db/index.js';
import { newId } from '../../shared/ids.js';
import { AnnouncementModel } from './announcement.model.js';
import type { AnnouncementRecord, AnnouncementRepository } from './announcement.types.js';

const toRecord = (m: AnnouncementModel): AnnouncementRecord => {
  const p = m.get({ plain: true }) as AnnouncementRecord;
  return { id: p.id, seq: Number(p.seq), authorId: p.authorId ?? null, text: p.text, createdAt: new Date(p.createdAt) };
};

export class SequelizeAnnouncementRepository implements AnnouncementRepository {
  constructor(private readonly db: Database) {}

  /**
   * seq is max + 1, taken while holding the table against other posts: concurrent posts would
   * otherwise read the same max, and a sequence would let a later seq commit before an earlier
   * one, so a client resuming after the later one would never see the earlier. SQLite's write
   * transactions take turns already.
   */
  async create(input: { authorId: string | null; text: string }) {
    return this.db.transaction(async (transaction) => {
      if (this.db.dialect === 'postgres') await this.db.sequelize.query('LOCK TABLE announcements IN SHARE ROW EXCLUSIVE MODE', { transaction });
      const max = (await AnnouncementModel.max('seq', { transaction })) as number | null;
      const m = await AnnouncementModel.create({ id: newId(), seq: Number(max ?? 0) + 1, authorId: input.authorId, text: input.text }, { transaction });
      return toRecord(m);
    });
  }

  async listBefore(beforeSeq: number | null, limit: number) {
    const rows = await AnnouncementModel.findAll({
      where: beforeSeq === null ? {} : { seq: { [Op.lt]: beforeSeq } },
      order: [['seq', 'DESC']],
      limit,
    });
    return rows.map(toRecord);
  }

  async listAfter(afterSeq: number, limit: number) {
    const rows = await AnnouncementModel.findAll({ where: { seq: { [Op.gt]: afterSeq } }, order: [['seq', 'ASC']], limit });
    return rows.map(toRecord);
  }

  async get(id: string) {
    const m = await AnnouncementModel.findByPk(id);
    return m && toRecord(m);
  }

  async delete(id: string) {
    return (await AnnouncementModel.destroy({ where: { id } })) > 0;
  }
}
