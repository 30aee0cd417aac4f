/**
 * `lego-graphrag`: the subgraph-extraction + path-retrieval pipeline of LEGO-GraphRAG (Cao et al.
 * 2024, "LEGO-GraphRAG: modularizing graph-based retrieval-augmented generation"), with its
 * model-free modules: (1) subgraph extraction by query-seeded personalised PageRank
 * (retrieval/ppr.ts over the documents' sentences, seeded by their BM25; a leaf's mass is its
 * best sentence's), keeping the `subgraph` leaves of most mass; (2) path retrieval by beam search
 * over the leaf graph (leaf-graph.ts) inside that subgraph: width `width` (8), at most
 * `maxNeighbours` (32) neighbours expanded per path end, at most `hops` edges, each path scored
 * by BM25 of the question against the path (each term credited with its best leaf on the path, so a
 * path that covers terms its first leaf lacks beats that leaf alone). Reading: the leaves of the best paths, best path
 * first, then the rest of the subgraph by PPR, then every other leaf by BM25, until the budget.
 * Departure: no knowledge graph of triples and no model rescoring; nodes are the leaves.
 */
import type { DocId } from "../../index.js";
import { analyze } from "../../index.js";
import { bm25, bm25Term, buildDocUnits, DEFAULT_BM25, mergeStats, personalisedPageRank, weightQuery, type DocUnits, type WeightedQuery } from "../../internal.js";
import type { EvalQuestion } from "../dataset.js";
import type { Corpus } from "./corpus.js";
import { buildLeafGraph, type LeafGraph } from "./leaf-graph.js";
import { stepTokens, type Method, type PreparedMethod, type Reading } from "./method.js";
import { fillBudget, UnitIndex, type RankUnit } from "./unit-index.js";

export interface LegoOptions {
  /** Leaves kept by the PPR subgraph extraction. */
  readonly subgraph: number;
  /** Beam width. */
  readonly width: number;
  /** Neighbours expanded per path end, heaviest edges first. */
  readonly maxNeighbours: number;
  /** Longest path, in edges. */
  readonly hops: number;
}

export const DEFAULT_LEGO: LegoOptions = { subgraph: 64, width: 8, maxNeighbours: 32, hops: 3 };

/** A path's leaves (global indexes) and its BM25 score. */
export interface ScoredPath {
  readonly nodes: readonly number[];
  readonly score: number;
}

/**
 * BM25 of the question against a path: each question term is credited with its best BM25 term
 * score on any leaf of the path, so a leaf that adds no term adds nothing (a shorter path wins
 * the tie) and a leaf that adds the second hop's terms raises the score.
 */
export function pathScore(index: UnitIndex<RankUnit>, query: WeightedQuery, nodes: readonly number[], avgLength: number): number {
  let score = 0;
  query.terms.forEach((t, k) => {
    let best = 0;
    for (const g of nodes) {
      const tf = index.termsOf(g).get(t) ?? 0;
      if (tf > 0) best = Math.max(best, bm25Term(tf, query.idf[k]!, index.lengthOf(g), avgLength, DEFAULT_BM25));
    }
    score += best;
  });
  return score;
}

/**
 * Beam search over paths inside `allowed`, starting from every allowed leaf: every path that
 * was ever in the beam, best first (shorter first on ties).
 */
export function beamPaths(index: UnitIndex<RankUnit>, graph: LeafGraph, query: WeightedQuery, allowed: ReadonlySet<number>, avgLength: number, options: LegoOptions = DEFAULT_LEGO): ScoredPath[] {
  const order = (a: ScoredPath, b: ScoredPath) => b.score - a.score || a.nodes.length - b.nodes.length || a.nodes[0]! - b.nodes[0]!;
  const seen = new Map<string, ScoredPath>();
  const keep = (paths: ScoredPath[]) => {
    const beam = paths.sort(order).slice(0, options.width);
    for (const p of beam) seen.set(p.nodes.join(","), p);
    return beam;
  };
  let beam = keep([...allowed].map((g) => ({ nodes: [g], score: pathScore(index, query, [g], avgLength) })));
  for (let hop = 0; hop < options.hops; hop++) {
    const pool = [...beam];
    for (const path of beam) {
      const end = path.nodes[path.nodes.length - 1]!;
      const next = graph[end]!.filter((e) => allowed.has(e.to) && !path.nodes.includes(e.to)).slice(0, options.maxNeighbours);
      for (const e of next) {
        const nodes = [...path.nodes, e.to];
        if (!seen.has(nodes.join(","))) pool.push({ nodes, score: pathScore(index, query, nodes, avgLength) });
      }
    }
    const before = beam.map((p) => p.nodes.join(",")).join(";");
    beam = keep(pool);
    if (beam.map((p) => p.nodes.join(",")).join(";") === before) break; // no expansion beat the beam
  }
  return [...seen.values()].sort(order);
}

/** A leaf's PPR mass: its best sentence's, per global leaf index. */
function leafMass(views: readonly DocUnits[], leafBase: ReadonlyMap<DocId, number>, question: string): Map<number, number> {
  const stats = mergeStats(views.map((v) => v.sentenceStats));
  const query = weightQuery(analyze(question), stats);
  const avg = stats.count > 0 ? stats.totalLength / stats.count : 1;
  const seed = views.map((v) => Float32Array.from(v.units, (u, i) => (u.level === 0 ? bm25(query, v.unitTf[i]!, v.unitLength[i]!, avg, DEFAULT_BM25) : 0)));
  const mass = personalisedPageRank(views, seed);
  const out = new Map<number, number>();
  views.forEach((v, k) => {
    const base = leafBase.get(v.docId)!;
    v.units.forEach((u, i) => {
      const g = base + u.node;
      out.set(g, Math.max(out.get(g) ?? 0, mass[k]![i]!));
    });
  });
  return out;
}

/** The leaves in reading order for a question (see the file's comment). */
export function legoOrder(index: UnitIndex<RankUnit>, graph: LeafGraph, views: ReadonlyMap<DocId, DocUnits>, leafBase: ReadonlyMap<DocId, number>, question: string, scope: readonly DocId[] | undefined, options: LegoOptions = DEFAULT_LEGO): number[] {
  const docs = scope ?? [...views.keys()];
  const mass = leafMass(docs.map((d) => views.get(d)!), leafBase, question);
  const ranked = index.rank(question, scope);
  const rank = new Map(ranked.map((g, r) => [g, r]));
  const byMass = [...mass.entries()].filter(([, m]) => m > 0).sort((a, b) => b[1] - a[1] || rank.get(a[0])! - rank.get(b[0])!);
  const allowed = new Set(byMass.slice(0, options.subgraph).map(([g]) => g));
  const stats = index.statsOf(scope);
  const avg = stats.count > 0 ? stats.totalLength / stats.count : 1;
  const paths = beamPaths(index, graph, weightQuery(analyze(question), stats), allowed, avg, options);
  const order: number[] = [];
  const taken = new Set<number>();
  const take = (g: number) => {
    if (!taken.has(g)) {
      taken.add(g);
      order.push(g);
    }
  };
  for (const p of paths) for (const g of p.nodes) take(g);
  for (const [g] of byMass) if (allowed.has(g)) take(g);
  for (const g of ranked) take(g);
  return order;
}

export const legoGraphRag: Method = {
  name: "lego-graphrag",
  kind: "budget",
  description: "LEGO-GraphRAG style: query-seeded PPR subgraph (64 leaves), then beam search (width 8, 32 neighbours, 3 hops) over leaf paths scored by BM25",
  prepare(corpus: Corpus): Promise<PreparedMethod> {
    const units: RankUnit[] = [];
    const leafBase = new Map<DocId, number>();
    const views = new Map<DocId, DocUnits>();
    for (const doc of corpus.documents) {
      const leaves = corpus.leaves(doc.docId);
      leafBase.set(doc.docId, units.length);
      for (const l of leaves) units.push({ docId: doc.docId, text: l.text, spans: l.spans, tokens: l.tokens });
      views.set(doc.docId, buildDocUnits(doc, leaves, []));
    }
    const index = new UnitIndex(units);
    const graph = buildLeafGraph(index);
    return Promise.resolve({
      read(question: EvalQuestion, scope: readonly DocId[] | undefined, budgets: readonly number[]): Promise<Reading[]> {
        const started = performance.now();
        const order = legoOrder(index, graph, views, leafBase, question.question, scope);
        const ms = performance.now() - started;
        return Promise.resolve(
          budgets.map((budget) => {
            const steps = fillBudget(order, (g) => index.units[g]!.tokens, budget).map((g) => ({ docId: index.units[g]!.docId, spans: index.units[g]!.spans, tokens: index.units[g]!.tokens }));
            return { steps, tokens: stepTokens(steps), ms, stop: "budget" };
          }),
        );
      },
    });
  },
};
