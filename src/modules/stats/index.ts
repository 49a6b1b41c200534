export { StatsService, type RangeInput } from './stats.service.js';
export { SequelizeStatsRepository, bucketExpression } from './stats.repository.js';
export { parseRange, bucketStarts, bucketStart, MAX_RANGE_DAYS } from './stats.range.js';
export type { StatsReport, StatsScope, StatsRange, Interval, StatsRepository } from './stats.types.js';
export { toStatsDto, type StatsDto } from './stats.mapper.js';
