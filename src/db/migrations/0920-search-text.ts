import type { Sequelize } from 'sequelize';
import { foldPendingRows, SEARCHED_TEXT } from '../../modules/catalog/search-text.js';
import type { Migration } from './helpers.js';

/**
 * SQLite searches the same folded text as PostgreSQL (lower(unaccent()), see foldText). FTS5's
 * own diacritics removal differed: it kept "ё" where PostgreSQL has "е" and took the breve off
 * "й" where PostgreSQL keeps it, so "Лёд" was found by neither "лёд" nor "лед". Each searched
 * table gets a search_text column that the application fills (SQLite cannot call unaccent),
 * NULL while pending: new rows, and rows whose text changed, by trigger. The FTS index holds
 * search_text as it is, marks included (Indic vowel signs belong to their word). The backfill
 * folds with the application's own rule, the one every later search folds pending rows with.
 * PostgreSQL has generated search_text since 0100.
 */
export const searchText: Migration = {
  name: '0920-search-text',
  async up({ context: qi }) {
    const sequelize = qi.sequelize;
    if (sequelize.getDialect() === 'postgres') return;
    const q = (sql: string) => sequelize.query(sql);
    for (const { table, column } of SEARCHED_TEXT) {
      const fts = `${table}_fts`;
      await dropIndex(sequelize, table);
      await q(`ALTER TABLE ${table} ADD COLUMN search_text TEXT`);
      // Searches look for pending rows before each query: this keeps that look cheap.
      await q(`CREATE INDEX ${table}_search_pending_idx ON ${table} (id) WHERE search_text IS NULL`);
      await q(`CREATE VIRTUAL TABLE ${fts} USING fts5(id UNINDEXED, text, tokenize = "unicode61 remove_diacritics 0 categories 'L* M* N*'")`);
      await q(`CREATE VIRTUAL TABLE ${fts}_vocab USING fts5vocab(${fts}, 'row')`);
      await q(`CREATE TRIGGER ${table}_search_stale AFTER UPDATE OF ${column} ON ${table} WHEN new.${column} IS NOT old.${column}
               BEGIN UPDATE ${table} SET search_text = NULL WHERE id = new.id; END`);
      await q(`CREATE TRIGGER ${fts}_insert AFTER INSERT ON ${table} WHEN new.search_text IS NOT NULL
               BEGIN INSERT INTO ${fts} (id, text) VALUES (new.id, new.search_text); END`);
      // Only a row that was indexed is looked for in the index (id is not indexed there, so that is a scan).
      await q(`CREATE TRIGGER ${fts}_unindex AFTER UPDATE OF search_text ON ${table} WHEN old.search_text IS NOT NULL
               BEGIN DELETE FROM ${fts} WHERE id = old.id; END`);
      await q(`CREATE TRIGGER ${fts}_index AFTER UPDATE OF search_text ON ${table} WHEN new.search_text IS NOT NULL
               BEGIN INSERT INTO ${fts} (id, text) VALUES (new.id, new.search_text); END`);
      await q(`CREATE TRIGGER ${fts}_delete AFTER DELETE ON ${table} WHEN old.search_text IS NOT NULL
               BEGIN DELETE FROM ${fts} WHERE id = old.id; END`);
      await foldPendingRows(sequelize, table, column);
    }
  },
  async down({ context: qi }) {
    const sequelize = qi.sequelize;
    if (sequelize.getDialect() === 'postgres') return;
    const q = (sql: string) => sequelize.query(sql);
    for (const { table, column } of SEARCHED_TEXT) {
      const fts = `${table}_fts`;
      await dropIndex(sequelize, table);
      await q(`DROP TRIGGER IF EXISTS ${table}_search_stale`);
      await q(`DROP INDEX IF EXISTS ${table}_search_pending_idx`);
      await q(`ALTER TABLE ${table} DROP COLUMN search_text`);
      // As 0100-catalog-search made them.
      await q(`CREATE VIRTUAL TABLE ${fts} USING fts5(id UNINDEXED, text, tokenize = 'unicode61 remove_diacritics 2')`);
      await q(`CREATE VIRTUAL TABLE ${fts}_vocab USING fts5vocab(${fts}, 'row')`);
      await q(`INSERT INTO ${fts} (id, text) SELECT id, ${column} FROM ${table}`);
      await q(`CREATE TRIGGER ${fts}_insert AFTER INSERT ON ${table} BEGIN INSERT INTO ${fts} (id, text) VALUES (new.id, new.${column}); END`);
      await q(`CREATE TRIGGER ${fts}_delete AFTER DELETE ON ${table} BEGIN DELETE FROM ${fts} WHERE id = old.id; END`);
      await q(`CREATE TRIGGER ${fts}_update AFTER UPDATE OF ${column} ON ${table} BEGIN UPDATE ${fts} SET text = new.${column} WHERE id = old.id; END`);
    }
  },
};

/** The FTS table of one searched table with its vocabulary and every trigger that feeds it, as 0100 or this migration made them. */
async function dropIndex(sequelize: Sequelize, table: string): Promise<void> {
  const fts = `${table}_fts`;
  for (const suffix of ['insert', 'update', 'delete', 'index', 'unindex']) await sequelize.query(`DROP TRIGGER IF EXISTS ${fts}_${suffix}`);
  await sequelize.query(`DROP TABLE IF EXISTS ${fts}_vocab`);
  await sequelize.query(`DROP TABLE IF EXISTS ${fts}`);
}
