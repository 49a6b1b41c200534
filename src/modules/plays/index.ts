export { PlaysService, type PlayWithTrack, type NowPlaying } from './play.service.js';
export { SequelizePlaysRepository } from './play.repository.js';
export type { PlaysRepository, PlayRecord, NewPlay, NowPlayingRecord } from './play.types.js';
export { isCompleted, isCounted, DEFAULT_COUNT_RULE, MAX_BATCH, type CountRule } from './play.rules.js';
