import type { Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import type { Dialect } from '../../db/index.js';

export type Column = { name: string; pg: string };

/** The text form Sequelize itself writes to SQLite, so every reader parses these rows alike. */
export const sqliteDate = (d: Date) => `${d.toISOString().replace('T', ' ').replace('Z', '')} +00:00`;

/**
 * Multi-row insert in large batches. PostgreSQL gets one array per column through unnest
 * (a handful of parameters however many rows); SQLite gets plain multi-row VALUES.
 */
export async function insertRows(sequelize: Sequelize, dialect: Dialect, table: string, columns: Column[], data: unknown[][], t?: Transaction): Promise<void> {
  const rows = data[0]?.length ?? 0;
  if (rows === 0) return;
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  if (dialect === 'postgres') {
    const batch = 20_000;
    const args = columns.map((c, i) => `$${i + 1}::${c.pg}[]`).join(', ');
    for (let s = 0; s < rows; s += batch) {
      await sequelize.query(`INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${args})`, {
        bind: data.map((col) => col.slice(s, s + batch)),
        transaction: t,
      });
    }
    return;
  }
  const batch = Math.max(1, Math.floor(30_000 / columns.length));
  for (let s = 0; s < rows; s += batch) {
    const n = Math.min(batch, rows - s);
    const one = `(${columns.map(() => '?').join(', ')})`;
    const values: unknown[] = [];
    for (let r = s; r < s + n; r++) for (const col of data) values.push(col[r] instanceof Date ? sqliteDate(col[r] as Date) : col[r]);
    await sequelize.query(`INSERT INTO "${table}" (${names}) VALUES ${Array(n).fill(one).join(', ')}`, { replacements: values, transaction: t });
  }
}
