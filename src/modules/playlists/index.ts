export { PlaylistService, type PlaylistEntry } from './playlist.service.js';
export { SequelizePlaylistRepository } from './playlist.repository.js';
export type { PlaylistRecord, PlaylistRepository, PlaylistKind, PlaylistVisibility, TrackLookup } from './playlist.types.js';
export { toPlaylistDto, toPlaylistEntryDto, type PlaylistDto, type PlaylistEntryDto } from './playlist.mapper.js';
export { MAX_ENTRIES } from './playlist.rules.js';
