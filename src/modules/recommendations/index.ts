export { RecommendationService, MODELS, checkRunChoice, type RunOptions, type RunSummary, type TrackReader, type ProgressFn } from './recommendation.service.js';
export { SequelizeRecommendationRepository } from './recommendation.repository.js';
export { SequelizeSynthRepository } from './synth.repository.js';
export type { RecommendationRepository, RunRecord, CatalogIndex } from './recommendation.types.js';
export type { EvalReport, ModelMetrics } from './evaluation.js';
export { toRunDto, toRecommendationsDto } from './recommendation.mapper.js';
export { DEFAULT_PARAMS, type EngineParams, type ModelName } from './engine/model.js';
