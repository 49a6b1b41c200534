export { PlaysService, type PlayWithTrack } from './play.service.js';
export { SequelizePlaysRepository } from './play.repository.js';
export type { PlaysRepository, PlayRecord, NewPlay } from './play.types.js';
export { isCompleted, MAX_BATCH } from './play.rules.js';
export { playsRoutes } from './plays.routes.js';
