import { DataTypes } from 'sequelize';
import { id, timestamps, type Migration } from './helpers.js';

/**
 * Background jobs as the panel and the API see them: one row per queued job with its state,
 * progress and result, on both databases. On PostgreSQL pg-boss delivers the jobs (its own
 * schema, `pgboss`) and this row mirrors them; on SQLite this table is the queue itself. At most
 * one queued or running job per singleton key (one recommendation run at a time).
 */
export const jobRuns: Migration = {
  name: '0970-job-runs',
  async up({ context: qi }) {
    await qi.createTable('job_runs', {
      id: id(),
      kind: { type: DataTypes.STRING(64), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      singleton_key: { type: DataTypes.STRING(64), allowNull: true },
      data: { type: DataTypes.JSON, allowNull: false },
      progress: { type: DataTypes.JSON, allowNull: true },
      result: { type: DataTypes.JSON, allowNull: true },
      error: { type: DataTypes.TEXT, allowNull: true },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      max_attempts: { type: DataTypes.INTEGER, allowNull: false },
      requested_by: { type: DataTypes.UUID, allowNull: true },
      run_after: { type: DataTypes.DATE, allowNull: false },
      heartbeat_at: { type: DataTypes.DATE, allowNull: true },
      started_at: { type: DataTypes.DATE, allowNull: true },
      finished_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps(),
    });
    await qi.addIndex('job_runs', ['singleton_key'], { name: 'job_runs_singleton_idx', unique: true, where: { status: ['queued', 'running'] } });
    await qi.addIndex('job_runs', ['status', 'run_after'], { name: 'job_runs_due_idx' });
    await qi.addIndex('job_runs', ['kind', 'created_at'], { name: 'job_runs_kind_idx' });
  },
  async down({ context: qi }) {
    await qi.dropTable('job_runs');
  },
};
