/** "CD1", "CD 2", "Disc 1", "disk2": a disc of the album folder above it. */
const DISC_FOLDER = /^(?:cd|disc|disk)\s*0*(\d{1,3})$/i;

export const discOfFolder = (name: string): number | undefined => {
  const m = DISC_FOLDER.exec(name.trim());
  const n = m ? Number(m[1]) : 0;
  return n >= 1 ? n : undefined;
};

export interface Layout {
  /** What the tag fallbacks read (`Artist/Album/NN - Title.ext`): folders inside the import root only, disc folders left out. */
  hintPath: string;
  /** From a disc folder, for files whose tags have no disc number. */
  discNumber?: number;
}

/**
 * Where a file sits under the folder it was imported from. The root's own name is never part of
 * the hints (importing "library" must not make an artist "library"). A file alone in a folder
 * with no artist folder above it (`Lone Single/track.m4a`) is read by its name only: one folder
 * with one track says nothing sure, so a file without an album tag becomes a single (see
 * singleIfNoAlbum). `Artist/Album/track` keeps both folders, however many tracks there are.
 */
export function layoutOf(relativePath: string, folderAudioFiles?: number): Layout {
  const segments = relativePath.split(/[\\/]+/).filter((s) => s && s !== '.' && s !== '..');
  const file = segments.pop() ?? '';
  const disc = segments.length > 0 ? discOfFolder(segments.at(-1)!) : undefined;
  if (disc !== undefined) segments.pop();
  else if (folderAudioFiles === 1 && segments.length < 2) segments.length = 0;
  return { hintPath: [...segments.slice(-2), file].join('/'), ...(disc !== undefined ? { discNumber: disc } : {}) };
}
