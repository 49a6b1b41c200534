/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), so that
 * "dwan" is one edit from "dawn". Stops early once every path exceeds `max`.
 */
export function damerau(a: string, b: string, max = Infinity): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length]!;
}

/** Trigrams the way pg_trgm makes them: each word padded with two spaces before and one after. */
export function trigrams(text: string): Set<string> {
  const set = new Set<string>();
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    const chars = [' ', ' ', ...word, ' '];
    for (let i = 0; i + 2 < chars.length; i++) set.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  return set;
}

/** Shared trigrams over all trigrams, as pg_trgm's similarity(). */
export function trigramSimilarity(a: string, b: string): number {
  return similarityTo(b)(a);
}

/** trigramSimilarity(·, b) with b's trigrams made once: a search ranks hundreds of titles against one query. */
export function similarityTo(b: string): (a: string) => number {
  const y = trigrams(b);
  return (a) => {
    const x = trigrams(a);
    if (x.size === 0 || y.size === 0) return 0;
    let shared = 0;
    for (const g of x) if (y.has(g)) shared += 1;
    return shared / (x.size + y.size - shared);
  };
}
