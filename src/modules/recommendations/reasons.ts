import { REASON } from './engine/kernels.js';
import type { ReasonNames, StoredRecommendation } from './recommendation.types.js';

/** Reasons are stored as a kind and an id and put into words when read, so renames show. */

const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 297)}...` : s);

export const popularReason = (genre: string | undefined) => (genre ? clip(`Popular in ${genre}`) : 'Popular on Rhythmo');

/** The ids a page of recommendations needs names for, by table. */
export function reasonRefs(items: Omit<StoredRecommendation, 'rank'>[]): { tracks: string[]; artists: string[]; genres: string[] } {
  const out = { tracks: new Set<string>(), artists: new Set<string>(), genres: new Set<string>() };
  for (const r of items) {
    if (r.ref === null) continue;
    if (r.kind === REASON.played || r.kind === REASON.liked) out.tracks.add(r.ref);
    else if (r.kind === REASON.followed) out.artists.add(r.ref);
    else out.genres.add(r.ref);
  }
  return { tracks: [...out.tracks], artists: [...out.artists], genres: [...out.genres] };
}

/** What a person reads; a named track or artist deleted since the run leaves a general reason. */
export function reasonText(r: Pick<StoredRecommendation, 'kind' | 'ref'>, names: ReasonNames): string {
  const track = r.ref === null ? undefined : names.tracks.get(r.ref);
  const artist = r.ref === null ? undefined : names.artists.get(r.ref);
  switch (r.kind) {
    case REASON.played:
      return track ? clip(`Because you played ${track}`) : 'Picked for your taste';
    case REASON.liked:
      return track ? clip(`Because you liked ${track}`) : 'Picked for your taste';
    case REASON.followed:
      return artist ? clip(`New from ${artist}, an artist you follow`) : 'New from an artist you follow';
    default:
      return popularReason(r.ref === null ? undefined : names.genres.get(r.ref));
  }
}
