import type { AnnouncementRecord } from './announcement.types.js';

export interface AnnouncementDto {
  id: string;
  seq: number;
  text: string;
  authorId: string | null;
  createdAt: string;
}

export function toAnnouncementDto(a: AnnouncementRecord): AnnouncementDto {
  return { id: a.id, seq: a.seq, text: a.text, authorId: a.authorId, createdAt: a.createdAt.toISOString() };
}
