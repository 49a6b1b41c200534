import { readAndProbe, releaseDateOf, splitArtists, splitGenres, tagsToTrackInput, VARIOUS_ARTISTS } from '../media/index.js';
import type { ImportMediaPort, ImportTagsPort } from './import.service.js';

/** Media's tag reading as the importer uses it, so a manifest cell means what the same tag would. */
export const mediaTags: ImportTagsPort = {
  tagsToTrackInput: tagsToTrackInput as ImportTagsPort['tagsToTrackInput'],
  splitArtists,
  splitGenres,
  releaseDateOf,
  isVariousArtists: (name) => /^(various|various artists|va)$/i.test(name.trim()),
  variousArtists: VARIOUS_ARTISTS,
};

/** Media's read and probe: everything the importer asks of media besides storage, which the container hands it. */
export const importMediaPort: ImportMediaPort = { readAndProbe: (filePath, sizeBytes, opts) => readAndProbe(filePath, sizeBytes, opts) };
