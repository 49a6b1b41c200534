import { rng } from './engine/model.js';

export interface SynthOptions {
  users: number;
  tracks: number;
  plays: number;
  seed: number;
  /** plays spread over this many days before `now` */
  days?: number;
  now?: Date;
}

/** A synthetic world in dense numbers; the repository gives the rows their ids. */
export interface SynthData {
  genres: string[];
  artists: { name: string; genre: number }[];
  tracks: { title: string; artist: number; genre: number; durationMs: number }[];
  users: number;
  plays: { user: Int32Array; track: Int32Array; startedAt: Float64Array; msPlayed: Int32Array; completed: Uint8Array };
  likes: [number, number][];
  ratings: [number, number, number][];
  follows: [number, number][];
}

const GENRES = [
  'Rock', 'Pop', 'Hip-Hop', 'Jazz', 'Electronic', 'Classical', 'Folk', 'Metal', 'Reggae', 'Blues', 'Soul', 'Country',
  'Punk', 'Funk', 'Ambient', 'House', 'Techno', 'Indie', 'R&B', 'Latin', 'Afrobeat', 'Disco', 'Gospel', 'K-Pop',
  'Bossa Nova', 'Drum and Bass', 'Trip-Hop', 'Grunge', 'Ska', 'Synthwave',
];
const WORDS = ['Night', 'River', 'Golden', 'Echo', 'Velvet', 'Neon', 'Paper', 'Silent', 'Wild', 'Blue', 'Fire', 'Glass', 'Dream', 'Stone', 'Summer', 'Ghost'];

function normal(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Index drawn from cumulative weights. */
function draw(cum: Float64Array, rand: () => number, from = 0, to = cum.length): number {
  const lo0 = from === 0 ? 0 : cum[from - 1]!;
  const x = lo0 + rand() * (cum[to - 1]! - lo0);
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Zipf-like track popularity (rank^-0.9, correlated with the artist's own popularity),
 * artists inside genres, users with one to three favourite genres and lognormal activity,
 * who replay what they know and come back to artists they played.
 */
export function synthesize(o: SynthOptions): SynthData {
  const rand = rng(o.seed);
  const nG = Math.max(3, Math.min(GENRES.length, Math.round(o.tracks / 1500)));
  const genres = GENRES.slice(0, nG);
  const genreW = genres.map((_, g) => 1 / Math.pow(g + 1, 0.7));
  const genreCum = new Float64Array(nG);
  genreW.reduce((s, w, g) => (genreCum[g] = s + w), 0);

  const nA = Math.max(nG, Math.round(o.tracks / 10));
  const artists = Array.from({ length: nA }, (_, a) => ({
    name: `${WORDS[a % WORDS.length]} ${WORDS[Math.floor(a / WORDS.length) % WORDS.length]} ${a + 1}`,
    genre: a < nG ? a : draw(genreCum, rand),
  }));
  const artistPop = artists.map(() => Math.exp(1.2 * normal(rand)));
  const artistOutput = new Float64Array(nA);
  artists.reduce((s, _, a) => (artistOutput[a] = s + Math.exp(0.8 * normal(rand))), 0);

  const trackArtist = new Int32Array(o.tracks);
  for (let i = 0; i < o.tracks; i++) trackArtist[i] = i < nA ? i : draw(artistOutput, rand);
  const tracks = Array.from({ length: o.tracks }, (_, i) => ({
    title: `${WORDS[Math.floor(rand() * WORDS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]} ${i + 1}`,
    artist: trackArtist[i]!,
    genre: artists[trackArtist[i]!]!.genre,
    durationMs: Math.round(Math.min(900_000, Math.max(60_000, 210_000 * Math.exp(0.25 * normal(rand))))),
  }));
  // popularity rank follows the artist's appeal times a track's own luck
  const appeal = tracks.map((t) => artistPop[t.artist]! * Math.exp(0.7 * normal(rand)));
  const byAppeal = Array.from({ length: o.tracks }, (_, i) => i).sort((a, b) => appeal[b]! - appeal[a]!);
  const pop = new Float64Array(o.tracks);
  byAppeal.forEach((i, rank) => (pop[i] = 1 / Math.pow(rank + 1, 0.9)));

  // tracks grouped by genre and by artist, each group with cumulative popularity
  const group = (key: (i: number) => number, groups: number) => {
    const order = Array.from({ length: o.tracks }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
    const start = new Int32Array(groups + 1);
    for (const i of order) start[key(i) + 1]!++;
    for (let g = 0; g < groups; g++) start[g + 1] = start[g + 1]! + start[g]!;
    const cum = new Float64Array(o.tracks);
    let s = 0;
    order.forEach((i, k) => {
      if (k > 0 && key(order[k - 1]!) !== key(i)) s = 0;
      s += pop[i]!;
      cum[k] = s;
    });
    // draw() works on absolute cumulative sums; make them global
    const abs = new Float64Array(o.tracks);
    let base = 0;
    for (let g = 0; g < groups; g++) {
      for (let k = start[g]!; k < start[g + 1]!; k++) abs[k] = base + cum[k]!;
      if (start[g + 1]! > start[g]!) base = abs[start[g + 1]! - 1]!;
    }
    return { order: Int32Array.from(order), start, cum: abs };
  };
  const byGenre = group((i) => tracks[i]!.genre, nG);
  const byArtist = group((i) => tracks[i]!.artist, nA);
  const pick = (g: { order: Int32Array; start: Int32Array; cum: Float64Array }, k: number) =>
    g.start[k + 1]! > g.start[k]! ? g.order[draw(g.cum, rand, g.start[k]!, g.start[k + 1]!)]! : -1;

  const activity = Array.from({ length: o.users }, () => Math.exp(1.1 * normal(rand)));
  const total = activity.reduce((s, a) => s + a, 0);
  const counts = activity.map((a) => Math.max(1, Math.floor((o.plays * a) / total)));
  let diff = o.plays - counts.reduce((s, c) => s + c, 0);
  for (let u = 0; diff !== 0 && o.users > 0; u = (u + 1) % o.users) {
    if (diff > 0) {
      counts[u]!++;
      diff--;
    } else if (counts[u]! > 1) {
      counts[u]!--;
      diff++;
    }
  }
  const P = counts.reduce((s, c) => s + c, 0);
  const plays = {
    user: new Int32Array(P),
    track: new Int32Array(P),
    startedAt: new Float64Array(P),
    msPlayed: new Int32Array(P),
    completed: new Uint8Array(P),
  };
  const now = (o.now ?? new Date()).getTime();
  const span = (o.days ?? 180) * 86_400_000;
  const likes: [number, number][] = [];
  const ratings: [number, number, number][] = [];
  const follows: [number, number][] = [];
  let at = 0;
  const history: number[] = [];
  const seen = new Map<number, number>();
  for (let u = 0; u < o.users; u++) {
    const favCount = rand() < 0.3 ? 1 : rand() < 0.65 ? 2 : 3;
    const favs: number[] = [];
    while (favs.length < Math.min(favCount, nG)) {
      const g = draw(genreCum, rand);
      if (!favs.includes(g)) favs.push(g);
    }
    const favW = favs.map(() => 0.2 + rand());
    const favCum = new Float64Array(favs.length);
    favW.reduce((s, w, k) => (favCum[k] = s + w), 0);
    const n = counts[u]!;
    const times = Array.from({ length: n }, () => now - span * rand()).sort((a, b) => a - b);
    history.length = 0;
    seen.clear();
    for (let k = 0; k < n; k++) {
      const r = rand();
      let t = -1;
      let familiar = false;
      if (history.length > 0 && r < 0.3) {
        t = history[Math.floor(rand() * history.length)]!;
        familiar = true;
      } else if (history.length > 0 && r < 0.5) {
        t = pick(byArtist, tracks[history[Math.floor(rand() * history.length)]!]!.artist);
        familiar = true;
      }
      if (t < 0) t = pick(byGenre, rand() < 0.9 ? favs[draw(favCum, rand)]! : draw(genreCum, rand));
      const d = tracks[t]!.durationMs;
      const done = rand() < (familiar ? 0.8 : 0.6);
      plays.user[at] = u;
      plays.track[at] = t;
      plays.startedAt[at] = Math.floor(times[k]!);
      plays.msPlayed[at] = done ? d : Math.floor(d * (0.05 + 0.85 * rand()));
      plays.completed[at] = done ? 1 : 0;
      at++;
      history.push(t);
      seen.set(t, (seen.get(t) ?? 0) + (done ? 1 : 0.2));
    }
    const artistPlays = new Map<number, number>();
    for (const [t, c] of seen) {
      artistPlays.set(tracks[t]!.artist, (artistPlays.get(tracks[t]!.artist) ?? 0) + c);
      if (c >= 3 && rand() < 0.4) likes.push([u, t]);
      else if (rand() < 0.02) ratings.push([u, t, c >= 2 ? 4 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 2)]);
    }
    let topArtist = -1;
    for (const [a, c] of artistPlays) if (c >= 5 && (topArtist < 0 || c > artistPlays.get(topArtist)!)) topArtist = a;
    if (topArtist >= 0 && rand() < 0.3) follows.push([u, topArtist]);
  }
  return { genres, artists, tracks, users: o.users, plays, likes, ratings, follows };
}
