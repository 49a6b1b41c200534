export { RatingsService } from './rating.service.js';
export { SequelizeRatingsRepository } from './rating.repository.js';
export type { RatingsRepository, RatingSummary } from './rating.types.js';
export { LOW_RATING } from './rating.types.js';
