export { RatingService } from './rating.service.js';
export { SequelizeRatingRepository } from './rating.repository.js';
export type { RatingRepository, RatingSummary } from './rating.types.js';
export { LOW_RATING } from './rating.types.js';
