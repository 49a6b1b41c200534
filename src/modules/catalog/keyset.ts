import { Op, Sequelize, type Order, type WhereOptions } from 'sequelize';
import { InvalidError } from '../../shared/errors.js';
import type { CursorValues } from './catalog.types.js';

/** One column of a sort key. `ifNull` stands in for NULL so that keyset comparisons stay total. */
export interface SortColumn {
  column: string;
  attribute: string;
  direction: 'ASC' | 'DESC';
  ifNull?: string | number;
  date?: boolean;
}

const expr = (c: SortColumn) => (c.ifNull === undefined ? Sequelize.col(c.column) : Sequelize.fn('COALESCE', Sequelize.col(c.column), c.ifNull));

/** A sort key always ends with id, so that every row has a distinct position. */
export function sortKey(columns: Omit<SortColumn, never>[]): SortColumn[] {
  const last = columns[columns.length - 1]!;
  return [...columns, { column: 'id', attribute: 'id', direction: last.direction }];
}

export function orderBy(key: SortColumn[]): Order {
  return key.map((c) => [expr(c), c.direction]);
}

/** Rows strictly after the cursor: (a > x) OR (a = x AND b > y) OR ... */
export function after(key: SortColumn[], cursor: CursorValues | null): WhereOptions | undefined {
  if (!cursor) return undefined;
  if (cursor.length !== key.length || cursor.some((v) => v === null)) {
    throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'does not belong to this list or sort' }]);
  }
  const values = key.map((c, i) => {
    const v = cursor[i]!;
    if (c.date) {
      const d = new Date(String(v));
      if (Number.isNaN(d.getTime())) throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'does not belong to this list or sort' }]);
      return d;
    }
    return v;
  });
  const branches = key.map((c, i) => {
    const equal = key.slice(0, i).map((p, j) => Sequelize.where(expr(p), Op.eq, values[j] as never));
    const beyond = Sequelize.where(expr(c), c.direction === 'ASC' ? Op.gt : Op.lt, values[i] as never);
    return { [Op.and]: [...equal, beyond] };
  });
  return { [Op.or]: branches };
}

/** The cursor values of a row as read through the model. */
export function keyOf(key: SortColumn[], row: Record<string, unknown>): CursorValues {
  return key.map((c) => {
    const v = row[c.attribute];
    if (v === null || v === undefined) return c.ifNull ?? null;
    if (v instanceof Date) return v.toISOString();
    return v as string | number;
  });
}

/** A sort column as SQL text: the column of the table aliased `t`, with its stand-in for NULL (a constant of the code). */
const sqlExpr = (c: SortColumn) => {
  const col = `t.${c.column}`;
  if (c.ifNull === undefined) return col;
  return `COALESCE(${col}, ${typeof c.ifNull === 'number' ? String(c.ifNull) : `'${c.ifNull.replace(/'/g, "''")}'`})`;
};

export function orderBySql(key: SortColumn[]): string {
  return key.map((c) => `${sqlExpr(c)} ${c.direction}`).join(', ');
}

/**
 * `after` as SQL text over bind parameters: the cursor's values are pushed onto `bind`, and
 * `date` turns a date column's value into what the driver compares (SQLite keeps timestamps as
 * text in Sequelize's format).
 */
export function afterSql(key: SortColumn[], cursor: CursorValues | null, bind: unknown[], date: (d: Date) => unknown): string | null {
  if (!cursor) return null;
  if (cursor.length !== key.length || cursor.some((v) => v === null)) {
    throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'does not belong to this list or sort' }]);
  }
  const params = key.map((c, i) => {
    let v: unknown = cursor[i]!;
    if (c.date) {
      const d = new Date(String(v));
      if (Number.isNaN(d.getTime())) throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'does not belong to this list or sort' }]);
      v = date(d);
    }
    bind.push(v);
    return `$${bind.length}`;
  });
  const branches = key.map((c, i) => {
    const equal = key.slice(0, i).map((p, j) => `${sqlExpr(p)} = ${params[j]}`);
    return `(${[...equal, `${sqlExpr(c)} ${c.direction === 'ASC' ? '>' : '<'} ${params[i]}`].join(' AND ')})`;
  });
  return `(${branches.join(' OR ')})`;
}
