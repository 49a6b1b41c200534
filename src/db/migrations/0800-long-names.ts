import type { Sequelize } from 'sequelize';
import type { Migration } from './helpers.js';

/** Columns holding titles and names, and their length before this migration. */
const COLUMNS = [
  { table: 'tracks', column: 'title', before: 300 },
  { table: 'albums', column: 'title', before: 300 },
  { table: 'artists', column: 'name', before: 200 },
];

/**
 * Titles and names up to 1,000 characters (long classical titles). SQLite ignores declared
 * lengths, so only PostgreSQL changes. There a column used by a generated column cannot change
 * type, so the search columns of 0100 go and come back, with their indexes and trigger. The artist name key
 * becomes TEXT: NFKC may make it longer than the name itself.
 */
export const longNames: Migration = {
  name: '0800-long-names',
  async up({ context: qi }) {
    const sequelize = qi.sequelize;
    if (sequelize.getDialect() !== 'postgres') return;
    for (const { table, column } of COLUMNS) {
      await resize(sequelize, table, column, 'varchar(1000)');
    }
    await sequelize.query('ALTER TABLE artists ALTER COLUMN name_key TYPE text');
  },
  async down({ context: qi }) {
    const sequelize = qi.sequelize;
    if (sequelize.getDialect() !== 'postgres') return;
    await sequelize.query('ALTER TABLE artists ALTER COLUMN name_key TYPE varchar(200) USING left(name_key, 200)');
    for (const { table, column, before } of COLUMNS) {
      await resize(sequelize, table, column, `varchar(${before})`, `left(${column}, ${before})`);
    }
  },
};

/** Same definitions as 0100-catalog-search; copied because a shipped migration never changes. */
async function resize(sequelize: Sequelize, table: string, column: string, type: string, using?: string): Promise<void> {
  // The trigger names the column (UPDATE OF), which also forbids changing its type.
  await sequelize.query(`DROP TRIGGER IF EXISTS ${table}_search_words ON ${table}`);
  await sequelize.query(`ALTER TABLE ${table} DROP COLUMN search_vector, DROP COLUMN search_text`);
  await sequelize.query(`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${type}${using ? ` USING ${using}` : ''}`);
  await sequelize.query(`ALTER TABLE ${table} ADD COLUMN search_text text GENERATED ALWAYS AS (rhythmo_norm(${column})) STORED`);
  await sequelize.query(`ALTER TABLE ${table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', rhythmo_norm(${column}))) STORED`);
  await sequelize.query(`CREATE INDEX ${table}_search_fts_idx ON ${table} USING gin (search_vector)`);
  await sequelize.query(`CREATE INDEX ${table}_search_trgm_idx ON ${table} USING gin (search_text gin_trgm_ops)`);
  await sequelize.query(`CREATE INDEX ${table}_search_prefix_idx ON ${table} (search_text COLLATE "C")`);
  await sequelize.query(`CREATE TRIGGER ${table}_search_words AFTER INSERT OR UPDATE OF ${column} ON ${table} FOR EACH ROW EXECUTE FUNCTION rhythmo_collect_words()`);
}
