/**
 * BM25 ranking of reading units (leaves, sentences, tree nodes) for the baselines: Okapi BM25
 * (Robertson & Zaragoza 2009) with the engine's analyzer (`core/analyze`: Unicode words, stop
 * words, light stemming) and the engine's BM25 scorer and defaults, so baselines and Pecan
 * see the same terms. Statistics are per document and merged over the documents a question
 * may read, so IDF is that of the scope (one document, or the whole collection).
 */
import { analyze, type DocId, type Span } from "../../index.js";
import type { Corpus } from "./corpus.js";
import { termFrequencies } from "../../internal.js";
import { addToStats, bm25, DEFAULT_BM25, emptyStats, mergeStats, weightQuery, type Bm25Params, type CountingStats, type TermStats, type WeightedQuery } from "../../internal.js";

/** A unit that can be ranked and read. */
export interface RankUnit {
  readonly docId: DocId;
  readonly text: string;
  readonly spans: readonly Span[];
  readonly tokens: number;
}

interface DocPart {
  readonly units: number[];
  readonly stats: CountingStats;
}

/** Units of several documents with their term statistics. */
export class UnitIndex<U extends RankUnit> {
  readonly units: readonly U[];
  private readonly tf: ReadonlyMap<string, number>[];
  private readonly length: Uint32Array;
  private readonly parts = new Map<DocId, DocPart>();
  private allStats: TermStats | undefined;

  constructor(
    units: readonly U[],
    private readonly params: Bm25Params = DEFAULT_BM25,
  ) {
    this.units = units;
    this.tf = units.map((u) => termFrequencies(u.text));
    this.length = Uint32Array.from(this.tf, (tf) => {
      let n = 0;
      for (const v of tf.values()) n += v;
      return n;
    });
    units.forEach((u, i) => {
      let part = this.parts.get(u.docId);
      if (!part) {
        part = { units: [], stats: emptyStats() };
        this.parts.set(u.docId, part);
      }
      part.units.push(i);
    });
    for (const part of this.parts.values()) {
      addToStats(
        part.stats,
        part.units.map((i) => this.tf[i] as ReadonlyMap<string, number>),
        part.units.map((i) => this.length[i] as number),
      );
    }
  }

  /** Indexes of the units in `scope` (all units without it), in index order. */
  unitsOf(scope: readonly DocId[] | undefined): number[] {
    if (scope === undefined) return this.units.map((_, i) => i);
    return scope.flatMap((d) => this.parts.get(d)?.units ?? []);
  }

  /** Term statistics of the units in `scope` (all units without it). */
  statsOf(scope: readonly DocId[] | undefined): TermStats {
    if (scope === undefined) {
      this.allStats ??= mergeStats([...this.parts.values()].map((p) => p.stats));
      return this.allStats;
    }
    return mergeStats(scope.flatMap((d) => this.parts.get(d)?.stats ?? []));
  }

  /**
   * The units of `scope` by BM25 score for the question, best first; ties (and units that
   * match no term) keep index order, which is document order.
   */
  rank(question: string, scope: readonly DocId[] | undefined): number[] {
    return this.rankQuery(weightQuery(analyze(question), this.statsOf(scope)), scope);
  }

  /** Term frequencies of unit `i`. */
  termsOf(i: number): ReadonlyMap<string, number> {
    return this.tf[i] as ReadonlyMap<string, number>;
  }

  /** Analyzed length of unit `i`. */
  lengthOf(i: number): number {
    return this.length[i] as number;
  }

  /** As `rank`, for a query already weighted (its `idf` may carry term weights too). */
  rankQuery(query: WeightedQuery, scope: readonly DocId[] | undefined): number[] {
    const stats = this.statsOf(scope);
    const avg = stats.count > 0 ? stats.totalLength / stats.count : 1;
    const candidates = this.unitsOf(scope);
    const scores = new Float64Array(this.units.length);
    for (const i of candidates) scores[i] = bm25(query, this.tf[i] as ReadonlyMap<string, number>, this.length[i] as number, avg, this.params);
    return candidates.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  }
}

/**
 * Greedy filling of a budget in rank order: a unit that does not fit is skipped and the next
 * one that fits is taken; `skip` can refuse units (e.g. nothing new to read).
 * @example fillBudget([2, 0, 1], (i) => [300, 300, 250][i], 600) // [2, 0]
 */
export function fillBudget(
  ranked: readonly number[],
  tokensOf: (i: number) => number,
  budget: number,
  skip?: (i: number, taken: readonly number[]) => boolean,
): number[] {
  const taken: number[] = [];
  let used = 0;
  for (const i of ranked) {
    const t = tokensOf(i);
    if (used + t > budget) continue;
    if (skip?.(i, taken)) continue;
    taken.push(i);
    used += t;
  }
  return taken;
}

/** A BM25 index over every leaf of the corpus (the unit of the leaf-level methods). */
export function leafIndexOf(corpus: Corpus): UnitIndex<RankUnit> {
  return new UnitIndex<RankUnit>(
    corpus.documents.flatMap((d) => corpus.leaves(d.docId).map((leaf) => ({ docId: d.docId, text: leaf.text, spans: leaf.spans, tokens: leaf.tokens }))),
  );
}
