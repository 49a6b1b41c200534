/**
 * The numeric kernels. They run inside worker threads (engine.worker.ts) and, for small
 * jobs and unit tests, inline; everything they touch is a typed array, so a task is a
 * range of rows over shared memory and the results land in shared output arrays.
 */
import type { Csr } from './csr.js';

/** Keeps the k largest scores seen; ties go to the smaller id so results are deterministic. */
export class TopK {
  readonly ids: Int32Array;
  readonly scores: Float32Array;
  size = 0;
  constructor(readonly k: number) {
    this.ids = new Int32Array(k);
    this.scores = new Float32Array(k);
  }
  reset(): void {
    this.size = 0;
  }
  private less(a: number, b: number): boolean {
    const sa = this.scores[a]!;
    const sb = this.scores[b]!;
    return sa < sb || (sa === sb && this.ids[a]! > this.ids[b]!);
  }
  private swap(a: number, b: number): void {
    const i = this.ids[a]!;
    this.ids[a] = this.ids[b]!;
    this.ids[b] = i;
    const s = this.scores[a]!;
    this.scores[a] = this.scores[b]!;
    this.scores[b] = s;
  }
  push(id: number, score: number): void {
    if (this.size < this.k) {
      let c = this.size++;
      this.ids[c] = id;
      this.scores[c] = score;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.less(c, p)) break;
        this.swap(c, p);
        c = p;
      }
      return;
    }
    if (score < this.scores[0]! || (score === this.scores[0]! && id > this.ids[0]!)) return;
    this.ids[0] = id;
    this.scores[0] = score;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      const r = l + 1;
      let m = c;
      if (l < this.size && this.less(l, m)) m = l;
      if (r < this.size && this.less(r, m)) m = r;
      if (m === c) break;
      this.swap(c, m);
      c = m;
    }
  }
  /** Best first. */
  sorted(): { ids: number[]; scores: number[] } {
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) =>
      this.scores[b]! - this.scores[a]! || this.ids[a]! - this.ids[b]!,
    );
    return { ids: order.map((i) => this.ids[i]!), scores: order.map((i) => this.scores[i]!) };
  }
}

export interface KnnTask {
  /** track -> users */
  items: Csr;
  /** user -> tracks */
  users: Csr;
  norms: Float32Array;
  k: number;
  /** Shrinks similarities resting on few co-listeners: sim * co / (co + shrink). */
  shrink: number;
  outIdx: Int32Array;
  outSim: Float32Array;
}

/** Cosine similarity of track i with every track sharing a listener, keeping the top k. */
export function knnRange(t: KnnTask, start: number, end: number): void {
  const nItems = t.items.rows;
  const acc = new Float64Array(nItems);
  const co = new Int32Array(nItems);
  const touched = new Int32Array(nItems);
  const top = new TopK(t.k);
  const { indptr: ip, indices: iu, data: iv } = t.items;
  const { indptr: up, indices: ui, data: uv } = t.users;
  for (let i = start; i < end; i++) {
    let nt = 0;
    for (let a = ip[i]!; a < ip[i + 1]!; a++) {
      const u = iu[a]!;
      const x = iv[a]!;
      for (let b = up[u]!; b < up[u + 1]!; b++) {
        const j = ui[b]!;
        if (j === i) continue;
        if (co[j] === 0) touched[nt++] = j;
        acc[j] = acc[j]! + x * uv[b]!;
        co[j]!++;
      }
    }
    top.reset();
    const ni = t.norms[i]!;
    for (let q = 0; q < nt; q++) {
      const j = touched[q]!;
      const c = co[j]!;
      const sim = (acc[j]! / (ni * t.norms[j]! + 1e-9)) * (c / (c + t.shrink));
      top.push(j, sim);
      acc[j] = 0;
      co[j] = 0;
    }
    const { ids, scores } = top.sorted();
    const base = i * t.k;
    for (let n = 0; n < t.k; n++) {
      t.outIdx[base + n] = n < ids.length ? ids[n]! : -1;
      t.outSim[base + n] = n < ids.length ? scores[n]! : 0;
    }
  }
}

export interface AlsTask {
  /** rows to solve for -> the other side, values are preferences r (confidence 1 + alpha r) */
  m: Csr;
  /** the fixed side's factors, m.cols x f */
  other: Float32Array;
  /** the side being solved, m.rows x f; updated in place (warm start) */
  solve: Float32Array;
  /** other^T other + lambda I, f x f */
  gram: Float64Array;
  factors: number;
  alpha: number;
  cgSteps: number;
}

/**
 * One half-step of implicit ALS (Hu, Koren, Volinsky 2008) for rows [start, end), solving
 * (YtY + Yt(Cu - I)Y + lambda I) x = Yt Cu p(u) with a few conjugate-gradient steps from the
 * previous x (Takacs, Pilaszy, Tikk 2011), so no f x f system is ever factorised.
 */
export function alsRange(t: AlsTask, start: number, end: number): void {
  const f = t.factors;
  const { indptr, indices, data } = t.m;
  const Y = t.other;
  const X = t.solve;
  const A = t.gram;
  const alphaC = t.alpha;
  const steps = t.cgSteps;
  const x = new Float64Array(f);
  const r = new Float64Array(f);
  const p = new Float64Array(f);
  const ap = new Float64Array(f);
  for (let u = start; u < end; u++) {
    const base = u * f;
    for (let a = 0; a < f; a++) x[a] = X[base + a]!;
    // r = b - A x
    for (let a = 0; a < f; a++) {
      let s = 0;
      for (let b = 0; b < f; b++) s += A[a * f + b]! * x[b]!;
      r[a] = -s;
    }
    for (let k = indptr[u]!; k < indptr[u + 1]!; k++) {
      const yi = indices[k]! * f;
      const c = 1 + alphaC * data[k]!;
      let yx = 0;
      for (let a = 0; a < f; a++) yx += Y[yi + a]! * x[a]!;
      const w = c - (c - 1) * yx;
      for (let a = 0; a < f; a++) r[a] = r[a]! + w * Y[yi + a]!;
    }
    let rs = 0;
    for (let a = 0; a < f; a++) {
      p[a] = r[a]!;
      rs += r[a]! * r[a]!;
    }
    for (let step = 0; step < steps && rs > 1e-20; step++) {
      for (let a = 0; a < f; a++) {
        let s = 0;
        for (let b = 0; b < f; b++) s += A[a * f + b]! * p[b]!;
        ap[a] = s;
      }
      for (let k = indptr[u]!; k < indptr[u + 1]!; k++) {
        const yi = indices[k]! * f;
        const c1 = alphaC * data[k]!;
        let yp = 0;
        for (let a = 0; a < f; a++) yp += Y[yi + a]! * p[a]!;
        const w = c1 * yp;
        for (let a = 0; a < f; a++) ap[a] = ap[a]! + w * Y[yi + a]!;
      }
      let pap = 0;
      for (let a = 0; a < f; a++) pap += p[a]! * ap[a]!;
      if (pap <= 0) break;
      const alpha = rs / pap;
      let rsNew = 0;
      for (let a = 0; a < f; a++) {
        x[a] = x[a]! + alpha * p[a]!;
        r[a] = r[a]! - alpha * ap[a]!;
        rsNew += r[a]! * r[a]!;
      }
      const beta = rsNew / rs;
      for (let a = 0; a < f; a++) p[a] = r[a]! + beta * p[a]!;
      rs = rsNew;
    }
    for (let a = 0; a < f; a++) X[base + a] = x[a]!;
  }
}

/** Reason kinds, decoded into sentences by the service. */
export const REASON = { played: 0, liked: 1, followed: 2, genre: 3, popular: 4 } as const;
export const MODEL_CODE = { knn: 0, als: 1, hybrid: 2, popular: 3 } as const;

export interface ScoreTask {
  model: number;
  /** the users to score (indices into users), outputs are by position in this list */
  userList: Int32Array;
  /** user -> tracks, positive preferences */
  users: Csr;
  /** per nonzero of `users`: 1 played, 2 liked, 4 rated high */
  source: Uint8Array;
  /** user -> tracks never to recommend (rated 1-2) */
  blocked: Csr;
  /** user -> followed artists */
  follows: Csr;
  /** artist -> its most popular tracks */
  artistTracks: Csr;
  /** genre -> its most popular tracks */
  genreTracks: Csr;
  /** most popular tracks first */
  popular: Int32Array;
  trackArtist: Int32Array;
  trackGenre: Int32Array;
  genres: number;
  artists: number;
  nbrIdx: Int32Array | null;
  nbrSim: Float32Array | null;
  k: number;
  userFactors: Float32Array | null;
  itemFactors: Float32Array | null;
  factors: number;
  top: number;
  followBoost: number;
  alsWeight: number;
  /** also exclude tracks the user already has (off only for experiments) */
  excludeKnown: boolean;
  outItem: Int32Array;
  outScore: Float32Array;
  outKind: Uint8Array;
  outRef: Int32Array;
}

/** Candidates, model scores, follow boost, fallbacks and the final top N for users [start, end) of the list. */
export function scoreRange(t: ScoreTask, start: number, end: number): void {
  const nItems = t.users.cols;
  const excl = new Int32Array(nItems).fill(-1);
  const inCand = new Int32Array(nItems).fill(-1);
  const followed = new Int32Array(Math.max(1, t.artists)).fill(-1);
  const acc = new Float32Array(nItems);
  const best = new Float32Array(nItems);
  const src = new Int32Array(nItems);
  const score = new Float32Array(nItems);
  const kind = new Uint8Array(nItems);
  const ref = new Int32Array(nItems);
  const genreW = new Float32Array(Math.max(1, t.genres));
  let cand = new Int32Array(1024);
  const f = t.factors;
  const { indptr: up, indices: ui, data: uv } = t.users;

  for (let pos = start; pos < end; pos++) {
    const u = t.userList[pos]!;
    let n = 0;
    const add = (j: number, k: number, r: number): boolean => {
      if (excl[j] === pos || inCand[j] === pos) return false;
      if (n === cand.length) {
        const c2 = new Int32Array(cand.length * 2);
        c2.set(cand);
        cand = c2;
      }
      inCand[j] = pos;
      cand[n++] = j;
      acc[j] = 0;
      best[j] = 0;
      src[j] = -1;
      kind[j] = k;
      ref[j] = r;
      score[j] = 0;
      return true;
    };
    if (t.excludeKnown) for (let q = up[u]!; q < up[u + 1]!; q++) excl[ui[q]!] = pos;
    for (let q = t.blocked.indptr[u]!; q < t.blocked.indptr[u + 1]!; q++) excl[t.blocked.indices[q]!] = pos;

    // item-item: every neighbour of every track the user has, weighted by the user's preference
    if (t.nbrIdx && t.nbrSim && t.model !== MODEL_CODE.popular) {
      for (let q = up[u]!; q < up[u + 1]!; q++) {
        const i = ui[q]!;
        const w = uv[q]!;
        const base = i * t.k;
        for (let nn = 0; nn < t.k; nn++) {
          const j = t.nbrIdx[base + nn]!;
          if (j < 0) break;
          if (excl[j] === pos) continue;
          if (inCand[j] !== pos) add(j, REASON.played, i);
          const c = w * t.nbrSim[base + nn]!;
          acc[j] = acc[j]! + c;
          if (c > best[j]!) {
            best[j] = c;
            src[j] = q;
          }
        }
      }
    }
    let knnMax = 0;
    for (let q = 0; q < n; q++) if (acc[cand[q]!]! > knnMax) knnMax = acc[cand[q]!]!;
    // a user with no history has untrained factors: ALS would only add noise
    const useAls = t.userFactors !== null && t.itemFactors !== null && (t.model === MODEL_CODE.als || t.model === MODEL_CODE.hybrid) && up[u + 1]! > up[u]!;
    const personal = n;
    for (let q = 0; q < personal; q++) {
      const j = cand[q]!;
      score[j] = knnMax > 0 ? acc[j]! / knnMax : 0;
      if (src[j]! >= 0) {
        const s = t.source[src[j]!]!;
        kind[j] = s & 1 ? REASON.played : REASON.liked;
        ref[j] = ui[src[j]!]!;
      }
    }

    // followed artists: their popular tracks join the candidates, and all their tracks get a lift
    for (let q = t.follows.indptr[u]!; q < t.follows.indptr[u + 1]!; q++) {
      const a = t.follows.indices[q]!;
      followed[a] = pos;
      for (let z = t.artistTracks.indptr[a]!; z < t.artistTracks.indptr[a + 1]!; z++) add(t.artistTracks.indices[z]!, REASON.followed, a);
    }

    // the user's leading genres, for fallbacks
    let g1 = -1;
    let g2 = -1;
    if (t.genres > 0) {
      genreW.fill(0);
      for (let q = up[u]!; q < up[u + 1]!; q++) {
        const g = t.trackGenre[ui[q]!]!;
        if (g >= 0) genreW[g] = genreW[g]! + uv[q]!;
      }
      for (let q = t.follows.indptr[u]!; q < t.follows.indptr[u + 1]!; q++) {
        const a = t.follows.indices[q]!;
        const z = t.artistTracks.indptr[a]!;
        if (z < t.artistTracks.indptr[a + 1]!) {
          const g = t.trackGenre[t.artistTracks.indices[z]!]!;
          if (g >= 0) genreW[g] = genreW[g]! + 1;
        }
      }
      for (let g = 0; g < t.genres; g++) {
        if (genreW[g]! <= 0) continue;
        if (g1 < 0 || genreW[g]! > genreW[g1]!) {
          g2 = g1;
          g1 = g;
        } else if (g2 < 0 || genreW[g]! > genreW[g2]!) g2 = g;
      }
    }

    if (useAls) {
      // ALS also sees the popular and same-genre tracks, so it can lift what kNN missed
      for (const g of [g1, g2]) {
        if (g < 0) continue;
        const e = Math.min(t.genreTracks.indptr[g + 1]!, t.genreTracks.indptr[g]! + 50);
        for (let z = t.genreTracks.indptr[g]!; z < e; z++) add(t.genreTracks.indices[z]!, REASON.genre, g);
      }
      for (let z = 0; z < Math.min(50, t.popular.length); z++) add(t.popular[z]!, REASON.popular, t.trackGenre[t.popular[z]!]!);
      const xu = u * f;
      let lo = Infinity;
      let hi = -Infinity;
      for (let q = 0; q < n; q++) {
        const yi = cand[q]! * f;
        let s = 0;
        for (let a = 0; a < f; a++) s += t.userFactors![xu + a]! * t.itemFactors![yi + a]!;
        best[cand[q]!] = s;
        if (s < lo) lo = s;
        if (s > hi) hi = s;
      }
      const span = hi - lo || 1;
      const wAls = t.model === MODEL_CODE.als ? 1 : t.alsWeight;
      for (let q = 0; q < n; q++) {
        const j = cand[q]!;
        score[j] = (1 - wAls) * score[j]! + wAls * ((best[j]! - lo) / span);
      }
    }
    for (let q = 0; q < n; q++) {
      const j = cand[q]!;
      const a = t.trackArtist[j]!;
      if (a >= 0 && followed[a] === pos) {
        score[j] = score[j]! + t.followBoost;
        kind[j] = REASON.followed;
        ref[j] = a;
      }
    }

    // fallbacks fill what the models leave empty, below every personalised score
    let fill = 0;
    const fillScore = () => 1e-3 * (1 - fill++ / (4 * t.top + 4));
    // the popularity baseline stays pure popularity, so the evaluation compares against the usual yardstick
    for (const g of t.model === MODEL_CODE.popular ? [] : [g1, g2]) {
      if (g < 0 || n >= t.top) continue;
      for (let z = t.genreTracks.indptr[g]!; z < t.genreTracks.indptr[g + 1]! && n < t.top; z++) {
        const j = t.genreTracks.indices[z]!;
        if (add(j, REASON.genre, g)) score[j] = fillScore();
      }
    }
    for (let z = 0; z < t.popular.length && n < t.top; z++) {
      const j = t.popular[z]!;
      if (add(j, REASON.popular, t.trackGenre[j]!)) score[j] = fillScore();
    }

    const top = new TopK(t.top);
    for (let q = 0; q < n; q++) top.push(cand[q]!, score[cand[q]!]!);
    const { ids, scores } = top.sorted();
    const base = pos * t.top;
    for (let q = 0; q < t.top; q++) {
      const j = q < ids.length ? ids[q]! : -1;
      t.outItem[base + q] = j;
      t.outScore[base + q] = q < ids.length ? scores[q]! : 0;
      t.outKind[base + q] = j >= 0 ? kind[j]! : 0;
      t.outRef[base + q] = j >= 0 ? ref[j]! : -1;
    }
  }
}

export type Task = ({ kind: 'knn' } & KnnTask) | ({ kind: 'als' } & AlsTask) | ({ kind: 'score' } & ScoreTask);

export function runTask(task: Task, start: number, end: number): void {
  if (task.kind === 'knn') knnRange(task, start, end);
  else if (task.kind === 'als') alsRange(task, start, end);
  else scoreRange(task, start, end);
}
