import { QueryTypes, type Transaction } from 'sequelize';
import type { Sequelize } from 'sequelize-typescript';
import type { Dialect } from '../../db/index.js';
import { sqliteDate } from '../../db/dialect.js';

export type Column = { name: string; pg: string };

/**
 * Multi-row insert in large batches. PostgreSQL gets one array per column through unnest
 * (a handful of parameters however many rows), or, for `wide` rows carrying long text (stored
 * lists), a multi-row VALUES with every value bound on its own: a text[] literal of many
 * kilobyte-long JSON strings has to be escaped by the client and parsed again by the server,
 * which measured about 3x slower. SQLite gets plain multi-row VALUES.
 */
export async function insertRows(sequelize: Sequelize, dialect: Dialect, table: string, columns: Column[], data: unknown[][], t?: Transaction, opts: { wide?: boolean } = {}): Promise<void> {
  const rows = data[0]?.length ?? 0;
  if (rows === 0) return;
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  if (dialect === 'postgres' && !opts.wide) {
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
  if (dialect === 'postgres') {
    // PostgreSQL takes at most 65,535 parameters per statement
    const batch = Math.floor(60_000 / columns.length);
    for (let s = 0; s < rows; s += batch) {
      const n = Math.min(batch, rows - s);
      const tuples: string[] = [];
      const values: unknown[] = [];
      for (let r = s; r < s + n; r++) {
        tuples.push(`(${columns.map((c, j) => `$${values.push(data[j]![r])}::${c.pg}`).join(', ')})`);
      }
      await sequelize.query(`INSERT INTO "${table}" (${names}) VALUES ${tuples.join(', ')}`, { bind: values, transaction: t });
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

/**
 * PostgreSQL: runs `fill` with the table's secondary indexes and foreign keys dropped, then
 * rebuilds them, all in the caller's transaction (a failure restores everything). Millions of
 * rows with random keys would otherwise update each index at a random page and check each key
 * one row at a time; one sort per index and one join per foreign key afterwards are far
 * cheaper. For bulk loads of synthetic data only: the table is locked for the whole load.
 */
export async function withIndexesRebuilt(sequelize: Sequelize, table: string, t: Transaction, fill: () => Promise<void>): Promise<void> {
  const q = <T extends object>(sql: string) => sequelize.query<T>(sql, { type: QueryTypes.SELECT, transaction: t, replacements: { table } });
  const fks = await q<{ name: string; def: string }>(
    "SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = CAST(:table AS regclass) AND contype = 'f'",
  );
  const indexes = await q<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = :table
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = CAST(:table AS regclass))`,
  );
  const run = (sql: string) => sequelize.query(sql, { transaction: t });
  for (const f of fks) await run(`ALTER TABLE "${table}" DROP CONSTRAINT "${f.name}"`);
  for (const i of indexes) await run(`DROP INDEX "${i.name}"`);
  await fill();
  await run("SET LOCAL maintenance_work_mem = '256MB'");
  for (const i of indexes) await run(i.def);
  for (const f of fks) await run(`ALTER TABLE "${table}" ADD CONSTRAINT "${f.name}" ${f.def}`);
}
