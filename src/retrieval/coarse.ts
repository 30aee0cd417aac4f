/**
 * The coarse stage of a collection question (coarse-to-fine, after HISA/HiP: score blocks
 * cheaply, refine only inside the best): BM25 over every leaf of the store through the lexical
 * index's postings, pooled per document by its best leaves; the walk then opens only the best
 * documents. Cost grows with the postings of the question's terms, not with the collection.
 */
import { analyze } from "../core/analyze.js";
import type { DocId } from "../core/ids.js";
import type { Store } from "../store/spec.js";
import type { Query } from "./query.js";
import { bm25Term, DEFAULT_BM25, idf } from "./bm25.js";

export interface CoarseOptions {
  /** At most this many documents are opened. */
  readonly maxDocs: number;
  /** A document is opened only if its score is at least this share of the best one's. */
  readonly ratio: number;
  /** A document's score: its best leaf plus this weight times its second best (two strong passages beat one). */
  readonly second: number;
  /** Weight of the question's terms found in a document's title (questions often name their document's subject). */
  readonly title: number;
}

export const DEFAULT_COARSE: CoarseOptions = { maxDocs: 16, ratio: 0.5, second: 0.5, title: 1 };

export interface ScoredDocument {
  readonly docId: DocId;
  readonly score: number;
}

/** Every document with a score, best first (documents no question term reaches are left out). */
export function scoreDocuments(store: Store, question: string | Query, options: Partial<CoarseOptions> = {}): ScoredDocument[] {
  const { second, title } = { ...DEFAULT_COARSE, ...options };
  const scope = { levels: [0] };
  const stats = store.lexicalStats(scope);
  if (stats.nodes === 0) return [];
  const avgLength = stats.totalLength / stats.nodes;
  const leafScore = new Map<string, { docId: DocId; score: number }>();
  const termIdfs = new Map<string, number>();
  for (const term of new Set(typeof question === "string" ? analyze(question) : question.terms)) {
    const postings = store.postings(term, scope);
    const termIdf = idf(postings.length, stats.nodes);
    termIdfs.set(term, termIdf);
    for (const p of postings) {
      const s = bm25Term(p.tf, termIdf, p.length, avgLength, DEFAULT_BM25);
      const entry = leafScore.get(p.nodeId);
      if (entry) entry.score += s;
      else leafScore.set(p.nodeId, { docId: p.docId, score: s });
    }
  }
  const best = new Map<DocId, [number, number]>();
  for (const { docId, score } of leafScore.values()) {
    const top = best.get(docId) ?? [0, 0];
    if (score > top[0]) best.set(docId, [score, top[0]]);
    else if (score > top[1]) best.set(docId, [top[0], score]);
    else best.set(docId, top);
  }
  const titleScore = new Map<DocId, number>();
  if (title > 0) {
    for (const doc of store.listDocuments()) {
      let s = 0;
      for (const term of new Set(analyze(doc.title))) s += termIdfs.get(term) ?? 0;
      if (s > 0) titleScore.set(doc.docId, s);
    }
  }
  for (const docId of titleScore.keys()) if (!best.has(docId)) best.set(docId, [0, 0]);
  return [...best.entries()]
    .map(([docId, [a, b]]) => ({ docId, score: a + second * b + title * (titleScore.get(docId) ?? 0) }))
    .sort((x, y) => y.score - x.score || (x.docId < y.docId ? -1 : 1));
}

/** The documents worth opening for a question. */
export function selectDocuments(store: Store, question: string | Query, options: Partial<CoarseOptions> = {}): ScoredDocument[] {
  const { maxDocs, ratio } = { ...DEFAULT_COARSE, ...options };
  const scored = scoreDocuments(store, question, options);
  const top = scored[0]?.score ?? 0;
  return scored.filter((d) => d.score >= ratio * top).slice(0, maxDocs);
}
