export { PlayQueueService, MAX_QUEUE_TRACKS, type SaveQueueInput } from './play-queue.service.js';
export { SequelizePlayQueueRepository } from './play-queue.repository.js';
export type { PlayQueue, PlayQueueRecord, PlayQueueRepository } from './play-queue.types.js';
