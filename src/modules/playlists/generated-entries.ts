import { createHash } from 'node:crypto';
import type { EntryRecord } from './playlist.types.js';

/**
 * Entries of a generated playlist, which stores its tracks as one list rather than as rows.
 * They still need ids in the API: derived from the playlist and the position, so they are
 * stable for as long as the playlist is, and shaped like v4 uuids for every validator. No one
 * can act on them anyway: generated playlists refuse edits.
 */
export function generatedEntryId(playlistId: string, position: number): string {
  const h = createHash('sha1').update(`${playlistId}/${position}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A keyset page (by position) of a generated playlist's tracks, with one entry more than `limit` when there is more. */
export function generatedEntries(
  playlistId: string,
  tracks: { trackId: string; position: number }[],
  addedAt: Date,
  q: { limit: number; afterPosition: number | null },
): EntryRecord[] {
  const after = q.afterPosition ?? -1;
  return tracks
    .filter((t) => t.position > after)
    .slice(0, q.limit + 1)
    .map(({ trackId, position }) => ({ id: generatedEntryId(playlistId, position), trackId, position, addedAt }));
}
