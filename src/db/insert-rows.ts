import type { Model, ModelAttributeColumnOptions, ModelStatic, Transaction } from 'sequelize';
import { sqliteDate } from './dialect.js';

/** Bound values per statement: under PostgreSQL's 65,535 and SQLite's 32,766. */
const MAX_VALUES = 30_000;

/**
 * A multi-row INSERT straight from plain rows, for the set-based writes of a batch (imports):
 * bulkCreate builds, validates and hooks a model instance per row, and even Sequelize's
 * bulkInsert escapes every value into the statement's text; both cost more CPU than the insert
 * itself. Here every value is a bound parameter. What bulkInsert does besides is kept:
 * attribute names become column names, constant defaults are filled in, createdAt/updatedAt
 * are stamped, and a column some rows lack is NULL in those. The rows must be ones the service
 * has checked already; nothing here validates them.
 */
export async function insertRows(
  model: ModelStatic<Model>,
  rows: Record<string, unknown>[],
  opts: {
    transaction?: Transaction;
    /** Rows whose key is taken are skipped (ON CONFLICT DO NOTHING). */
    ignoreDuplicates?: boolean;
    /** Rows whose `key` attributes are taken update these attributes instead. */
    updateOnDuplicate?: { key: string[]; update: string[] };
  } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const sequelize = model.sequelize!;
  const sqlite = sequelize.getDialect() === 'sqlite';
  const attributes: Record<string, ModelAttributeColumnOptions> = model.getAttributes();
  const now = new Date();
  const stamped = new Set(model.options.timestamps ? ['createdAt', 'updatedAt'].filter((a) => a in attributes) : []);
  // The attributes any row sets (or that have a default or a stamp), in the model's order.
  const used = Object.keys(attributes).filter(
    (name) => stamped.has(name) || isConstant(attributes[name]!.defaultValue) || rows.some((row) => row[name] !== undefined),
  );
  const toDb = used.map((name) => valueWriter(attributes[name]!, sqlite));
  const fill = used.map((name) => (stamped.has(name) ? now : isConstant(attributes[name]!.defaultValue) ? attributes[name]!.defaultValue : null));
  const column = (name: string) => `"${attributes[name]?.field ?? name}"`;

  // The same text on both: SQLite (3.24 and later) has ON CONFLICT ... DO UPDATE and EXCLUDED.
  const head = `INSERT INTO "${model.getTableName().toString()}" (${used.map(column).join(',')}) VALUES `;
  let tail = '';
  if (opts.updateOnDuplicate) {
    const { key, update } = opts.updateOnDuplicate;
    tail = ` ON CONFLICT (${key.map(column).join(',')}) DO UPDATE SET ${update.map((a) => `${column(a)}=EXCLUDED.${column(a)}`).join(',')}`;
  } else if (opts.ignoreDuplicates) {
    tail = ' ON CONFLICT DO NOTHING';
  }

  const perStatement = Math.max(1, Math.floor(MAX_VALUES / used.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const marks = used.map((name, i) => {
        const value = row[name];
        values.push(toDb[i]!(value === undefined ? fill[i] : value));
        return `$${values.length}`;
      });
      return `(${marks.join(',')})`;
    });
    await sequelize.query(head + tuples.join(',') + tail, { bind: values, transaction: opts.transaction });
  }
}

/** A default the database would not compute (Sequelize's NOW or UUIDV4 are objects, functions are called per row). */
const isConstant = (v: unknown) => v !== undefined && (v === null || typeof v !== 'object' || v instanceof Date) && typeof v !== 'function';

/**
 * A value as the driver should bind it. node-postgres binds Dates, numbers, strings and booleans
 * as the columns want them; on SQLite a date is stored as Sequelize's text, a boolean as 0/1.
 * JSON goes as text on both (node-postgres would turn an array into a PostgreSQL array).
 */
function valueWriter(attribute: ModelAttributeColumnOptions, sqlite: boolean): (v: unknown) => unknown {
  const key = (attribute.type as { key?: string } | undefined)?.key;
  if (key === 'JSON' || key === 'JSONB') return (v) => (v === null || v === undefined ? null : JSON.stringify(v));
  if (!sqlite) return (v) => (v === undefined ? null : v);
  if (key === 'DATE') return (v) => (v instanceof Date ? sqliteDate(v) : (v ?? null));
  if (key === 'BOOLEAN') return (v) => (typeof v === 'boolean' ? Number(v) : (v ?? null));
  return (v) => (v === undefined ? null : v);
}
