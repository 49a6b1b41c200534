export {
  ImportService,
  defaultImportConcurrency,
  type ImportServiceDeps,
  type ImportMediaPort,
  type ImportTagsPort,
  type ImportCatalogPort,
  type ImportUsersPort,
  type ImportedTrack,
  type ProbedFile,
} from './import.service.js';
export { SequelizeImportSourceRepository } from './import-source.repository.js';
export { LibraryScan, type ScanStatus } from './library-scan.js';
export type { FieldNote, FileOutcome, ImportObserver, ImportOptions, ImportReport, ImportSummary, PlannedTrack, ImportSourceRepository, ImportSourceRecord } from './import.types.js';
export type { TrackFields, TagHelpers } from './track-fields.js';
export { looksLikeAudio } from './file-walker.js';
export { mediaTags, importMediaPort } from './media-adapter.js';
