export { MediaService, type MediaServiceDeps, type StoredFile, type TempUpload, type ImageOwner } from './media.service.js';
export { CoverArtService, MAX_COVER_SIZE, type CoverArt } from './cover-art.service.js';
export { LocalDiskStorage, stageBytes, contentKey, isContentKey, type Storage, type StoredStat, type ByteRange, type StoredKind } from './storage.js';
// The SDK's client is not re-exported here: importing it costs every start; s3-client.ts has it.
export { S3Storage, type S3Settings } from './s3-storage.js';
export { openStorage } from './open-storage.js';
export type { DerivedFiles } from './derived-files.js';
export { SequelizeStoredKeysRepository } from './stored-keys.repository.js';
export {
  StorageMigrationService,
  type StorageDriver,
  type MigratedKey,
  type MigrationReport,
  type MigrationSummary,
  type MigrationOptions,
  type MigrationObserver,
} from './storage-migration.js';
export { probeAudio, readAndProbe, sha256OfFile, imageTypeOf, PARSE_OPTIONS } from './probe.js';
export { tagsToTrackInput, normalizeTags, splitArtists, splitGenres, hintsFromPath, releaseDateOf, VARIOUS_ARTISTS, UNKNOWN_ARTIST, MAX_LYRICS_CHARS, MAX_SYNCED_LINES } from './tags.js';
export { decideRange } from './range.js';
export { StreamUrlSigner } from './stream-url.js';
export { imageUrl, imageKeyOf } from '../../shared/image-url.js';
export type {
  CatalogPort,
  PlaylistCoverPort,
  NormalizedTags,
  ProbedAudio,
  IngestOverrides,
  IngestOptions,
  IngestResult,
  TaggedTrackInput,
} from './media.types.js';
export { ExpiringCache } from './expiring-cache.js';
export { sendStoredFile, storedSource, accelRedirect, accelReuseSeconds, storeRedirect, type FileSource } from './send-file.js';
export { ProbePool } from './probe-pool.js';
export { Transcoder, type TranscodeInput, type TranscodeJob } from './transcode/transcoder.js';
export { TranscodeCache } from './transcode/transcode-cache.js';
export { sendTrackStream, sendTranscode, type TrackStreamOptions } from './transcode/send-stream.js';
export { STREAM_FORMATS, MIN_KBPS, MAX_KBPS, planStream, type StreamFormat, type StreamWish } from './transcode/formats.js';
