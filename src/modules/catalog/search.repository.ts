import { QueryTypes } from 'sequelize';
import { foldText, words } from './catalog.rules.js';
import { damerau, similarityTo } from './fuzzy.js';
import { rawReads } from '../../db/raw-query.js';
import { foldPendingRows } from './search-text.js';
import type { SearchHit, SearchKind, SearchRepository } from './catalog.types.js';
import type { Database } from '../../db/index.js';

/** Table and text column searched for each kind; playlists only when public. */
const TARGETS: Record<SearchKind, { table: string; column: string; where: string }> = {
  track: { table: 'tracks', column: 'title', where: '' },
  album: { table: 'albums', column: 'title', where: '' },
  artist: { table: 'artists', column: 'name', where: '' },
  playlist: { table: 'playlists', column: 'name', where: "visibility = 'public'" },
};

/** How many word matches are ranked; a common word can match thousands of titles. */
const CANDIDATES = 300;
/** Below this trigram similarity a title is not a plausible misspelling of the query. */
const FUZZY_THRESHOLD = 0.15;

type Row = { id: string; text: string };
type Corrections = { suspect: boolean; alternatives: string[][] | null };

/** 4 exact, 3 prefix, 2 all words (the last as a prefix), 1 otherwise (a close spelling). */
function tierOf(text: string, tw: string[], n: string, qWords: string[]): number {
  const t = foldText(text).trim();
  if (t === n) return 4;
  if (t.startsWith(n)) return 3;
  const all = qWords.every((w, i) => (i === qWords.length - 1 ? tw.some((x) => x.startsWith(w)) : tw.includes(w)));
  return all ? 2 : 1;
}

function rank(rows: Row[], q: string, qWords: string[], fuzzy: boolean): SearchHit[] {
  const similarity = similarityTo(qWords.join(' '));
  const n = foldText(q).trim();
  const seen = new Set<string>();
  const hits: SearchHit[] = [];
  for (const r of rows) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const tw = words(r.text);
    hits.push({ id: r.id, tier: fuzzy ? 1 : tierOf(r.text, tw, n, qWords), score: Math.min(0.999, similarity(tw.join(' '))) });
  }
  return hits.sort((a, b) => b.tier - a.tier || b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** How far a word may be from what was typed: none for short words, then one or two edits. */
const allowedEdits = (w: string) => ([...w].length <= 3 ? 0 : [...w].length <= 6 ? 1 : 2);

/**
 * Ranked search on both databases: exact > prefix > all words > close spelling, and within a
 * tier by trigram similarity. The database finds candidates through its indexes; the ranking
 * is the same code for both.
 *
 * PostgreSQL: generated folded text and tsvector (an immutable unaccent wrapper), GIN indexes,
 * a byte-order index for prefixes, a vocabulary of indexed words for edit-distance
 * corrections and pg_trgm similarity as the last resort. SQLite: the same folded text, made by
 * foldText() (rows still to fold are folded before each search), in FTS5 kept by triggers, with
 * its vocabulary table for corrections.
 */
export class SequelizeSearchRepository implements SearchRepository {
  constructor(private readonly db: Database) {}

  async search(kind: SearchKind, q: string, limit: number): Promise<SearchHit[]> {
    const qWords = words(q);
    if (qWords.length === 0) return [];
    const pg = this.db.dialect === 'postgres';
    if (!pg) await this.foldPending(kind);
    const hits = rank(pg ? await this.pgCandidates(kind, q, qWords, limit) : await this.sqliteCandidates(kind, qWords.map((w) => [w]), true), q, qWords, false);
    if (hits.length >= limit) return hits.slice(0, limit);
    // Too few matches as typed and some word unknown: try the closest spellings of each word.
    const fix = await this.corrections(kind, qWords);
    if (!fix.suspect) return hits;
    const seen = new Set(hits.map((h) => h.id));
    let fuzzyRows: Row[] = [];
    if (fix.alternatives) fuzzyRows = pg ? await this.pgWordMatches(kind, fix.alternatives, false) : await this.sqliteCandidates(kind, fix.alternatives, false);
    // Only when no word had a close spelling at all (words run together, say): the costliest look-up.
    else if (pg && hits.length === 0) fuzzyRows = await this.pgTrigramMatches(kind, qWords.join(' '));
    const fuzzy = rank(fuzzyRows.filter((r) => !seen.has(r.id)), q, qWords, true).filter((h) => h.score >= FUZZY_THRESHOLD);
    return [...hits, ...fuzzy].slice(0, limit);
  }

  /**
   * The kinds of one search ask at the same moment; on PostgreSQL the vocabulary is shared, so
   * they share one look-up (kept for a few seconds, which also serves search-as-you-type).
   */
  private corrections(kind: SearchKind, qWords: string[]): Promise<Corrections> {
    const key = `${this.db.dialect === 'postgres' ? '' : kind}:${qWords.join(' ')}`;
    const now = Date.now();
    const cached = this.correctionCache.get(key);
    if (cached && cached.until > now) return cached.value;
    if (this.correctionCache.size > 1000) this.correctionCache.clear();
    const value = this.closeWords(kind, qWords);
    this.correctionCache.set(key, { until: now + 5000, value });
    value.catch(() => this.correctionCache.delete(key));
    return value;
  }

  private readonly correctionCache = new Map<string, { until: number; value: Promise<Corrections> }>();

  /** Searches of one table at the same moment wait for one pass; with nothing pending it is one look at a partial index. */
  private foldPending(kind: SearchKind): Promise<void> {
    const { table, column } = TARGETS[kind];
    let pass = this.folding.get(table);
    if (!pass) {
      pass = foldPendingRows(this.db.sequelize, table, column).finally(() => this.folding.delete(table));
      this.folding.set(table, pass);
    }
    return pass;
  }

  private readonly folding = new Map<string, Promise<void>>();

  /** Titles starting with the query (in byte order, so the exact one first) and titles holding all its words. */
  private async pgCandidates(kind: SearchKind, q: string, qWords: string[], limit: number): Promise<Row[]> {
    const { table, column, where } = TARGETS[kind];
    const and = where ? `AND ${where}` : '';
    return rawReads(this.db.sequelize).select<Row>(
      `(SELECT id, ${column} AS text FROM ${table} WHERE search_text COLLATE "C" LIKE $1 ${and} ORDER BY search_text COLLATE "C" LIMIT $3)
       UNION ALL
       (SELECT id, ${column} AS text FROM ${table} WHERE search_vector @@ to_tsquery('simple', $2) ${and} LIMIT $4)`,
      [`${foldText(q).trim().replace(/[\\%_]/g, '')}%`, tsquery(qWords.map((w) => [w]), true), limit, CANDIDATES],
    );
  }

  private async pgWordMatches(kind: SearchKind, alternatives: string[][], prefixLast: boolean): Promise<Row[]> {
    const { table, column, where } = TARGETS[kind];
    return rawReads(this.db.sequelize).select<Row>(
      `SELECT id, ${column} AS text FROM ${table} WHERE search_vector @@ to_tsquery('simple', $1) ${where ? `AND ${where}` : ''} LIMIT $2`,
      [tsquery(alternatives, prefixLast), CANDIDATES],
    );
  }

  /** Whole-text trigram similarity: catches what word corrections cannot, such as words run together. */
  private async pgTrigramMatches(kind: SearchKind, nq: string): Promise<Row[]> {
    const { table, column, where } = TARGETS[kind];
    // pg_trgm's % reads its threshold from the session; set it in the same round trip. Two
    // statements in one call cannot take bound parameters, so nq (the query's folded words,
    // letters and digits only) is escaped into the text here, the one exception in this file.
    return this.db.sequelize.query<Row>(
      `SET pg_trgm.similarity_threshold = ${FUZZY_THRESHOLD};
       SELECT id, ${column} AS text FROM ${table} WHERE search_text % :nq ${where ? `AND ${where}` : ''} LIMIT :cap`,
      { replacements: { nq, cap: CANDIDATES }, type: QueryTypes.SELECT },
    );
  }

  /** bm25 orders the FTS5 matches, so the best few hundred are the ones ranked. */
  private async sqliteCandidates(kind: SearchKind, alternatives: string[][], prefixLast: boolean): Promise<Row[]> {
    const { table, column, where } = TARGETS[kind];
    const fts = `${table}_fts`;
    const match = alternatives
      .map((alts, i) => `(${alts.map((w) => `"${w}"${prefixLast && i === alternatives.length - 1 ? '*' : ''}`).join(' OR ')})`)
      .join(' AND ');
    return rawReads(this.db.sequelize).select<Row>(
      `SELECT t.id, t.${column} AS text FROM ${fts} JOIN ${table} t ON t.id = ${fts}.id
        WHERE ${fts} MATCH $1 ${where ? `AND ${where}` : ''} ORDER BY bm25(${fts}) LIMIT $2`,
      [match, CANDIDATES],
    );
  }

  /**
   * Whether some query word is unknown (the last one may be a prefix of a known word), and for
   * each word the indexed words within a small edit distance (a transposition counts once, so
   * "dwan" finds "dawn"); null alternatives when some word has no close match at all.
   */
  private async closeWords(kind: SearchKind, qWords: string[]): Promise<Corrections> {
    const last = qWords.length - 1;
    const lengths = qWords.map((w) => [...w].length);
    const min = Math.max(1, Math.min(...lengths) - 2);
    const max = Math.max(...lengths) + 2;
    let terms: string[];
    if (this.db.dialect === 'postgres') {
      const ws = Object.fromEntries(qWords.map((w, i) => [`w${i}`, w]));
      const known = await this.db.sequelize.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM (${qWords
          .map((_, i) => (i === last ? `SELECT 1 FROM search_words WHERE word COLLATE "C" LIKE $prefix LIMIT 1` : `SELECT 1 FROM search_words WHERE word = $w${i}`))
          .join(' UNION ALL ')}) k`,
        { bind: { ...ws, prefix: `${qWords[last]}%` }, type: QueryTypes.SELECT },
      );
      if (Number(known[0]?.n) === qWords.length) return { suspect: false, alternatives: null };
      terms = (
        await this.db.sequelize.query<{ term: string }>(
          `SELECT word AS term FROM search_words
            WHERE length(word) BETWEEN $min AND $max
              AND (${qWords.map((_, i) => `levenshtein_less_equal(word, $w${i}, 2) <= 2`).join(' OR ')})`,
          { bind: { min, max, ...ws }, type: QueryTypes.SELECT },
        )
      ).map((v) => v.term);
    } else {
      const vocab = await this.db.sequelize.query<{ term: string }>(`SELECT term FROM ${TARGETS[kind].table}_fts_vocab WHERE length(term) BETWEEN :min AND :max`, {
        replacements: { min, max: Math.max(max, 64) },
        type: QueryTypes.SELECT,
      });
      terms = vocab.map((v) => v.term);
      const known = qWords.every((w, i) => terms.some((t) => t === w || (i === last && t.startsWith(w))));
      if (known) return { suspect: false, alternatives: null };
    }
    const result: string[][] = [];
    for (const w of qWords) {
      const k = allowedEdits(w);
      const close = terms.filter((t) => t === w || (k > 0 && damerau(t, w, k) <= k));
      if (close.length === 0) return { suspect: true, alternatives: null };
      result.push(close.slice(0, 20));
    }
    return { suspect: true, alternatives: result };
  }
}

/** Words are letters and digits only (see words()), so quoting them is enough. */
function tsquery(alternatives: string[][], prefixLast: boolean): string {
  return alternatives
    .map((alts, i) => `(${alts.map((w) => `'${w}'${prefixLast && i === alternatives.length - 1 ? ':*' : ''}`).join(' | ')})`)
    .join(' & ');
}
