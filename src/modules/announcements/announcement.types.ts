export interface AnnouncementRecord {
  id: string;
  seq: number;
  authorId: string | null;
  text: string;
  createdAt: Date;
}

export interface AnnouncementRepository {
  /** Stores with the next sequence number; fails with a unique violation if another writer took it. */
  create(input: { authorId: string | null; text: string }): Promise<AnnouncementRecord>;
  /** Newest first, before the given seq. */
  listBefore(beforeSeq: number | null, limit: number): Promise<AnnouncementRecord[]>;
  /** Oldest first, after the given seq: what a reconnecting client missed. */
  listAfter(afterSeq: number, limit: number): Promise<AnnouncementRecord[]>;
  get(id: string): Promise<AnnouncementRecord | null>;
  delete(id: string): Promise<boolean>;
}
