import type { Page } from '../../shared/pagination.js';
import type { FeedItem, Followed } from './follow.service.js';

export function toFollowingDto(page: Page<Followed>) {
  return { items: page.items.map((f) => ({ followedAt: f.at.toISOString(), artist: f.artist })), nextCursor: page.nextCursor };
}

export function toFeedDto(page: Page<FeedItem>) {
  return {
    items: page.items.map((i) =>
      i.kind === 'album'
        ? { type: 'album' as const, publishedAt: i.at.toISOString(), album: i.album }
        : { type: 'track' as const, publishedAt: i.at.toISOString(), track: i.track },
    ),
    nextCursor: page.nextCursor,
  };
}
