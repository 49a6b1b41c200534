import { Matrix, solve } from 'ml-matrix';
import { CsrBuilder, transpose, rowNorms, type Csr } from '../../src/modules/recommendations/engine/csr.js';
import { alsRange, knnRange, REASON, TopK } from '../../src/modules/recommendations/engine/kernels.js';
import { gram, initFactors, rng, trainAls, type Scored } from '../../src/modules/recommendations/engine/model.js';
import { DatasetBuilder, preference } from '../../src/modules/recommendations/engine/dataset.js';
import { WorkerPool } from '../../src/modules/recommendations/engine/pool.js';
import { buildMixes, CappedList, ARTIST_CAP } from '../../src/modules/recommendations/mixes.js';
import { evaluate } from '../../src/modules/recommendations/evaluation.js';
import { synthesize } from '../../src/modules/recommendations/synth.js';
import { recommendationList } from '../../src/modules/recommendations/outputs.js';
import { reasonRefs, reasonText } from '../../src/modules/recommendations/reasons.js';
import type { CatalogIndex } from '../../src/modules/recommendations/recommendation.types.js';
import { generatedEntries, generatedEntryId } from '../../src/modules/playlists/generated-entries.js';

function randomCsr(rows: number, cols: number, density: number, seed: number): Csr {
  const rand = rng(seed);
  const b = new CsrBuilder(cols);
  for (let r = 0; r < rows; r++) {
    const c: number[] = [];
    const v: number[] = [];
    for (let j = 0; j < cols; j++) {
      if (rand() >= density) continue;
      c.push(j);
      v.push(0.5 + 2 * rand());
    }
    b.addRow(c, v);
  }
  return b.build();
}

const dense = (m: Csr) => {
  const out = Matrix.zeros(m.rows, m.cols);
  for (let r = 0; r < m.rows; r++) for (let k = m.indptr[r]!; k < m.indptr[r + 1]!; k++) out.set(r, m.indices[k]!, m.data[k]!);
  return out;
};

describe('CSR', () => {
  it('sorts and sums duplicate columns and transposes exactly', () => {
    const b = new CsrBuilder(4);
    b.addRow([3, 1, 3], [1, 2, 4]);
    b.addEmptyRows(1);
    b.addRow([0], [5]);
    const m = b.build();
    expect(Array.from(m.indptr)).toEqual([0, 2, 2, 3]);
    expect(Array.from(m.indices.subarray(0, 3))).toEqual([1, 3, 0]);
    expect(Array.from(m.data.subarray(0, 3))).toEqual([2, 5, 5]);
    expect(dense(transpose(m)).to2DArray()).toEqual(dense(m).transpose().to2DArray());
  });
});

describe('implicit ALS with conjugate gradient', () => {
  const f = 4;
  const lambda = 0.1;
  const alpha = 5;
  const R = randomCsr(12, 9, 0.35, 7);
  const Y = initFactors(9, f, 3).map((v) => v * 50);
  const G = gram(Y, 9, f, lambda);

  /** (YtY + Yt(Cu - I)Y + lambda I)^-1 Yt Cu p(u), solved densely. */
  function exact(u: number): number[] {
    const Ym = new Matrix(Array.from({ length: 9 }, (_, i) => Array.from(Y.subarray(i * f, i * f + f))));
    const c = Array(9).fill(1);
    const p = Array(9).fill(0);
    for (let k = R.indptr[u]!; k < R.indptr[u + 1]!; k++) {
      c[R.indices[k]!] = 1 + alpha * R.data[k]!;
      p[R.indices[k]!] = 1;
    }
    const Cu = Matrix.diag(c);
    const A = Ym.transpose().mmul(Cu).mmul(Ym).add(Matrix.eye(f).mul(lambda));
    const b = Ym.transpose().mmul(Cu).mmul(Matrix.columnVector(p));
    return solve(A, b).getColumn(0);
  }

  it('the gram matrix is YtY + lambda I', () => {
    const Ym = new Matrix(Array.from({ length: 9 }, (_, i) => Array.from(Y.subarray(i * f, i * f + f))));
    const ref = Ym.transpose().mmul(Ym).add(Matrix.eye(f).mul(lambda));
    for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) expect(G[a * f + b]).toBeCloseTo(ref.get(a, b), 3);
  });

  it('with f steps, CG reaches the dense solution of every user\'s normal equations', () => {
    const X = initFactors(12, f, 11);
    alsRange({ m: R, other: Y, solve: X, gram: G, factors: f, alpha, cgSteps: f, }, 0, 12);
    for (let u = 0; u < 12; u++) {
      const ref = exact(u);
      for (let a = 0; a < f; a++) expect(X[u * f + a]).toBeCloseTo(ref[a]!, 3);
    }
  });

  it('a few warm-started steps get close, and training lowers the loss on both threads', async () => {
    const d = new DatasetBuilder({ users: 40, items: 30, artists: 1, genres: 1, trackArtist: new Int32Array(30), trackGenre: new Int32Array(30) });
    const m = randomCsr(40, 30, 0.2, 5);
    d.addPage({
      start: 0,
      end: 40,
      plays: Array.from({ length: 40 }, (_, u) => Array.from(m.indices.subarray(m.indptr[u]!, m.indptr[u + 1]!)).map((t) => ({ user: u, track: t, plays: 1, fraction: 1 }))).flat(),
      likes: [],
      ratings: [],
      follows: [],
    });
    const ds = d.build();
    const loss = (fac: { users: Float32Array; items: Float32Array; f: number }) => {
      let s = 0;
      for (let u = 0; u < 40; u++) {
        const row = new Map<number, number>();
        for (let k = ds.R.indptr[u]!; k < ds.R.indptr[u + 1]!; k++) row.set(ds.R.indices[k]!, ds.R.data[k]!);
        for (let i = 0; i < 30; i++) {
          let dot = 0;
          for (let a = 0; a < fac.f; a++) dot += fac.users[u * fac.f + a]! * fac.items[i * fac.f + a]!;
          const r = row.get(i);
          s += (1 + 10 * (r ?? 0)) * ((r ? 1 : 0) - dot) ** 2;
        }
      }
      return s;
    };
    const pool = new WorkerPool(2);
    try {
      const one = await trainAls(ds, { factors: 6, iterations: 1, lambda: 0.1, alpha: 10, cgSteps: 3, seed: 1 }, pool);
      const ten = await trainAls(ds, { factors: 6, iterations: 10, lambda: 0.1, alpha: 10, cgSteps: 3, seed: 1 }, pool);
      expect(loss(ten)).toBeLessThan(loss(one));
    } finally {
      await pool.close();
    }
  });
});

describe('item-item cosine', () => {
  it('keeps the k most similar tracks, matching a dense computation', () => {
    const users = randomCsr(30, 12, 0.3, 21);
    const items = transpose(users);
    const k = 4;
    const idx = new Int32Array(12 * k);
    const sim = new Float32Array(12 * k);
    knnRange({ items, users, norms: rowNorms(items), k, shrink: 0, outIdx: idx, outSim: sim }, 0, 12);
    const D = dense(items);
    for (let i = 0; i < 12; i++) {
      const ref = Array.from({ length: 12 }, (_, j) => {
        const a = D.getRow(i);
        const b = D.getRow(j);
        const dot = a.reduce((s, x, q) => s + x * b[q]!, 0);
        const n = Math.hypot(...a) * Math.hypot(...b);
        return { j, s: j === i || dot === 0 ? -1 : dot / n };
      })
        .filter((x) => x.s > 0)
        .sort((x, y) => y.s - x.s || x.j - y.j)
        .slice(0, k);
      ref.forEach((r, n) => {
        expect(sim[i * k + n]).toBeCloseTo(r.s, 4);
      });
    }
  });

  it('TopK keeps the largest, ties to the smaller id', () => {
    const t = new TopK(3);
    [[5, 0.1], [2, 0.9], [7, 0.5], [1, 0.5], [9, 0.2]].forEach(([id, s]) => t.push(id!, s!));
    expect(t.sorted().ids).toEqual([2, 1, 7]);
  });
});

describe('preference', () => {
  it('grows with what was heard, likes and high ratings; a low rating wipes it', () => {
    expect(preference({ fraction: 3, liked: false, rating: null })).toBeGreaterThan(preference({ fraction: 1, liked: false, rating: null }));
    expect(preference({ fraction: 1, liked: true, rating: 5 })).toBeGreaterThan(preference({ fraction: 1, liked: true, rating: null }));
    expect(preference({ fraction: 10, liked: true, rating: 2 })).toBe(0);
  });
});

describe('mixes', () => {
  const trackArtist = Int32Array.from({ length: 100 }, (_, i) => i % 5);
  const trackGenre = Int32Array.from({ length: 100 }, (_, i) => (i < 50 ? 0 : 1));

  it('never has more than 2 tracks of one artist in any 20', () => {
    const list = new CappedList(trackArtist, 40);
    for (let i = 0; i < 100; i++) list.offer(i);
    for (let s = 0; s + ARTIST_CAP.window <= list.tracks.length; s++) {
      const counts = new Map<number, number>();
      for (const t of list.tracks.slice(s, s + ARTIST_CAP.window)) counts.set(trackArtist[t]!, (counts.get(trackArtist[t]!) ?? 0) + 1);
      expect(Math.max(...counts.values())).toBeLessThanOrEqual(ARTIST_CAP.tracks);
    }
  });

  it('makes a daily mix per leading genre mixing familiar and new, and a discover weekly of new tracks', () => {
    const known = [...Array.from({ length: 20 }, (_, i) => ({ track: i, weight: 2 })), ...Array.from({ length: 10 }, (_, i) => ({ track: 50 + i, weight: 2 }))];
    const recommended = [...Array.from({ length: 20 }, (_, i) => 20 + i), ...Array.from({ length: 20 }, (_, i) => 70 + i)];
    const mixes = buildMixes({ known, recommended, trackArtist: Int32Array.from({ length: 100 }, (_, i) => i), trackGenre, genreNames: ['Jazz', 'Rock'] });
    expect(mixes.map((m) => m.name)).toEqual(['Daily Mix 1', 'Daily Mix 2', 'Discover Weekly']);
    expect(mixes[0]!.tracks.every((t) => trackGenre[t] === 0)).toBe(true);
    expect(mixes[0]!.tracks.some((t) => t < 20) && mixes[0]!.tracks.some((t) => t >= 20)).toBe(true);
    expect(mixes[2]!.tracks.every((t) => !known.some((k) => k.track === t))).toBe(true);
  });
});

describe('evaluation metrics', () => {
  it('computes recall, ndcg and coverage for a known ranking', () => {
    const scored = { top: 3, userList: Int32Array.from([0, 1]), item: Int32Array.from([1, 2, 3, 4, 5, 6]), score: new Float32Array(6), kind: new Uint8Array(6), ref: new Int32Array(6) };
    const m = evaluate(scored, new Map([[0, [1]], [1, [9, 6]]]), 10, 3);
    // user 0: hit at rank 1 -> recall 1, ndcg 1; user 1: hit at rank 3 of 2 relevant -> recall 0.5, ndcg 0.5/(1+1/log2 3)
    expect(m.recall).toBeCloseTo(0.75, 4);
    expect(m.ndcg).toBeCloseTo((1 + 0.5 / (1 + 1 / Math.log2(3))) / 2, 3);
    expect(m.coverage).toBeCloseTo(0.6, 4);
  });
});

describe('synthetic data', () => {
  const o = { users: 300, tracks: 600, plays: 20_000, seed: 9, now: new Date('2025-06-01T00:00:00Z') };
  const d = synthesize(o);

  it('is reproducible from its seed and has exactly the plays asked for', () => {
    const again = synthesize(o);
    expect(Array.from(again.plays.track.subarray(0, 500))).toEqual(Array.from(d.plays.track.subarray(0, 500)));
    expect(d.plays.user.length).toBe(20_000);
    expect(d.tracks).toHaveLength(600);
    expect(new Set(d.plays.user).size).toBe(300);
  });

  it('has skewed popularity and listeners who stay in a few genres', () => {
    const perTrack = new Map<number, number>();
    d.plays.track.forEach((t) => perTrack.set(t, (perTrack.get(t) ?? 0) + 1));
    const counts = [...perTrack.values()].sort((a, b) => b - a);
    const top5pct = counts.slice(0, Math.ceil(600 * 0.05)).reduce((s, c) => s + c, 0);
    expect(top5pct / 20_000).toBeGreaterThan(0.25);
    let inTop3 = 0;
    for (let u = 0; u < 300; u++) {
      const genres = new Map<number, number>();
      let n = 0;
      d.plays.user.forEach((x, k) => {
        if (x !== u) return;
        n++;
        const g = d.tracks[d.plays.track[k]!]!.genre;
        genres.set(g, (genres.get(g) ?? 0) + 1);
      });
      inTop3 += [...genres.values()].sort((a, b) => b - a).slice(0, 3).reduce((s, c) => s + c, 0) / n;
    }
    expect(inTop3 / 300).toBeGreaterThan(0.85);
  });
});

describe('stored lists', () => {
  const catalog: CatalogIndex = {
    trackIds: ['t0', 't1', 't2', 't3'],
    trackTitles: ['Night River', 'Blue', 'Red', 'Green'],
    trackDurations: Int32Array.from([1, 1, 1, 1]),
    trackArtist: Int32Array.from([0, 0, 1, 1]),
    trackGenre: Int32Array.from([0, 0, 1, 1]),
    artistIds: ['a0', 'a1'],
    artistNames: ['Neon Echo', 'Quartet'],
    genreIds: ['g0', 'g1'],
    genreNames: ['Jazz', 'Rock'],
  };

  it('stores a user\'s list with reasons as a kind and the id they name, each id once', () => {
    const s: Scored = {
      top: 4,
      userList: Int32Array.from([0]),
      item: Int32Array.from([1, 2, 3, -1]),
      score: Float32Array.from([0.9, 0.5, 0.25, 0]),
      kind: Uint8Array.from([REASON.played, REASON.played, REASON.genre, 0]),
      ref: Int32Array.from([0, 0, 1, -1]),
    };
    const list = recommendationList(catalog, s, 0);
    expect(list.items).toEqual([1, 2, 3]);
    expect(JSON.parse(list.trackIds)).toEqual(['t1', 't2', 't3']);
    expect(JSON.parse(list.scores)).toEqual([0.9, 0.5, 0.25]);
    expect(JSON.parse(list.reasonRefs)).toEqual(['t0', 'g1']);
    expect(JSON.parse(list.reasons)).toEqual([[REASON.played, 0], [REASON.played, 0], [REASON.genre, 1]]);
  });

  it('puts reasons into words from current names, and falls back when the named thing is gone', () => {
    const names = { tracks: new Map([['t0', 'Night River']]), artists: new Map([['a0', 'Neon Echo']]), genres: new Map([['g0', 'Jazz']]) };
    expect(reasonText({ kind: REASON.played, ref: 't0' }, names)).toBe('Because you played Night River');
    expect(reasonText({ kind: REASON.liked, ref: 't0' }, names)).toBe('Because you liked Night River');
    expect(reasonText({ kind: REASON.followed, ref: 'a0' }, names)).toBe('New from Neon Echo, an artist you follow');
    expect(reasonText({ kind: REASON.genre, ref: 'g0' }, names)).toBe('Popular in Jazz');
    expect(reasonText({ kind: REASON.popular, ref: null }, names)).toBe('Popular on Rhythmo');
    expect(reasonText({ kind: REASON.played, ref: 'gone' }, names)).toBe('Picked for your taste');
    expect(reasonText({ kind: REASON.played, ref: 't0' }, { ...names, tracks: new Map([['t0', 'x'.repeat(400)]]) })).toHaveLength(300);
    expect(reasonRefs([
      { trackId: 't1', score: 1, kind: REASON.played, ref: 't0' },
      { trackId: 't2', score: 1, kind: REASON.played, ref: 't0' },
      { trackId: 't3', score: 1, kind: REASON.followed, ref: 'a0' },
      { trackId: 't3', score: 1, kind: REASON.popular, ref: null },
      { trackId: 't3', score: 1, kind: REASON.genre, ref: 'g0' },
    ])).toEqual({ tracks: ['t0'], artists: ['a0'], genres: ['g0'] });
  });

  it('gives a generated playlist\'s tracks stable, distinct, uuid-shaped entry ids, paged by position', () => {
    const ids = Array.from({ length: 30 }, (_, i) => generatedEntryId('p1', i));
    expect(new Set(ids).size).toBe(30);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(generatedEntryId('p1', 3)).toBe(ids[3]);
    expect(generatedEntryId('p2', 3)).not.toBe(ids[3]);
    const at = new Date(0);
    const page = generatedEntries('p1', ['a', 'b', 'c', 'd'].map((trackId, position) => ({ trackId, position })), at, { limit: 2, afterPosition: 0 });
    expect(page).toEqual([
      { id: ids[1], trackId: 'b', position: 1, addedAt: at },
      { id: ids[2], trackId: 'c', position: 2, addedAt: at },
      { id: ids[3], trackId: 'd', position: 3, addedAt: at },
    ]);
    expect(generatedEntries('p1', [{ trackId: 'a', position: 0 }], at, { limit: 2, afterPosition: 0 })).toEqual([]);
  });
});
