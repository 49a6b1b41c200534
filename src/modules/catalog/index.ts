export { CatalogService, type CatalogServiceDeps, type SearchResult } from './catalog.service.js';
export type { ListParams } from './list-page.js';
export { SequelizeCatalogRepository } from './catalog.repository.js';
export { SequelizeCatalogViewsRepository } from './catalog-views.repository.js';
export { SequelizeSearchRepository } from './search.repository.js';
export { BrowseService, BROWSE_MAX } from './browse.service.js';
export { SequelizeBrowseRepository } from './browse.repository.js';
export type { BrowseAlbum, BrowseArtist, BrowseTrack, GenreCount, AlbumListType } from './browse.types.js';
export type {
  AudioInfo, NewTrackInput, NewTrackResult, TrackLyrics, ReplayGain, TrackCheck, ArtistRole, AlbumType, ImageTarget, FilePort, TxOptions, SearchKind, TrackSort, AlbumSort, ArtistSort, ManagedKind,
} from './catalog.types.js';
export type { TrackDto, ArtistDto, AlbumSummaryDto, AlbumDto, GenreDto, PlaylistSummaryDto } from './catalog.mapper.js';
export { nameKey, slugify, foldText, fitNames, isSharedArtistName, NAME_MAX } from './catalog.rules.js';
