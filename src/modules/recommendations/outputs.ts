import { randomBytes } from 'node:crypto';
import type { Dataset } from './engine/dataset.js';
import { REASON } from './engine/kernels.js';
import type { Scored } from './engine/model.js';
import { buildMixes } from './mixes.js';
import type { CatalogIndex, OutputWriter, PlaylistBatch, RecommendationBatch, RecommendationRepository, SimilarityBatch } from './recommendation.types.js';

/** Turning a run's arrays into stored lists: one row per user, per track and per mix, in batches for the one transaction. */

const WRITE_USERS_PER_BATCH = 2000;
const WRITE_TRACKS_PER_BATCH = 5000;
export type ProgressFn = (phase: string, done: number, total: number) => void;
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Ids that grow within a run and from one run to the next (the time in front, a counter at
 * the end), still shaped like v4 uuids for every validator, so new generated playlists append
 * to the right-hand edge of the playlists' primary key instead of landing on random pages.
 */
export function sequentialIds(now = Date.now()): () => string {
  const t = now.toString(16).padStart(12, '0').slice(-12);
  const r = randomBytes(4).toString('hex');
  const head = `${t.slice(0, 8)}-${t.slice(8)}-4${r.slice(0, 3)}-${'89ab'[parseInt(r[3]!, 16) & 3]}${r.slice(4, 7)}`;
  let n = 0;
  return () => `${head}-${(n++).toString(16).padStart(12, '0')}`;
}

/** The id a reason names: a track for "played"/"liked", an artist for "follow", a genre otherwise (none: popular overall). */
export function reasonRef(c: CatalogIndex, kind: number, ref: number): string | null {
  if (ref < 0) return null;
  if (kind === REASON.played || kind === REASON.liked) return c.trackIds[ref] ?? null;
  if (kind === REASON.followed) return c.artistIds[ref] ?? null;
  return c.genreIds[ref] ?? null;
}

/** One user's top N as the stored row's JSON columns; reasons point into a short list of distinct ids. */
export function recommendationList(c: CatalogIndex, s: Scored, pos: number): { items: number[]; trackIds: string; scores: string; reasons: string; reasonRefs: string } {
  const items: number[] = [];
  const scores: number[] = [];
  const reasons: [number, number][] = [];
  const refs = new Map<string, number>();
  for (let q = 0; q < s.top; q++) {
    const k = pos * s.top + q;
    const j = s.item[k]!;
    if (j < 0) break;
    items.push(j);
    scores.push(round(s.score[k]!));
    const id = reasonRef(c, s.kind[k]!, s.ref[k]!);
    let r = -1;
    if (id !== null) {
      r = refs.get(id) ?? refs.size;
      refs.set(id, r);
    }
    reasons.push([s.kind[k]!, r]);
  }
  return {
    items,
    trackIds: JSON.stringify(items.map((j) => c.trackIds[j])),
    scores: JSON.stringify(scores),
    reasons: JSON.stringify(reasons),
    reasonRefs: JSON.stringify([...refs.keys()]),
  };
}

type Neighbours = { k: number; idx: Int32Array; sim: Float32Array };
type OutputCounts = { recommendations: number; similarities: number; playlists: number; playlistTracks: number };

export async function writeOutputs(
  repo: RecommendationRepository,
  runId: string,
  c: CatalogIndex,
  userIds: string[],
  d: Dataset,
  s: Scored,
  nb: Neighbours,
  scopeIds: string[] | null,
  at: Date,
  onProgress?: ProgressFn,
): Promise<{ counts: Record<string, number>; timings: Record<string, number> }> {
  const counts: OutputCounts = { recommendations: 0, similarities: 0, playlists: 0, playlistTracks: 0 };
  // where the write's time goes: the previous outputs' delete, the users' lists and mixes, the similar lists, the commit
  const timings: Record<string, number> = {};
  let t0 = Date.now();
  const lap = (name: string) => {
    timings[`write.${name}Ms`] = Date.now() - t0;
    t0 = Date.now();
  };
  await repo.replaceOutputs(runId, { userIds: scopeIds, similarities: scopeIds === null }, at, async (w) => {
    lap('delete');
    await fillOutputs(w, counts, { c, userIds, d, s, nb, scopeIds, lap, onProgress });
  });
  lap('commit');
  return { counts, timings };
}

const DISCARD: OutputWriter = { recommendations: async () => {}, similarities: async () => {}, playlists: async () => {} };

/**
 * A dry run's report: the rows writeOutputs would write, built and counted by the same code,
 * then dropped, so the report cannot drift from what a real run writes.
 */
export async function countOutputs(c: CatalogIndex, userIds: string[], d: Dataset, s: Scored, nb: Neighbours, scopeIds: string[] | null): Promise<Record<string, number>> {
  const counts: OutputCounts = { recommendations: 0, similarities: 0, playlists: 0, playlistTracks: 0 };
  await fillOutputs(DISCARD, counts, { c, userIds, d, s, nb, scopeIds, lap: () => {} });
  return counts;
}

async function fillOutputs(
  w: OutputWriter,
  counts: OutputCounts,
  { c, userIds, d, s, nb, scopeIds, lap, onProgress }: { c: CatalogIndex; userIds: string[]; d: Dataset; s: Scored; nb: Neighbours; scopeIds: string[] | null; lap: (name: string) => void; onProgress?: ProgressFn },
): Promise<void> {
  const nextId = sequentialIds();
  const n = s.userList.length;
  let inflight: Promise<void> = Promise.resolve();
  for (let a = 0; a < n; a += WRITE_USERS_PER_BATCH) {
    const e = Math.min(n, a + WRITE_USERS_PER_BATCH);
    const rec: RecommendationBatch = { userId: [], trackIds: [], scores: [], reasons: [], reasonRefs: [] };
    const pl: PlaylistBatch = { id: [], ownerId: [], name: [], description: [], trackCount: [], durationMs: [], trackIds: [] };
    for (let pos = a; pos < e; pos++) {
      const u = s.userList[pos]!;
      const userId = userIds[u]!;
      const list = recommendationList(c, s, pos);
      if (list.items.length > 0) {
        rec.userId.push(userId);
        rec.trackIds.push(list.trackIds);
        rec.scores.push(list.scores);
        rec.reasons.push(list.reasons);
        rec.reasonRefs.push(list.reasonRefs);
        counts.recommendations += list.items.length;
      }
      const known: { track: number; weight: number }[] = [];
      for (let k = d.R.indptr[u]!; k < d.R.indptr[u + 1]!; k++) if (d.source[k]! & 1) known.push({ track: d.R.indices[k]!, weight: d.R.data[k]! });
      for (const mix of buildMixes({ known, recommended: list.items, trackArtist: c.trackArtist, trackGenre: c.trackGenre, genreNames: c.genreNames })) {
        pl.id.push(nextId());
        pl.ownerId.push(userId);
        pl.name.push(mix.name);
        pl.description.push(mix.description);
        pl.trackCount.push(mix.tracks.length);
        pl.durationMs.push(mix.tracks.reduce((sum, t) => sum + c.trackDurations[t]!, 0));
        pl.trackIds.push(JSON.stringify(mix.tracks.map((t) => c.trackIds[t])));
        counts.playlistTracks += mix.tracks.length;
      }
    }
    // the next batch is built while this one is on its way to the database
    await inflight;
    inflight = w.recommendations(rec).then(() => w.playlists(pl));
    counts.playlists += pl.id.length;
    onProgress?.('write', e, n);
  }
  await inflight;
  lap('users');
  if (scopeIds !== null) return;
  for (let a = 0; a < d.items; a += WRITE_TRACKS_PER_BATCH) {
    const e = Math.min(d.items, a + WRITE_TRACKS_PER_BATCH);
    const b: SimilarityBatch = { trackId: [], trackIds: [], scores: [] };
    for (let i = a; i < e; i++) {
      const ids: string[] = [];
      const scores: number[] = [];
      for (let q = 0; q < nb.k; q++) {
        const j = nb.idx[i * nb.k + q]!;
        if (j < 0) break;
        ids.push(c.trackIds[j]!);
        scores.push(round(nb.sim[i * nb.k + q]!));
      }
      if (ids.length === 0) continue;
      b.trackId.push(c.trackIds[i]!);
      b.trackIds.push(JSON.stringify(ids));
      b.scores.push(JSON.stringify(scores));
      counts.similarities += ids.length;
    }
    await inflight;
    inflight = w.similarities(b);
  }
  await inflight;
  lap('similar');
}

export function runMetrics(d: Dataset, s: Scored): Record<string, number> {
  const seen = new Uint8Array(d.items);
  let distinct = 0;
  let personal = 0;
  let total = 0;
  for (let q = 0; q < s.item.length; q++) {
    const j = s.item[q]!;
    if (j < 0) continue;
    total++;
    if (s.kind[q]! <= REASON.followed) personal++;
    if (!seen[j]) {
      seen[j] = 1;
      distinct++;
    }
  }
  return {
    catalogCoverage: d.items ? Math.round((distinct / d.items) * 1e4) / 1e4 : 0,
    personalizedShare: total ? Math.round((personal / total) * 1e4) / 1e4 : 0,
  };
}
