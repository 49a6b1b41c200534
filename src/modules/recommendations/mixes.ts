/** Personalised playlists from a user's history and recommendations; pure, so it is unit-tested alone. */

export interface MixInput {
  /** the user's tracks and preferences */
  known: { track: number; weight: number }[];
  /** the user's recommendations, best first (never-played tracks) */
  recommended: number[];
  trackArtist: Int32Array;
  trackGenre: Int32Array;
  genreNames: string[];
}

export interface MixOutput {
  name: string;
  description: string;
  tracks: number[];
}

export const MIX_LENGTH = 25;
export const DISCOVER_LENGTH = 30;
/** At most this many tracks by one artist in any window of this many consecutive tracks. */
export const ARTIST_CAP = { tracks: 2, window: 20 } as const;

/** Appends candidates in order, skipping repeats and any that would break the artist cap. */
export class CappedList {
  readonly tracks: number[] = [];
  private readonly used = new Set<number>();
  constructor(
    private readonly trackArtist: Int32Array,
    private readonly max: number,
  ) {}
  get full(): boolean {
    return this.tracks.length >= this.max;
  }
  offer(track: number): boolean {
    if (this.full || this.used.has(track)) return false;
    const a = this.trackArtist[track]!;
    if (a >= 0) {
      let same = 0;
      for (let k = Math.max(0, this.tracks.length - (ARTIST_CAP.window - 1)); k < this.tracks.length; k++) {
        if (this.trackArtist[this.tracks[k]!] === a) same++;
      }
      if (same >= ARTIST_CAP.tracks) return false;
    }
    this.used.add(track);
    this.tracks.push(track);
    return true;
  }
}

/**
 * One to three "Daily Mix" playlists, one per leading genre of the user's taste (a genre
 * needs 15% of the user's weight to get its own mix), each alternating familiar tracks with
 * new ones from the same genre; then "Discover Weekly" from recommendations never played.
 */
export function buildMixes(m: MixInput): MixOutput[] {
  const out: MixOutput[] = [];
  const byGenre = new Map<number, number>();
  let total = 0;
  for (const { track, weight } of m.known) {
    const g = m.trackGenre[track]!;
    byGenre.set(g, (byGenre.get(g) ?? 0) + weight);
    total += weight;
  }
  const clusters = [...byGenre.entries()]
    .filter(([g, w]) => g >= 0 && w >= 0.15 * total)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 3)
    .map(([g]) => g);
  // a taste without genres still makes one mix of everything
  if (clusters.length === 0 && m.known.length > 0) clusters.push(-1);
  const known = [...m.known].sort((a, b) => b.weight - a.weight || a.track - b.track);
  clusters.forEach((g, i) => {
    const inCluster = (t: number) => g < 0 || m.trackGenre[t] === g;
    const familiar = known.filter((k) => inCluster(k.track)).map((k) => k.track);
    const fresh = m.recommended.filter(inCluster);
    const list = new CappedList(m.trackArtist, MIX_LENGTH);
    let f = 0;
    let n = 0;
    while (!list.full && (f < familiar.length || n < fresh.length)) {
      while (f < familiar.length && !list.offer(familiar[f++]!));
      while (n < fresh.length && !list.offer(fresh[n++]!));
    }
    if (list.tracks.length < 5) return;
    const genre = g >= 0 ? m.genreNames[g]! : 'Your favourites';
    out.push({ name: `Daily Mix ${out.length + 1}`, description: `${genre}: tracks you love mixed with new finds.`, tracks: list.tracks });
    void i;
  });
  const discover = new CappedList(m.trackArtist, DISCOVER_LENGTH);
  for (const t of m.recommended) if (!discover.full) discover.offer(t);
  if (discover.tracks.length > 0) {
    out.push({ name: 'Discover Weekly', description: 'New to you: tracks picked for your taste that you have never played.', tracks: discover.tracks });
  }
  return out;
}
