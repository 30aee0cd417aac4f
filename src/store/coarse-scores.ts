/**
 * The coarse stage's scoring for stores that hold their postings in this process's reach (the
 * in-memory and SQLite stores): BM25 of every leaf a question term reaches, pooled per document
 * into its two best leaves, and the IDF of question terms in each document's title. The
 * PostgreSQL store computes the same figures in one SQL statement. The formula is the one of
 * `retrieval/bm25.ts` (Lucene's non-negative IDF), repeated here because the store layer sits
 * below retrieval; `retrieval/coarse.test.ts` checks that both agree.
 */
import type { DocId } from "../core/ids.js";
import type { CoarseQuery, CoarseRow, LexicalStats } from "./spec.js";

/** A leaf holding a term, as the coarse stage needs it: any key unique to the leaf. */
export interface CoarsePosting {
  readonly node: number | string;
  readonly docId: DocId;
  readonly length: number;
  readonly tf: number;
}

/** IDF of a term in `df` of `n` items: ln(1 + (n - df + 0.5) / (df + 0.5)). */
export function leafIdf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** BM25 of one term in one leaf. */
export function leafBm25(tf: number, termIdf: number, length: number, avgLength: number, k1: number, b: number): number {
  if (tf <= 0) return 0;
  const norm = 1 - b + b * (avgLength > 0 ? length / avgLength : 1);
  return (termIdf * (tf * (k1 + 1))) / (tf + k1 * norm);
}

/** What `coarseRows` reads from a store. */
export interface CoarseSource {
  /** Statistics of leaves (level 0). */
  readonly stats: LexicalStats;
  /** Postings of a term among leaves. */
  readonly postings: (term: string) => readonly CoarsePosting[];
  /** Documents whose analyzed title holds the term. */
  readonly titleDocs: (term: string) => readonly DocId[];
}

/** The coarse rows of a query, from postings (see `Store.coarseScores`). */
export function coarseRows(query: CoarseQuery, source: CoarseSource): CoarseRow[] {
  const { stats } = source;
  if (stats.nodes === 0) return [];
  const avgLength = stats.totalLength / stats.nodes;
  const leafScore = new Map<number | string, { docId: DocId; score: number }>();
  const rows = new Map<DocId, { first: number; second: number; titleIdf: number }>();
  const row = (docId: DocId): { first: number; second: number; titleIdf: number } => {
    let r = rows.get(docId);
    if (r === undefined) rows.set(docId, (r = { first: 0, second: 0, titleIdf: 0 }));
    return r;
  };
  for (const term of new Set(query.terms)) {
    const postings = source.postings(term);
    const termIdf = leafIdf(postings.length, stats.nodes);
    for (const p of postings) {
      const s = leafBm25(p.tf, termIdf, p.length, avgLength, query.k1, query.b);
      const entry = leafScore.get(p.node);
      if (entry) entry.score += s;
      else leafScore.set(p.node, { docId: p.docId, score: s });
    }
    for (const docId of source.titleDocs(term)) row(docId).titleIdf += termIdf;
  }
  for (const { docId, score } of leafScore.values()) {
    const r = row(docId);
    if (score > r.first) {
      r.second = r.first;
      r.first = score;
    } else if (score > r.second) r.second = score;
  }
  return [...rows.entries()].map(([docId, r]) => ({ docId, ...r }));
}
