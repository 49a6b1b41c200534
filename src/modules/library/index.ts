export { LibraryService, type Dated } from './library.service.js';
export { SequelizeLibraryRepository } from './library.repository.js';
export type { LibraryRepository, CatalogLookup } from './library.types.js';
