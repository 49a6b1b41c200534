import { InvalidError } from './errors.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

export interface PageRequest {
  limit: number;
  cursor: CursorValues | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The sort key values of the last row of a page; opaque to clients. */
export type CursorValues = (string | number | null)[];

export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): CursorValues | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.every((v) => v === null || ['string', 'number'].includes(typeof v))) {
      return parsed as CursorValues;
    }
  } catch {
    // fall through: a garbled cursor is the client's mistake, not ours
  }
  throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'is not a cursor from this API' }]);
}

export function pageRequest(input: { limit?: number; cursor?: string | null }): PageRequest {
  const limit = input.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidError('Invalid limit', [{ path: 'limit', message: `must be 1..${MAX_LIMIT}` }]);
  }
  return { limit, cursor: decodeCursor(input.cursor) };
}

/**
 * Repositories fetch limit + 1 rows; this trims the extra one and turns the last kept
 * row into the next cursor.
 */
export function toPage<R, T>(rows: R[], limit: number, cursorOf: (row: R) => CursorValues, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: kept.map(map),
    nextCursor: hasMore ? encodeCursor(cursorOf(kept[kept.length - 1]!)) : null,
  };
}
