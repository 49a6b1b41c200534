export { FollowsService, type Followed, type FeedItem } from './follow.service.js';
export { SequelizeFollowsRepository } from './follow.repository.js';
export type { FollowsRepository, CatalogLookup } from './follow.types.js';
