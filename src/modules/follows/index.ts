export { FollowService, type Followed, type FeedItem } from './follow.service.js';
export { SequelizeFollowRepository } from './follow.repository.js';
export type { FollowRepository, CatalogLookup } from './follow.types.js';
