import { DataTypes } from 'sequelize';
import { fk, type Migration } from './helpers.js';

const { STRING, DATE } = DataTypes;

/**
 * `rhythmo import --owner`: written before a file is ingested, so the artists that file's
 * track creates can be handed to the owner even if the run is killed right after the track
 * is committed (the next run settles what is left).
 */
export const importOwnerClaims: Migration = {
  name: '0401-import-owner-claims',
  async up({ context: qi }) {
    await qi.createTable('import_owner_claims', {
      sha256: { type: STRING(64), primaryKey: true, allowNull: false },
      user_id: { ...fk('users', 'CASCADE', { primaryKey: true }), allowNull: false },
      created_at: { type: DATE, allowNull: false },
    });
  },
  async down({ context: qi }) {
    await qi.dropTable('import_owner_claims');
  },
};
