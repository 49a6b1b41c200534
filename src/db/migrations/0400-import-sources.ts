import { DataTypes } from 'sequelize';
import { fk, type Migration } from './helpers.js';

const { STRING, TEXT, BIGINT, DATE } = DataTypes;

/**
 * What the importer has already seen, by source path: a second run over unchanged files
 * (same size and mtime) skips them without reading a byte. Deleting the track drops the row,
 * so a deleted track is imported again rather than reported as present.
 */
export const importSources: Migration = {
  name: '0400-import-sources',
  async up({ context: qi }) {
    await qi.createTable('import_sources', {
      // sha256 of the real path: a fixed-size key, whatever the path's length.
      path_hash: { type: STRING(64), primaryKey: true, allowNull: false },
      path: { type: TEXT, allowNull: false },
      size_bytes: { type: BIGINT, allowNull: false },
      mtime_ms: { type: BIGINT, allowNull: false },
      sha256: { type: STRING(64), allowNull: false },
      track_id: fk('tracks', 'CASCADE'),
      updated_at: { type: DATE, allowNull: false },
    });
    await qi.addIndex('import_sources', ['sha256'], { name: 'import_sources_sha256_idx' });
    await qi.addIndex('import_sources', ['track_id'], { name: 'import_sources_track_idx' });
  },
  async down({ context: qi }) {
    await qi.dropTable('import_sources');
  },
};
