import type { Scored, ScoredModel } from './engine/model.js';

export interface ModelMetrics {
  recall: number;
  ndcg: number;
  coverage: number;
}

export interface EvalReport {
  k: number;
  users: number;
  tracks: number;
  holdout: string;
  models: ({ model: ScoredModel } & ModelMetrics)[];
  durationMs: number;
}

/**
 * Recall@k = hits / min(k, |relevant|), NDCG@k with binary gains, both averaged over users;
 * coverage = share of the catalog that appears in anyone's top k.
 */
export function evaluate(s: Scored, relevant: Map<number, number[]>, items: number, k: number): ModelMetrics {
  const shown = new Uint8Array(items);
  let recall = 0;
  let ndcg = 0;
  let n = 0;
  for (let pos = 0; pos < s.userList.length; pos++) {
    const rel = new Set(relevant.get(s.userList[pos]!) ?? []);
    if (rel.size === 0) continue;
    n++;
    let hits = 0;
    let dcg = 0;
    for (let q = 0; q < Math.min(k, s.top); q++) {
      const j = s.item[pos * s.top + q]!;
      if (j < 0) break;
      shown[j] = 1;
      if (rel.has(j)) {
        hits++;
        dcg += 1 / Math.log2(q + 2);
      }
    }
    let idcg = 0;
    for (let q = 0; q < Math.min(k, rel.size); q++) idcg += 1 / Math.log2(q + 2);
    recall += hits / Math.min(k, rel.size);
    ndcg += dcg / idcg;
  }
  const covered = shown.reduce((c, v) => c + v, 0);
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return { recall: r4(n ? recall / n : 0), ndcg: r4(n ? ndcg / n : 0), coverage: r4(items ? covered / items : 0) };
}
