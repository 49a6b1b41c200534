export { AnnouncementService, ANNOUNCEMENT_MAX_LENGTH, type AnnouncementListener, type AnnouncementRelay } from './announcement.service.js';
export { SequelizeAnnouncementRepository } from './announcement.repository.js';
export type { AnnouncementRecord, AnnouncementRepository } from './announcement.types.js';
export { toAnnouncementDto, type AnnouncementDto } from './announcement.mapper.js';
