import type { Page } from '../shared/pagination.js';

/** Pages read for one answer at most: 100 pages of 100 covers a full playlist (10,000 entries). */
const MAX_PAGES = 100;
export const PAGE_SIZE = 100;

/** Every item of a cursor-paged service list, for endpoints that answer with the whole list. */
export async function allPages<T>(read: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i += 1) {
    const page = await read(cursor);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}
