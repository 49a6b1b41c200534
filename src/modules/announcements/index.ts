export { AnnouncementsService, ANNOUNCEMENT_MAX_LENGTH, type AnnouncementListener, type AnnouncementRelay } from './announcement.service.js';
export { SequelizeAnnouncementsRepository } from './announcement.repository.js';
export type { AnnouncementRecord, AnnouncementsRepository } from './announcement.types.js';
export { toAnnouncementDto, type AnnouncementDto } from './announcement.mapper.js';
