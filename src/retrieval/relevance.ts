/**
 * Direct relevance of every reading unit to a question (the `Relevance` signal, model-free tier):
 * BM25 over sentences fused with BM25 over the leaf around them (a sentence in a relevant
 * passage is more likely relevant), and for information points their own BM25 fused with the
 * weighted relevance of the nodes they summarise. All scores are scaled to [0, 1] over the view,
 * so one question's scores compare across documents. With word vectors (or an embedder), their
 * cosine similarity is fused into each unit's and leaf's own score by weight.
 */
import { bm25Term, DEFAULT_BM25, mergeStats, weightQuery, type Bm25Params, type WeightedQuery } from "./bm25.js";
import type { Query } from "./query.js";
import { personalisedPageRank } from "./ppr.js";
import type { TermUnits } from "./term-units.js";
import type { DocUnits } from "./units.js";
import { maxOf as maxOfAll } from "../core/arrays.js";

export interface RelevanceOptions {
  /** Share of a sentence's relevance that comes from its leaf (0: sentence alone). */
  readonly context: number;
  /** Share of a unit's own relevance that comes from vector similarity, when given. */
  readonly vectorWeight: number;
  readonly bm25: Bm25Params;
  /** Weight of query-seeded personalised PageRank added to each unit's relevance (0: off; ppr.ts). */
  readonly ppr: number;
  /**
   * A sentence shorter than this share of the view's mean sentence length is scored as if it
   * were that long (0 or absent: off), so a three-word line that names the page's topic does not
   * outrank the sentences that say something about it.
   */
  readonly shortFloor?: number;
  /**
   * The IDF of each term of a phrase the question quotes is multiplied by this (absent: 1): the
   * quoted phrase names what the question is about ('related to "Affiliate License-Licensee"'),
   * and the words around it ("highlight", "reviewed", "lawyer") are rare in the document without
   * being its subject.
   */
  readonly quotedTerms?: number;
}

export const DEFAULT_RELEVANCE: RelevanceOptions = { context: 0.35, vectorWeight: 0.3, bm25: DEFAULT_BM25, ppr: 0, quotedTerms: 2 };

/** The cap, in tokens, from which relevance takes personalised PageRank (`relevanceFor`). */
export const PPR_FROM = 2000;
/** The PPR weight under a cap of `PPR_FROM` tokens up to `PPR_LARGE_FROM`. */
export const PPR_MID = 0.25;
/** The cap, in tokens, from which the PPR weight is `PPR_LARGE`. */
export const PPR_LARGE_FROM = 4000;
/** The PPR weight under a cap of `PPR_LARGE_FROM` tokens or more. */
export const PPR_LARGE = 0.5;

/**
 * The relevance options a walk under a cap of `budget` tokens uses by default: from `PPR_FROM`
 * tokens on, query-seeded PageRank joins (weight `PPR_MID`, then `PPR_LARGE` from
 * `PPR_LARGE_FROM`). Under a large cap the walk reads past the sentences that match the
 * question, and PageRank's mass along shared rare terms and neighbours ranks that further
 * reading better; under a small one it spreads the budget over the topic before anything is
 * read (docs/design-notes.md).
 * @example relevanceFor(8000).ppr // 0.5
 */
export function relevanceFor(budget: number): Partial<RelevanceOptions> {
  if (budget >= PPR_LARGE_FROM) return { ppr: PPR_LARGE };
  return budget >= PPR_FROM ? { ppr: PPR_MID } : {};
}

/** A unit of the view: document `doc` (index into the view), unit `unit` (index into its units). */
export interface UnitRef {
  readonly doc: number;
  readonly unit: number;
}

/** How many of the most relevant units `Relevance.top` keeps. */
export const TOP_UNITS = 5;

/** Relevance per document of the view: per unit and per node, in [0, 1]. */
export interface Relevance {
  readonly unit: readonly Float32Array[];
  readonly node: readonly Float32Array[];
  /** The analyzed question terms. */
  readonly terms: readonly string[];
  /** The question's distinct terms weighted by IDF over the view's sentences. */
  readonly sentenceQuery: WeightedQuery;
  /** The best unit relevance of the view (0 for an empty view). */
  readonly best: number;
  /** The `TOP_UNITS` most relevant units, best first (ties: document, then unit order). */
  readonly top: readonly UnitRef[];
}

/**
 * BM25 of `count` items of a document, summed term by term over the items that hold each query
 * term (`holders`, with their counts); the rest score 0. Per item the terms are added in the
 * query's order in double precision, as `bm25` adds them, so the scores are the same.
 */
export function bm25ByTerm(count: number, holders: TermUnits, lengths: Uint32Array, query: WeightedQuery, avgLength: number, params: Bm25Params, minLength = 0): Float32Array {
  const sum = new Float64Array(count);
  for (let t = 0; t < query.terms.length; t++) {
    const term = query.terms[t] as string;
    const termIdf = query.idf[t] as number;
    const items = holders.unitsWith(term);
    const counts = holders.countsWith(term);
    for (let j = 0; j < items.length; j++) {
      const i = items[j] as number;
      sum[i]! += bm25Term(counts[j] as number, termIdf, Math.max(minLength, lengths[i] as number), avgLength, params);
    }
  }
  return Float32Array.from(sum);
}

export function scoreRelevance(
  view: readonly DocUnits[],
  query: Query,
  options: Partial<RelevanceOptions> = {},
  similarity?: readonly Float32Array[],
): Relevance {
  const { context, vectorWeight, bm25: params, ppr, shortFloor = 0, quotedTerms = 1 } = { ...DEFAULT_RELEVANCE, ...options };
  const terms = query.terms;
  const sentenceStats = mergeStats(view.map((d) => d.sentenceStats));
  const leafStats = mergeStats(view.map((d) => d.leafStats));
  const qSent = emphasise(weightQuery(terms, sentenceStats), query, quotedTerms);
  const qLeaf = emphasise(weightQuery(terms, leafStats), query, quotedTerms);
  const avgSent = sentenceStats.count > 0 ? sentenceStats.totalLength / sentenceStats.count : 1;
  const avgLeaf = leafStats.count > 0 ? leafStats.totalLength / leafStats.count : 1;

  // Sentence units, and leaves (the nodes' transpose holds leaves only; other levels score 0).
  const rawUnit = view.map((d) => bm25ByTerm(d.unitLevel.length, d.termUnits, d.unitLength, qSent, avgSent, params, shortFloor * avgSent));
  const rawLeaf = view.map((d) => bm25ByTerm(d.nodes.length, d.termNodes, d.nodeLength, qLeaf, avgLeaf, params));
  const maxUnit = Math.max(1e-9, maxOfAll(rawUnit.map(maxOf)));
  const maxLeaf = Math.max(1e-9, maxOfAll(rawLeaf.map(maxOf)));

  const unit: Float32Array[] = [];
  const node: Float32Array[] = [];
  view.forEach((d, k) => {
    const ru = rawUnit[k]!;
    const rl = rawLeaf[k]!;
    // Fuse vector similarity into the units' own scores (still on the BM25 scale) and the leaves'.
    const sim = similarity?.[k];
    if (sim) {
      for (let u = 0; u < ru.length; u++) ru[u] = (1 - vectorWeight) * ru[u]! + vectorWeight * maxUnit * sim[u]!;
      const leafSim = new Float32Array(d.nodes.length);
      for (let n = 0; n < d.nodes.length; n++) {
        for (let u = d.unitStart[n]!; u < d.unitEnd[n]!; u++) leafSim[n] = Math.max(leafSim[n]!, sim[u]!);
      }
      for (let n = 0; n < d.nodes.length; n++) if (d.nodes.level(n) === 0) rl[n] = (1 - vectorWeight) * rl[n]! + vectorWeight * maxLeaf * leafSim[n]!;
    }
    const nodeRel = new Float32Array(d.nodes.length);
    const unitRel = new Float32Array(d.unitLevel.length);
    // Nodes are ordered by level, so children are scored before their parents.
    for (let i = 0; i < d.nodes.length; i++) {
      const level = d.nodes.level(i);
      if (level === 0) {
        nodeRel[i] = rl[i]! / maxLeaf;
        continue;
      }
      let below = 0;
      for (let e = d.childOffsets[i]!; e < d.childOffsets[i + 1]!; e++) below += d.childWeights[e]! * nodeRel[d.childTargets[e]!]!;
      const own = ru[d.unitStart[i]!]! / maxUnit;
      nodeRel[i] = (1 - context) * own + context * below;
    }
    for (let u = 0; u < d.unitLevel.length; u++) {
      const owner = d.unitNode[u]!;
      unitRel[u] = d.unitLevel[u] === 0 ? (1 - context) * (ru[u]! / maxUnit) + context * nodeRel[owner]! : nodeRel[owner]!;
    }
    unit.push(unitRel);
    node.push(nodeRel);
  });
  if (ppr > 0) {
    const mass = personalisedPageRank(view, unit);
    unit.forEach((rel, k) => {
      const m = mass[k]!;
      for (let u = 0; u < rel.length; u++) rel[u] = (rel[u]! + ppr * m[u]!) / (1 + ppr);
    });
  }
  const ranked = topUnits(unit, TOP_UNITS);
  return { unit, node, terms, sentenceQuery: qSent, best: ranked[0]?.r ?? 0, top: ranked.map(({ doc, unit: u }) => ({ doc, unit: u })) };
}

/** `q` with the IDF of the terms of the question's quoted phrases multiplied by `factor`. */
function emphasise(q: WeightedQuery, query: Query, factor: number): WeightedQuery {
  if (factor === 1 || !query.quoted) return q;
  const quoted = new Set(query.quoted.flat());
  return { terms: q.terms, idf: q.idf.map((x, i) => (quoted.has(q.terms[i]!) ? x * factor : x)) };
}

/** The `n` most relevant units, best first, ties broken by document and unit order. */
function topUnits(unit: readonly Float32Array[], n: number): { doc: number; unit: number; r: number }[] {
  const top: { doc: number; unit: number; r: number }[] = [];
  unit.forEach((rel, doc) => {
    for (let u = 0; u < rel.length; u++) {
      const r = rel[u]!;
      if (top.length === n && r <= top[n - 1]!.r) continue;
      top.push({ doc, unit: u, r });
      top.sort((a, b) => b.r - a.r || a.doc - b.doc || a.unit - b.unit);
      if (top.length > n) top.pop();
    }
  });
  return top;
}

function maxOf(values: Float32Array): number {
  let m = 0;
  for (const v of values) if (v > m) m = v;
  return m;
}
