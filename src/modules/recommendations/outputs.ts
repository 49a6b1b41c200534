import { randomBytes } from 'node:crypto';
import type { Dataset } from './engine/dataset.js';
import { REASON } from './engine/kernels.js';
import type { Scored } from './engine/model.js';
import { buildMixes } from './mixes.js';
import type { CatalogIndex, RecommendationsRepository } from './recommendation.types.js';

/** Turning a run's arrays into rows: reasons in words, mixes, batches for the one transaction. */

const WRITE_USERS_PER_BATCH = 2000;
export type ProgressFn = (phase: string, done: number, total: number) => void;
const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 297)}...` : s);

/**
 * Ids that grow within a run and from one run to the next (the time in front, a counter at
 * the end), still shaped like v4 uuids for every validator. A full run inserts ~8M playlist
 * entries: with random ids each lands on a random page of the primary key and of
 * (playlist_id, position), which outgrow PostgreSQL's buffers and turn the write into random
 * I/O; with growing ids every insert goes to the right-hand edge of those indexes.
 */
export function sequentialIds(now = Date.now()): () => string {
  const t = now.toString(16).padStart(12, '0').slice(-12);
  const r = randomBytes(4).toString('hex');
  const head = `${t.slice(0, 8)}-${t.slice(8)}-4${r.slice(0, 3)}-${'89ab'[parseInt(r[3]!, 16) & 3]}${r.slice(4, 7)}`;
  let n = 0;
  return () => `${head}-${(n++).toString(16).padStart(12, '0')}`;
}

export function reasonText(c: CatalogIndex, kind: number, ref: number): string {
  switch (kind) {
    case REASON.played:
      return clip(`Because you played ${c.trackTitles[ref]}`);
    case REASON.liked:
      return clip(`Because you liked ${c.trackTitles[ref]}`);
    case REASON.followed:
      return clip(`New from ${c.artistNames[ref]}, an artist you follow`);
    default:
      return ref >= 0 ? clip(`Popular in ${c.genreNames[ref]}`) : 'Popular on Rhythmo';
  }
}

export async function writeOutputs(
  repo: RecommendationsRepository,
  runId: string,
  c: CatalogIndex,
  userIds: string[],
  d: Dataset,
  s: Scored,
  nb: { k: number; idx: Int32Array; sim: Float32Array },
  scopeIds: string[] | null,
  at: Date,
  onProgress?: ProgressFn,
): Promise<Record<string, number>> {
  const counts = { recommendations: 0, similarities: 0, playlists: 0, playlistTracks: 0 };
  const nextId = sequentialIds();
  await repo.replaceOutputs(runId, { userIds: scopeIds, similarities: scopeIds === null }, at, async (w) => {
    const n = s.userList.length;
    let inflight: Promise<void> = Promise.resolve();
    for (let a = 0; a < n; a += WRITE_USERS_PER_BATCH) {
      const e = Math.min(n, a + WRITE_USERS_PER_BATCH);
      const rec = { userId: [] as string[], rank: [] as number[], trackId: [] as string[], score: [] as number[], reason: [] as string[] };
      const pl = {
        playlists: { id: [] as string[], ownerId: [] as string[], name: [] as string[], description: [] as string[], trackCount: [] as number[], durationMs: [] as number[] },
        entries: { id: [] as string[], playlistId: [] as string[], trackId: [] as string[], position: [] as number[] },
      };
      for (let pos = a; pos < e; pos++) {
        const u = s.userList[pos]!;
        const userId = userIds[u]!;
        const recommended: number[] = [];
        for (let q = 0; q < s.top; q++) {
          const j = s.item[pos * s.top + q]!;
          if (j < 0) break;
          recommended.push(j);
          rec.userId.push(userId);
          rec.rank.push(q + 1);
          rec.trackId.push(c.trackIds[j]!);
          rec.score.push(Math.round(s.score[pos * s.top + q]! * 1e6) / 1e6);
          rec.reason.push(reasonText(c, s.kind[pos * s.top + q]!, s.ref[pos * s.top + q]!));
        }
        const known: { track: number; weight: number }[] = [];
        for (let k = d.R.indptr[u]!; k < d.R.indptr[u + 1]!; k++) if (d.source[k]! & 1) known.push({ track: d.R.indices[k]!, weight: d.R.data[k]! });
        for (const mix of buildMixes({ known, recommended, trackArtist: c.trackArtist, trackGenre: c.trackGenre, genreNames: c.genreNames })) {
          const pid = nextId();
          pl.playlists.id.push(pid);
          pl.playlists.ownerId.push(userId);
          pl.playlists.name.push(mix.name);
          pl.playlists.description.push(mix.description);
          pl.playlists.trackCount.push(mix.tracks.length);
          pl.playlists.durationMs.push(mix.tracks.reduce((sum, t) => sum + c.trackDurations[t]!, 0));
          mix.tracks.forEach((t, position) => {
            pl.entries.id.push(nextId());
            pl.entries.playlistId.push(pid);
            pl.entries.trackId.push(c.trackIds[t]!);
            pl.entries.position.push(position);
          });
        }
      }
      // the next batch is built while this one is on its way to the database
      await inflight;
      inflight = w.recommendations(rec).then(() => w.playlists(pl));
      counts.recommendations += rec.userId.length;
      counts.playlists += pl.playlists.id.length;
      counts.playlistTracks += pl.entries.id.length;
      onProgress?.('write', e, n);
    }
    await inflight;
    if (scopeIds !== null) return;
    for (let a = 0; a < d.items; a += 2000) {
      const e = Math.min(d.items, a + 2000);
      const b = { trackId: [] as string[], rank: [] as number[], similarTrackId: [] as string[], score: [] as number[] };
      for (let i = a; i < e; i++) {
        for (let q = 0; q < nb.k; q++) {
          const j = nb.idx[i * nb.k + q]!;
          if (j < 0) break;
          b.trackId.push(c.trackIds[i]!);
          b.rank.push(q + 1);
          b.similarTrackId.push(c.trackIds[j]!);
          b.score.push(Math.round(nb.sim[i * nb.k + q]! * 1e6) / 1e6);
        }
      }
      await inflight;
      inflight = w.similarities(b);
      counts.similarities += b.trackId.length;
    }
    await inflight;
  });
  return counts;
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
