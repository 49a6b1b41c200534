export { PlayService, type PlayWithTrack, type NowPlaying } from './play.service.js';
export { SequelizePlayRepository } from './play.repository.js';
export type { PlayRepository, PlayRecord, NewPlay, NowPlayingRecord } from './play.types.js';
export { isCompleted, isCounted, DEFAULT_COUNT_RULE, MAX_BATCH, type CountRule } from './play.rules.js';
