import { DataTypes } from 'sequelize';
import type { Migration } from './helpers.js';

/**
 * The auth rate-limit counters, when several processes on several hosts share one PostgreSQL
 * database: one row per counted key (`login:account:alice`, `login:ip:203.0.113.9`) with its
 * failures in the current fixed window and when that window ends. Rows whose window ended are
 * pruned. SQLite keeps the counters in memory (one host: the process, or the cluster's primary),
 * so the table stays empty there.
 */
export const authAttempts: Migration = {
  name: '0960-auth-attempts',
  async up({ context: qi }) {
    await qi.createTable('auth_attempts', {
      key: { type: DataTypes.TEXT, primaryKey: true, allowNull: false },
      count: { type: DataTypes.INTEGER, allowNull: false },
      reset_at: { type: DataTypes.DATE, allowNull: false },
    });
    await qi.addIndex('auth_attempts', ['reset_at'], { name: 'auth_attempts_reset_at_idx' });
  },
  async down({ context: qi }) {
    await qi.dropTable('auth_attempts');
  },
};
