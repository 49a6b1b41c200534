import { QueryTypes, type Sequelize } from 'sequelize';
import { foldText } from './catalog.rules.js';

/** Searched tables and their text column; PostgreSQL generates search_text, SQLite stores what the application folds. */
export const SEARCHED_TEXT = [
  { table: 'tracks', column: 'title' },
  { table: 'albums', column: 'title' },
  { table: 'artists', column: 'name' },
  { table: 'playlists', column: 'name' },
] as const;

/** Rows folded per statement: three bound values each, far below SQLite's limit. */
const BATCH = 500;

/**
 * SQLite has no unaccent, so the application folds: rows whose search_text is NULL (new ones,
 * and renamed ones, which a trigger sets back to NULL) get foldText() of their text, and a
 * trigger puts them in the FTS index. A row renamed between the read and the write keeps NULL
 * (its text no longer matches) and is folded on the next pass.
 */
export async function foldPendingRows(sequelize: Sequelize, table: string, column: string): Promise<void> {
  for (;;) {
    const rows = await sequelize.query<{ id: string; text: string }>(`SELECT id, ${column} AS text FROM ${table} WHERE search_text IS NULL LIMIT ${BATCH}`, {
      type: QueryTypes.SELECT,
    });
    if (rows.length === 0) return;
    const values = rows.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(', ');
    await sequelize.query(
      `UPDATE ${table} SET search_text = v.column3 FROM (VALUES ${values}) AS v
        WHERE ${table}.id = v.column1 AND ${table}.${column} = v.column2 AND ${table}.search_text IS NULL`,
      { bind: rows.flatMap((r) => [r.id, r.text, foldText(r.text)]) },
    );
    if (rows.length < BATCH) return;
  }
}
