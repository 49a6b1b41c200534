import { InvalidError } from '../../shared/errors.js';
import { encodeCursor, pageRequest } from '../../shared/pagination.js';
import type { CursorValues, ListRow, SearchHit, SearchKind, SearchRepository } from './catalog.types.js';

export interface ListParams {
  q?: string;
  sort?: string;
  limit?: number;
  cursor?: string;
}

/** How many ranked matches a `q` on a list can page through. */
const SEARCH_LIST_CAP = 500;

function pickSort<S extends string>(value: string | undefined, allowed: readonly S[], fallback: S): S {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as S)) throw new InvalidError('Invalid sort', [{ path: 'sort', message: `must be one of ${allowed.join(', ')}` }]);
  return value as S;
}

/**
 * One page of ids. Without `q` the list is keyset-paged on its sort. With `q` and no
 * explicit sort it is ordered by relevance and paged on (rank, id); with both, the
 * matches are filtered and paged on the sort.
 */
export async function listPage<S extends string>(
  search: SearchRepository,
  kind: SearchKind,
  p: ListParams,
  sorts: readonly S[],
  fallback: S,
  list: (q: { sort: S; limit: number; cursor: CursorValues | null; ids?: string[] }) => Promise<ListRow[]>,
): Promise<{ ids: string[]; nextCursor: string | null }> {
  const page = pageRequest(p);
  const q = p.q?.trim();
  if (q !== undefined && (q.length === 0 || q.length > 200)) throw new InvalidError('Invalid query', [{ path: 'q', message: 'must be 1-200 characters' }]);
  if (!q || p.sort !== undefined) {
    const sort = pickSort(p.sort, sorts, fallback);
    const hits = q ? (await search.search(kind, q, SEARCH_LIST_CAP)).map((h) => h.id) : undefined;
    const rows = await list({ sort, limit: page.limit, cursor: page.cursor, ids: hits });
    const kept = rows.slice(0, page.limit);
    return { ids: kept.map((r) => r.id), nextCursor: rows.length > page.limit ? encodeCursor(kept[kept.length - 1]!.key) : null };
  }
  const rank = (h: SearchHit) => h.tier + h.score;
  const hits = await search.search(kind, q, SEARCH_LIST_CAP);
  // The other filters still apply: keep the hits the list query lets through.
  const allowed = new Set((await list({ sort: fallback, limit: hits.length, cursor: null, ids: hits.map((h) => h.id) })).map((r) => r.id));
  let ranked = hits.filter((h) => allowed.has(h.id));
  if (page.cursor) {
    const [r, id] = page.cursor;
    if (typeof r !== 'number' || typeof id !== 'string') throw new InvalidError('Invalid cursor', [{ path: 'cursor', message: 'does not belong to this list or sort' }]);
    ranked = ranked.filter((h) => rank(h) < r || (rank(h) === r && h.id > id));
  }
  const kept = ranked.slice(0, page.limit);
  const last = kept[kept.length - 1];
  return { ids: kept.map((h) => h.id), nextCursor: ranked.length > page.limit && last ? encodeCursor([rank(last), last.id]) : null };
}
