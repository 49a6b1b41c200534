import { capRows, rowNorms, sharedFloat32, sharedInt32, sharedUint8, transpose, type Csr } from './csr.js';
import { popularOrder, popularity, tracksByGroup, type Dataset } from './dataset.js';
import { MODEL_CODE, type AlsTask } from './kernels.js';
import type { WorkerPool } from './pool.js';

export type ModelName = 'knn' | 'als' | 'hybrid';
export type ScoredModel = ModelName | 'popular';

export interface EngineParams {
  model: ModelName;
  /** neighbours kept per track */
  k: number;
  shrink: number;
  /** tracks per user used to compute similarities (heavy users dominate the cost otherwise) */
  userCap: number;
  factors: number;
  iterations: number;
  lambda: number;
  alpha: number;
  cgSteps: number;
  top: number;
  followBoost: number;
  alsWeight: number;
  seed: number;
}

export const DEFAULT_PARAMS: EngineParams = {
  model: 'hybrid',
  k: 50,
  shrink: 5,
  userCap: 300,
  factors: 24,
  iterations: 6,
  lambda: 1,
  alpha: 10,
  cgSteps: 2,
  top: 100,
  followBoost: 0.5,
  alsWeight: 0.4,
  seed: 42,
};

export interface Neighbours {
  k: number;
  idx: Int32Array;
  sim: Float32Array;
}

export interface Factors {
  f: number;
  users: Float32Array;
  items: Float32Array;
}

export interface Scored {
  top: number;
  userList: Int32Array;
  item: Int32Array;
  score: Float32Array;
  kind: Uint8Array;
  ref: Int32Array;
}

export type Progress = (phase: string, done: number, total: number) => void;

/** mulberry32: small, seeded, good enough for initial factors and synthetic data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function itemNeighbours(d: Dataset, p: Pick<EngineParams, 'k' | 'shrink' | 'userCap'>, pool: WorkerPool, progress?: Progress): Promise<Neighbours> {
  const users = capRows(d.R, p.userCap);
  const items = transpose(users);
  const norms = rowNorms(items);
  const idx = sharedInt32(d.items * p.k);
  const sim = sharedFloat32(d.items * p.k);
  await pool.run({ kind: 'knn', items, users, norms, k: p.k, shrink: p.shrink, outIdx: idx, outSim: sim }, d.items, undefined, (a, b) =>
    progress?.('knn', a, b),
  );
  return { k: p.k, idx, sim };
}

/** Y^T Y + lambda I, in double precision. */
export function gram(Y: Float32Array, rows: number, f: number, lambda: number): Float64Array {
  const G = new Float64Array(new SharedArrayBuffer(f * f * 8));
  for (let r = 0; r < rows; r++) {
    const o = r * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[o + a]!;
      if (ya === 0) continue;
      for (let b = a; b < f; b++) G[a * f + b] = G[a * f + b]! + ya * Y[o + b]!;
    }
  }
  for (let a = 0; a < f; a++) {
    G[a * f + a] = G[a * f + a]! + lambda;
    for (let b = 0; b < a; b++) G[a * f + b] = G[b * f + a]!;
  }
  return G;
}

export function initFactors(rows: number, f: number, seed: number): Float32Array {
  const out = sharedFloat32(rows * f);
  const rand = rng(seed);
  for (let i = 0; i < rows * f; i++) out[i] = (rand() - 0.5) * 0.02;
  return out;
}

export async function trainAls(
  d: Dataset,
  p: Pick<EngineParams, 'factors' | 'iterations' | 'lambda' | 'alpha' | 'cgSteps' | 'seed'>,
  pool: WorkerPool,
  progress?: Progress,
): Promise<Factors> {
  const f = p.factors;
  const users = initFactors(d.users, f, p.seed);
  const items = initFactors(d.items, f, p.seed + 1);
  const Rt = transpose(d.R);
  const half = async (m: Csr, other: Float32Array, solve: Float32Array, otherRows: number) => {
    const task: AlsTask = { m, other, solve, gram: gram(other, otherRows, f, p.lambda), factors: f, alpha: p.alpha, cgSteps: p.cgSteps };
    await pool.run({ kind: 'als', ...task }, m.rows);
  };
  for (let it = 0; it < p.iterations; it++) {
    await half(d.R, items, users, d.items);
    await half(Rt, users, items, d.users);
    progress?.('als', it + 1, p.iterations);
  }
  return { f, users, items };
}

export interface ScoreOptions {
  model: ScoredModel;
  top: number;
  /** users to score; all when absent */
  userList?: Int32Array;
  params: EngineParams;
  neighbours: Neighbours | null;
  factors: Factors | null;
  /** popularity override (the evaluation ranks by training popularity only) */
  popularity?: Float32Array;
}

export async function scoreUsers(d: Dataset, o: ScoreOptions, pool: WorkerPool, progress?: Progress): Promise<Scored> {
  const pop = o.popularity ?? popularity(d);
  let userList = o.userList;
  if (!userList) {
    userList = sharedInt32(d.users);
    for (let u = 0; u < d.users; u++) userList[u] = u;
    userList = userList.subarray(0, d.users);
  }
  const n = userList.length;
  const out: Scored = {
    top: o.top,
    userList,
    item: sharedInt32(n * o.top),
    score: sharedFloat32(n * o.top),
    kind: sharedUint8(n * o.top),
    ref: sharedInt32(n * o.top),
  };
  await pool.run(
    {
      kind: 'score',
      model: MODEL_CODE[o.model],
      userList,
      users: d.R,
      source: d.source,
      blocked: d.blocked,
      follows: d.follows,
      artistTracks: tracksByGroup(d.trackArtist, d.artists, pop, 10),
      genreTracks: tracksByGroup(d.trackGenre, d.genres, pop, 300),
      popular: popularOrder(pop, Math.max(1000, o.top * 4)),
      trackArtist: d.trackArtist,
      trackGenre: d.trackGenre,
      genres: d.genres,
      artists: d.artists,
      nbrIdx: o.neighbours?.idx ?? null,
      nbrSim: o.neighbours?.sim ?? null,
      k: o.neighbours?.k ?? 0,
      userFactors: o.factors?.users ?? null,
      itemFactors: o.factors?.items ?? null,
      factors: o.factors?.f ?? 0,
      top: o.top,
      followBoost: o.params.followBoost,
      alsWeight: o.params.alsWeight,
      excludeKnown: true,
      outItem: out.item,
      outScore: out.score,
      outKind: out.kind,
      outRef: out.ref,
    },
    n,
    undefined,
    (a, b) => progress?.('score', a, b),
  );
  return out;
}
