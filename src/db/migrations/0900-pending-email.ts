import { DataTypes } from 'sequelize';
import type { Migration } from './helpers.js';

/** A requested new address waits here until its link is opened; the account keeps its old one until then. */
export const pendingEmail: Migration = {
  name: '0900-pending-email',
  async up({ context: qi }) {
    await qi.addColumn('users', 'pending_email', { type: DataTypes.STRING(254), allowNull: true });
  },
  async down({ context: qi }) {
    await qi.removeColumn('users', 'pending_email');
  },
};
