import { DataTypes } from 'sequelize';
import { fk, id, timestamps, type Migration } from './helpers.js';

/** Keys that Subsonic apps sign in with; each kept encrypted, with a lookup hash for keys given on their own. */
export const apiKeys: Migration = {
  name: '0930-api-keys',
  async up({ context: qi }) {
    await qi.createTable('api_keys', {
      id: id(),
      user_id: fk('users', 'CASCADE'),
      name: { type: DataTypes.STRING(100), allowNull: false },
      lookup_hash: { type: DataTypes.STRING(64), allowNull: false },
      encrypted_key: { type: DataTypes.STRING(255), allowNull: false },
      last_used_at: { type: DataTypes.DATE, allowNull: true },
      ...timestamps(false),
    });
    await qi.addIndex('api_keys', ['lookup_hash'], { unique: true, name: 'api_keys_lookup_hash_uq' });
    await qi.addIndex('api_keys', ['user_id'], { name: 'api_keys_user_idx' });
  },
  async down({ context: qi }) {
    await qi.dropTable('api_keys');
  },
};
