import { CsrBuilder, sharedFloat32, sharedInt32, sharedUint8, type Csr } from './csr.js';

/** Everything the models read, as typed arrays indexed by dense user/track/artist/genre numbers. */
export interface Dataset {
  users: number;
  items: number;
  artists: number;
  genres: number;
  /** user -> tracks, preference > 0 */
  R: Csr;
  /** per nonzero of R: 1 played, 2 liked, 4 rated high */
  source: Uint8Array;
  /** user -> tracks rated 1-2 */
  blocked: Csr;
  /** user -> followed artists */
  follows: Csr;
  trackArtist: Int32Array;
  trackGenre: Int32Array;
}

export interface PlayAggregate {
  user: number;
  track: number;
  plays: number;
  /** sum over plays of the share of the track that was played, each capped at 1 */
  fraction: number;
}

export const SOURCE = { played: 1, liked: 2, rated: 4 } as const;

/**
 * How much a user wants a track. Replays count with diminishing returns (log), skips
 * count for what was heard, a like or a high rating adds a listen's worth or more.
 * A rating of 1-2 means "never again": no preference at all, and the track is blocked.
 */
export function preference(p: { fraction: number; liked: boolean; rating: number | null }): number {
  if (p.rating !== null && p.rating <= 2) return 0;
  let w = Math.log1p(p.fraction);
  if (p.liked) w += 1;
  if (p.rating !== null && p.rating >= 4) w += (p.rating - 3) * 0.75;
  return w;
}

export interface SignalPage {
  /** dense user numbers [start, end) this page covers */
  start: number;
  end: number;
  plays: PlayAggregate[];
  likes: { user: number; track: number }[];
  ratings: { user: number; track: number; score: number }[];
  follows: { user: number; artist: number }[];
}

/** Takes the signals page by page, in user order, and assembles the sparse matrices. */
export class DatasetBuilder {
  private r: CsrBuilder;
  private blocked: CsrBuilder;
  private follows: CsrBuilder;
  private source: number[] = [];
  private next = 0;

  constructor(
    private readonly shape: { users: number; items: number; artists: number; genres: number; trackArtist: Int32Array; trackGenre: Int32Array },
  ) {
    this.r = new CsrBuilder(shape.items);
    this.blocked = new CsrBuilder(shape.items);
    this.follows = new CsrBuilder(shape.artists);
  }

  addPage(page: SignalPage): void {
    if (page.start !== this.next) throw new Error(`signal pages out of order: expected user ${this.next}, got ${page.start}`);
    type Entry = { fraction: number; liked: boolean; rating: number | null; played: boolean };
    const per = new Map<number, Map<number, Entry>>();
    const entry = (u: number, i: number): Entry => {
      let m = per.get(u);
      if (!m) per.set(u, (m = new Map()));
      let e = m.get(i);
      if (!e) m.set(i, (e = { fraction: 0, liked: false, rating: null, played: false }));
      return e;
    };
    for (const p of page.plays) {
      const e = entry(p.user, p.track);
      e.fraction += p.fraction;
      e.played = e.played || p.plays > 0;
    }
    for (const l of page.likes) entry(l.user, l.track).liked = true;
    for (const r of page.ratings) entry(r.user, r.track).rating = r.score;
    const follows = new Map<number, number[]>();
    for (const f of page.follows) {
      let list = follows.get(f.user);
      if (!list) follows.set(f.user, (list = []));
      list.push(f.artist);
    }
    for (let u = page.start; u < page.end; u++) {
      const m = per.get(u);
      const cols: number[] = [];
      const vals: number[] = [];
      const neg: number[] = [];
      const src: [number, number][] = [];
      if (m) {
        for (const [i, e] of m) {
          const w = preference(e);
          if (e.rating !== null && e.rating <= 2) neg.push(i);
          else if (w > 0) {
            cols.push(i);
            vals.push(w);
            src.push([i, (e.played ? SOURCE.played : 0) | (e.liked ? SOURCE.liked : 0) | (e.rating !== null && e.rating >= 4 ? SOURCE.rated : 0)]);
          }
        }
      }
      this.r.addRow(cols, vals);
      src.sort((a, b) => a[0] - b[0]);
      for (const [, s] of src) this.source.push(s);
      this.blocked.addRow(neg, neg.map(() => 1));
      const fl = follows.get(u) ?? [];
      this.follows.addRow(fl, fl.map(() => 1));
    }
    this.next = page.end;
  }

  build(): Dataset {
    if (this.next !== this.shape.users) throw new Error(`signals cover ${this.next} of ${this.shape.users} users`);
    const source = sharedUint8(this.source.length);
    source.set(this.source);
    return {
      users: this.shape.users,
      items: this.shape.items,
      artists: this.shape.artists,
      genres: this.shape.genres,
      R: this.r.build(),
      source,
      blocked: this.blocked.build(),
      follows: this.follows.build(),
      trackArtist: this.shape.trackArtist,
      trackGenre: this.shape.trackGenre,
    };
  }
}

/** Listeners per track: the popularity every fallback ranks by. */
export function popularity(d: Dataset): Float32Array {
  const out = new Float32Array(d.items);
  const { indptr, indices, data } = d.R;
  for (let u = 0; u < d.users; u++) {
    for (let k = indptr[u]!; k < indptr[u + 1]!; k++) out[indices[k]!] = out[indices[k]!]! + 1 + 0.01 * data[k]!;
  }
  return out;
}

/** Rows of `groups` -> their tracks, most popular first, at most `cap` each. */
export function tracksByGroup(groupOf: Int32Array, groups: number, pop: Float32Array, cap: number): Csr {
  const order = Array.from({ length: groupOf.length }, (_, i) => i).sort((a, b) => pop[b]! - pop[a]! || a - b);
  const lists: number[][] = Array.from({ length: groups }, () => []);
  for (const i of order) {
    const g = groupOf[i]!;
    if (g >= 0 && lists[g]!.length < cap) lists[g]!.push(i);
  }
  // rows keep popularity order, so they are written directly instead of through addRow (which sorts)
  const indptr = sharedInt32(groups + 1);
  const total = lists.reduce((s, l) => s + l.length, 0);
  const indices = sharedInt32(total);
  let at = 0;
  lists.forEach((l, g) => {
    indices.set(l, at);
    at += l.length;
    indptr[g + 1] = at;
  });
  return { rows: groups, cols: groupOf.length, indptr, indices, data: sharedFloat32(total) };
}

export function popularOrder(pop: Float32Array, cap: number): Int32Array {
  const order = Array.from({ length: pop.length }, (_, i) => i)
    .sort((a, b) => pop[b]! - pop[a]! || a - b)
    .slice(0, cap);
  const out = sharedInt32(order.length);
  out.set(order);
  return new Int32Array(out.buffer, 0, order.length);
}
