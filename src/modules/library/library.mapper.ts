import type { Page } from '../../shared/pagination.js';
import type { Dated } from './library.service.js';

export function toLikedTracksDto<T>(page: Page<Dated<T>>) {
  return { items: page.items.map((x) => ({ likedAt: x.at.toISOString(), track: x.item })), nextCursor: page.nextCursor };
}

export function toSavedAlbumsDto<A>(page: Page<Dated<A>>) {
  return { items: page.items.map((x) => ({ savedAt: x.at.toISOString(), album: x.item })), nextCursor: page.nextCursor };
}
