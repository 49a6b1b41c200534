import type { Migration } from './helpers.js';

/**
 * Recommendations and similar tracks are derived data, replaced wholesale by each run in the
 * same transaction that writes the run's row, and runs are never deleted. Their `run_id`
 * foreign keys (and the indexes that only served their cascades) cost a trigger call and an
 * index entry for each of the ~12M rows a full run writes, and protected nothing. The user
 * and track foreign keys stay: they keep deletions of users and tracks consistent.
 * PostgreSQL only: SQLite cannot drop a foreign key without rebuilding the table, and its
 * writes do not pay per-row trigger costs of this size.
 */
export const recommendationRunRefs: Migration = {
  name: '0601-recommendation-run-refs',
  async up({ context: qi }) {
    if (qi.sequelize.getDialect() !== 'postgres') return;
    const q = (sql: string) => qi.sequelize.query(sql);
    await q('ALTER TABLE recommendations DROP CONSTRAINT IF EXISTS recommendations_run_id_fkey');
    await q('ALTER TABLE track_similarities DROP CONSTRAINT IF EXISTS track_similarities_run_id_fkey');
    await q('DROP INDEX IF EXISTS recommendations_run_idx');
    await q('DROP INDEX IF EXISTS track_similarities_run_idx');
  },
  async down({ context: qi }) {
    if (qi.sequelize.getDialect() !== 'postgres') return;
    const q = (sql: string) => qi.sequelize.query(sql);
    for (const table of ['recommendations', 'track_similarities']) {
      await q(`DELETE FROM ${table} WHERE run_id NOT IN (SELECT id FROM recommendation_runs)`);
      await q(
        `ALTER TABLE ${table} ADD CONSTRAINT ${table}_run_id_fkey FOREIGN KEY (run_id) REFERENCES recommendation_runs (id) ON DELETE CASCADE ON UPDATE CASCADE`,
      );
      await q(`CREATE INDEX ${table}_run_idx ON ${table} (run_id)`);
    }
  },
};
