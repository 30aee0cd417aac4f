/**
 * Okapi BM25 (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond",
 * 2009), with the non-negative IDF of Lucene. Scorers are small and pure, after MiniSearch's
 * `calcBM25Score`.
 */

export interface Bm25Params {
  readonly k1: number;
  readonly b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

/** IDF of a term found in `df` of `n` items: ln(1 + (n - df + 0.5) / (df + 0.5)). */
export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** BM25 contribution of one term to one item. */
export function bm25Term(tf: number, termIdf: number, length: number, avgLength: number, params = DEFAULT_BM25): number {
  if (tf <= 0) return 0;
  const norm = 1 - params.b + params.b * (avgLength > 0 ? length / avgLength : 1);
  return (termIdf * (tf * (params.k1 + 1))) / (tf + params.k1 * norm);
}

/** Term statistics of a set of items: document frequency per term, item count, total length. */
export interface TermStats {
  readonly df: ReadonlyMap<string, number>;
  readonly count: number;
  readonly totalLength: number;
}

/** Statistics being counted (`addToStats`). */
export interface CountingStats extends TermStats {
  readonly df: Map<string, number>;
  count: number;
  totalLength: number;
}

export function emptyStats(): CountingStats {
  return { df: new Map(), count: 0, totalLength: 0 };
}

/** Adds items (their term frequencies and lengths) to statistics. */
export function addToStats(stats: CountingStats, items: readonly ReadonlyMap<string, number>[], lengths: ArrayLike<number>): void {
  items.forEach((tf, i) => {
    for (const term of tf.keys()) stats.df.set(term, (stats.df.get(term) ?? 0) + 1);
    stats.totalLength += lengths[i] ?? 0;
  });
  stats.count += items.length;
}

/**
 * Document frequencies summed over disjoint parts, looked up term by term: a question needs a
 * few terms' frequencies, so the parts' maps (thousands of terms each) are not merged unless
 * somebody iterates.
 */
class MergedDf implements ReadonlyMap<string, number> {
  private merged: Map<string, number> | undefined;
  constructor(private readonly parts: readonly ReadonlyMap<string, number>[]) {}

  get(term: string): number | undefined {
    if (this.merged) return this.merged.get(term);
    let total: number | undefined;
    for (const part of this.parts) {
      const df = part.get(term);
      if (df !== undefined) total = (total ?? 0) + df;
    }
    return total;
  }

  has(term: string): boolean {
    return this.get(term) !== undefined;
  }

  private all(): Map<string, number> {
    if (this.merged === undefined) {
      const merged = new Map<string, number>();
      for (const part of this.parts) for (const [term, df] of part) merged.set(term, (merged.get(term) ?? 0) + df);
      this.merged = merged;
    }
    return this.merged;
  }

  get size(): number {
    return this.all().size;
  }

  entries(): MapIterator<[string, number]> {
    return this.all().entries();
  }

  keys(): MapIterator<string> {
    return this.all().keys();
  }

  values(): MapIterator<number> {
    return this.all().values();
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (const [term, df] of this.all()) callback.call(thisArg, df, term, this);
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

/** Merges several statistics (document frequencies add up across disjoint item sets). */
export function mergeStats(parts: readonly TermStats[]): TermStats {
  if (parts.length === 1 && parts[0]) return parts[0];
  let count = 0;
  let totalLength = 0;
  for (const part of parts) {
    count += part.count;
    totalLength += part.totalLength;
  }
  return { df: new MergedDf(parts.map((p) => p.df)), count, totalLength };
}

/** A query: its distinct terms with their IDF under some statistics. */
export interface WeightedQuery {
  readonly terms: readonly string[];
  readonly idf: Float64Array;
}

export function weightQuery(terms: readonly string[], stats: TermStats): WeightedQuery {
  const distinct = [...new Set(terms)];
  const weights = new Float64Array(distinct.length);
  distinct.forEach((term, i) => (weights[i] = idf(stats.df.get(term) ?? 0, stats.count)));
  return { terms: distinct, idf: weights };
}

/** BM25 of one item for a weighted query. */
export function bm25(
  query: WeightedQuery,
  tf: ReadonlyMap<string, number>,
  length: number,
  avgLength: number,
  params = DEFAULT_BM25,
): number {
  let score = 0;
  for (let i = 0; i < query.terms.length; i++) {
    const f = tf.get(query.terms[i] as string);
    if (f) score += bm25Term(f, query.idf[i] as number, length, avgLength, params);
  }
  return score;
}
