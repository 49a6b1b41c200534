import { imageUrl } from '../../shared/image-url.js';
import type { PlaylistEntry } from './playlist.service.js';
import type { PlaylistKind, PlaylistOwner, PlaylistRecord, PlaylistVisibility } from './playlist.types.js';
import type { TrackDto } from '../catalog/index.js';

export interface PlaylistDto {
  id: string;
  name: string;
  description: string | null;
  visibility: PlaylistVisibility;
  kind: PlaylistKind;
  owner: PlaylistOwner;
  trackCount: number;
  durationMs: number;
  coverUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PlaylistEntryDto {
  entryId: string;
  position: number;
  addedAt: string;
  track: TrackDto;
}


export function toPlaylistDto(p: PlaylistRecord): PlaylistDto {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    visibility: p.visibility,
    kind: p.kind,
    owner: { id: p.owner.id, username: p.owner.username, displayName: p.owner.displayName },
    trackCount: p.trackCount,
    durationMs: p.durationMs,
    coverUrl: imageUrl(p.coverKey),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function toPlaylistEntryDto({ entry, track }: PlaylistEntry): PlaylistEntryDto {
  return { entryId: entry.id, position: entry.position, addedAt: entry.addedAt.toISOString(), track };
}
