import { Op, col } from 'sequelize';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { JobRunModel } from './job-run.model.js';
import type { JobKind, JobRunRecord, JobRunRepository } from './jobs.types.js';
import type { Database } from '../../db/index.js';

const plain = (m: JobRunModel | null): JobRunRecord | null => m && (m.get({ plain: true }) as JobRunRecord);

export class SequelizeJobRunRepository implements JobRunRepository {
  /** Its models are bound to the database when it opens; the argument keeps one way to build a repository. */
  constructor(_db: Database) {}

  async insert(row: Parameters<JobRunRepository['insert']>[0]): Promise<JobRunRecord | null> {
    try {
      const fresh = { ...row, status: 'queued' as const, attempts: 0, progress: null, result: null, error: null, startedAt: null, finishedAt: null };
      const m = await JobRunModel.create(fresh);
      return { ...fresh, createdAt: m.createdAt };
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  async find(id: string) {
    return plain(await JobRunModel.findByPk(id));
  }

  async findActive(singletonKey: string) {
    return plain(await JobRunModel.findOne({ where: { singletonKey, status: ['queued', 'running'] } }));
  }

  async list(kind: JobKind, opts: { limit: number; before?: { createdAt: Date; id: string } }) {
    const b = opts.before;
    const where = b ? { kind, [Op.or]: [{ createdAt: { [Op.lt]: b.createdAt } }, { createdAt: b.createdAt, id: { [Op.lt]: b.id } }] } : { kind };
    const rows = await JobRunModel.findAll({ where, order: [['createdAt', 'DESC'], ['id', 'DESC']], limit: opts.limit });
    return rows.map((m) => plain(m)!);
  }

  async claim(kind: JobKind, now: Date) {
    const next = await JobRunModel.findOne({ where: { kind, status: 'queued', runAfter: { [Op.lte]: now } }, order: [['runAfter', 'ASC'], ['createdAt', 'ASC']], attributes: ['id'] });
    if (!next) return null;
    // Conditional on the status: of two processes polling the same row, one wins.
    const [count] = await JobRunModel.update(
      { status: 'running', attempts: JobRunModel.sequelize!.literal('attempts + 1'), startedAt: now, heartbeatAt: now, error: null },
      { where: { id: next.id, status: 'queued' } },
    );
    return count === 1 ? this.find(next.id) : null;
  }

  async begin(id: string, now: Date) {
    const [count] = await JobRunModel.update(
      { status: 'running', attempts: JobRunModel.sequelize!.literal('attempts + 1'), startedAt: now, heartbeatAt: now },
      { where: { id, status: ['queued', 'running'] } },
    );
    return count === 1 ? this.find(id) : null;
  }

  async heartbeat(ids: string[], now: Date) {
    if (ids.length) await JobRunModel.update({ heartbeatAt: now }, { where: { id: ids, status: 'running' } });
  }

  async progress(id: string, progress: Record<string, unknown>) {
    await JobRunModel.update({ progress }, { where: { id, status: 'running' } });
  }

  async finish(id: string, patch: Parameters<JobRunRepository['finish']>[1]) {
    await JobRunModel.update({ ...patch }, { where: { id } });
  }

  async interruptStale(olderThan: Date, now: Date) {
    const stale = await JobRunModel.findAll({ where: { status: 'running', heartbeatAt: { [Op.lt]: olderThan } }, attributes: ['id'] });
    const ids = stale.map((m) => m.id);
    if (ids.length) {
      const error = 'The process running the job stopped before it finished';
      const attemptsLeft = { attempts: { [Op.lt]: col('max_attempts') } };
      await JobRunModel.update({ status: 'queued', error: `${error}; it will be run again`, runAfter: now }, { where: { id: ids, status: 'running', ...attemptsLeft } });
      await JobRunModel.update({ status: 'interrupted', error, finishedAt: now }, { where: { id: ids, status: 'running' } });
    }
    return ids;
  }
}
