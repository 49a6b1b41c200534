import { DataTypes, QueryTypes } from 'sequelize';
import type { Migration } from './helpers.js';

/** Searched text per table; playlists are indexed whole and filtered to public ones at query time. */
const SEARCHED = [
  { table: 'tracks', column: 'title' },
  { table: 'albums', column: 'title' },
  { table: 'artists', column: 'name' },
  { table: 'playlists', column: 'name' },
];

/** Same rule as the catalog's nameKey(); duplicated on purpose because migrations never change once shipped. */
const nameKey = (name: string) => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

export const catalogSearch: Migration = {
  name: '0100-catalog-search',
  async up({ context: qi }) {
    const sequelize = qi.sequelize;
    const dialect = sequelize.getDialect();

    // Find-or-create by name needs a case-insensitive identity that works on both databases
    // (SQLite's lower() only folds ASCII), so the application computes it.
    await qi.addColumn('artists', 'name_key', { type: DataTypes.STRING(200), allowNull: true });
    const artists = await sequelize.query<{ id: string; name: string }>('SELECT id, name FROM artists', { type: QueryTypes.SELECT });
    for (const a of artists) await sequelize.query('UPDATE artists SET name_key = ? WHERE id = ?', { replacements: [nameKey(a.name), a.id] });
    await qi.addIndex('artists', ['name_key'], { unique: true, name: 'artists_name_key_uq' });

    if (dialect === 'postgres') {
      await sequelize.query('CREATE EXTENSION IF NOT EXISTS unaccent');
      await sequelize.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      // unaccent() is only STABLE (its dictionary could change); indexes need IMMUTABLE, and
      // pinning the dictionary makes that promise true.
      await sequelize.query(`
        CREATE OR REPLACE FUNCTION rhythmo_norm(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`);
      // Stored, not expression-only: ranking reads the folded text of every match, and
      // unaccent per row at query time costs more than the index lookup itself.
      for (const { table, column } of SEARCHED) {
        await sequelize.query(`ALTER TABLE ${table} ADD COLUMN search_text text GENERATED ALWAYS AS (rhythmo_norm(${column})) STORED`);
        await sequelize.query(`ALTER TABLE ${table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', rhythmo_norm(${column}))) STORED`);
        await sequelize.query(`CREATE INDEX ${table}_search_fts_idx ON ${table} USING gin (search_vector)`);
        await sequelize.query(`CREATE INDEX ${table}_search_trgm_idx ON ${table} USING gin (search_text gin_trgm_ops)`);
        // Byte order makes LIKE 'prefix%' a range scan that also returns rows in order.
        await sequelize.query(`CREATE INDEX ${table}_search_prefix_idx ON ${table} (search_text COLLATE "C")`);
      }
      // Every indexed word, so that a misspelt query word can be corrected by edit distance
      // (trigrams alone miss transpositions in short words: "dwan" shares one with "dawn").
      // Words of deleted rows stay; a stale word only leads to a query that finds nothing.
      await sequelize.query('CREATE EXTENSION IF NOT EXISTS fuzzystrmatch');
      await sequelize.query('CREATE TABLE search_words (word text PRIMARY KEY)');
      await sequelize.query('CREATE INDEX search_words_length_idx ON search_words (length(word))');
      await sequelize.query('CREATE INDEX search_words_prefix_idx ON search_words (word COLLATE "C")');
      await sequelize.query(`
        CREATE OR REPLACE FUNCTION rhythmo_collect_words() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO search_words (word) SELECT unnest(tsvector_to_array(NEW.search_vector)) ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $$`);
      for (const { table, column } of SEARCHED) {
        await sequelize.query(`CREATE TRIGGER ${table}_search_words AFTER INSERT OR UPDATE OF ${column} ON ${table} FOR EACH ROW EXECUTE FUNCTION rhythmo_collect_words()`);
        await sequelize.query(`INSERT INTO search_words (word) SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM ${table} ON CONFLICT DO NOTHING`);
      }
      return;
    }

    for (const { table, column } of SEARCHED) {
      const fts = `${table}_fts`;
      await sequelize.query(`CREATE VIRTUAL TABLE ${fts} USING fts5(id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2')`);
      await sequelize.query(`CREATE VIRTUAL TABLE ${fts}_vocab USING fts5vocab(${fts}, 'row')`);
      await sequelize.query(`INSERT INTO ${fts} (id, text) SELECT id, ${column} FROM ${table}`);
      await sequelize.query(`CREATE TRIGGER ${fts}_insert AFTER INSERT ON ${table} BEGIN INSERT INTO ${fts} (id, text) VALUES (new.id, new.${column}); END`);
      await sequelize.query(`CREATE TRIGGER ${fts}_delete AFTER DELETE ON ${table} BEGIN DELETE FROM ${fts} WHERE id = old.id; END`);
      await sequelize.query(
        `CREATE TRIGGER ${fts}_update AFTER UPDATE OF ${column} ON ${table} BEGIN UPDATE ${fts} SET text = new.${column} WHERE id = old.id; END`,
      );
    }
  },
  async down({ context: qi }) {
    const sequelize = qi.sequelize;
    if (sequelize.getDialect() === 'postgres') {
      for (const { table } of SEARCHED) {
        await sequelize.query(`DROP TRIGGER IF EXISTS ${table}_search_words ON ${table}`);
        await sequelize.query(`DROP INDEX IF EXISTS ${table}_search_prefix_idx`);
        await sequelize.query(`DROP INDEX IF EXISTS ${table}_search_fts_idx`);
        await sequelize.query(`DROP INDEX IF EXISTS ${table}_search_trgm_idx`);
        await sequelize.query(`ALTER TABLE ${table} DROP COLUMN IF EXISTS search_vector, DROP COLUMN IF EXISTS search_text`);
      }
      await sequelize.query('DROP TABLE IF EXISTS search_words');
      await sequelize.query('DROP FUNCTION IF EXISTS rhythmo_collect_words()');
      await sequelize.query('DROP FUNCTION IF EXISTS rhythmo_norm(text)');
    } else {
      for (const { table } of SEARCHED) {
        for (const suffix of ['insert', 'delete', 'update']) await sequelize.query(`DROP TRIGGER IF EXISTS ${table}_fts_${suffix}`);
        await sequelize.query(`DROP TABLE IF EXISTS ${table}_fts_vocab`);
        await sequelize.query(`DROP TABLE IF EXISTS ${table}_fts`);
      }
    }
    await qi.removeIndex('artists', 'artists_name_key_uq');
    await qi.removeColumn('artists', 'name_key');
  },
};
