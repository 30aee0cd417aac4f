/**
 * The coarse stage of a collection question (coarse-to-fine, after HISA/HiP: score blocks
 * cheaply, refine only inside the best): BM25 over every leaf of the store through the lexical
 * index's postings, pooled per document by its best leaves; the walk then opens only the best
 * documents. Cost grows with the postings of the question's terms, not with the collection.
 */
import { analyze } from "../core/analyze.js";
import type { DocId } from "../core/ids.js";
import type { CoarseTop, Store } from "../store/spec.js";
import type { Query } from "./query.js";
import { DEFAULT_BM25 } from "./bm25.js";

export interface CoarseOptions {
  /** At most this many documents are opened. */
  readonly maxDocs: number;
  /** A document is opened only if its score is at least this share of the best one's. */
  readonly ratio: number;
  /** A document's score: its best leaf plus this weight times its second best (two strong passages beat one). */
  readonly second: number;
  /** Weight of the question's terms found in a document's title (questions often name their document's subject). */
  readonly title: number;
  /**
   * The fine stage's budget: documents are opened best first while their tokens together stay
   * within it (the best one always opens), so a generic question over 16 long filings costs
   * what one over a few does. Infinity (the default): no budget. At 200,000 tokens it cost cuad's
   * collection questions 3 and 10 points of recall at 1,000 and 4,000 tokens and gave
   * financebench 5 and 4 (docs/design-notes.md, "Cold start"), so it is a latency knob, off.
   */
  readonly viewTokens: number;
}

export const DEFAULT_COARSE: CoarseOptions = { maxDocs: 16, ratio: 0.5, second: 0.5, title: 1, viewTokens: Number.POSITIVE_INFINITY };

export interface ScoredDocument {
  readonly docId: DocId;
  readonly score: number;
}

/**
 * Every document with a score, best first (documents no question term reaches are left out).
 * The store computes the BM25 figures (`Store.coarseScores`: in SQL on PostgreSQL). With `top`,
 * the store may leave out documents that selection cannot pick (`CoarseQuery.top`).
 */
export async function scoreDocuments(store: Store, question: string | Query, options: Partial<CoarseOptions> = {}, top?: CoarseTop): Promise<ScoredDocument[]> {
  const { second, title } = { ...DEFAULT_COARSE, ...options };
  const terms = [...new Set(typeof question === "string" ? analyze(question) : question.terms)];
  const rows = await store.coarseScores({ terms, k1: DEFAULT_BM25.k1, b: DEFAULT_BM25.b, ...(top !== undefined ? { top } : {}) });
  return rows
    .filter((row) => row.first > 0 || row.second > 0 || (title > 0 && row.titleIdf > 0))
    .map((row) => ({ docId: row.docId, score: row.first + second * row.second + (title > 0 ? title * row.titleIdf : 0) }))
    .sort((x, y) => y.score - x.score || (x.docId < y.docId ? -1 : 1));
}

/** The documents worth opening for a question. */
export async function selectDocuments(store: Store, question: string | Query, options: Partial<CoarseOptions> = {}): Promise<ScoredDocument[]> {
  const { maxDocs, ratio, viewTokens, second, title } = { ...DEFAULT_COARSE, ...options };
  // The store needs only the documents this selection can pick (PostgreSQL prunes by bounds).
  const scored = await scoreDocuments(store, question, options, { k: maxDocs, ratio, second, title: Math.max(title, 0) });
  const top = scored[0]?.score ?? 0;
  const chosen = scored.filter((d) => d.score >= ratio * top).slice(0, maxDocs);
  if (!Number.isFinite(viewTokens) || chosen.length <= 1) return chosen;
  const tokens = new Map((await store.listDocuments(chosen.map((d) => d.docId))).map((s) => [s.docId, s.tokens]));
  let total = 0;
  return chosen.filter((d, i) => {
    total += tokens.get(d.docId) ?? 0;
    return i === 0 || total <= viewTokens;
  });
}
